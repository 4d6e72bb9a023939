/**
 * Local settings (`solominer settings ...`): one versioned JSON file, `<configDir>/settings.json`,
 * holding string values for the keys of SETTING_KEYS. Every value is validated when set and again when
 * read, so a hand-edited file fails loudly instead of misbehaving later.
 */
import {join} from 'node:path'

import {BITCOIN_NETWORKS, validatePayoutAddress} from '../bitcoin/address.js'
import type {AppContext} from '../context.js'
import {invalidInput} from '../errors.js'
import {readJsonDocument, updateJsonDocument} from '../storage/json-document.js'
import {redactUrl, redactUrlPassword} from '../text/redact.js'
import {refuseHiddenCharacters} from '../text/sanitize.js'

export interface SettingDefinition {
  description: string
  /** What may be shown of a secret value (default "(set)"). */
  redact?: (value: string) => string
  /** Secret values are never printed (shown as "(set)", or as `redact` has it). */
  secret: boolean
  /** Returns the normalised value, or throws an Error whose message says what is accepted. */
  validate(value: string): string
}

export const CHAIN_SOURCES = ['auto', 'node', 'mempool', 'blockchain', 'offline'] as const
/** The notification URL schemes `serve` delivers to (serve/notify/targets.ts). */
export const NOTIFY_SCHEMES = ['json', 'jsons', 'http', 'https', 'ntfy', 'ntfys', 'discord', 'tgram'] as const
export type ChainSourceKind = (typeof CHAIN_SOURCES)[number]

/** The key table. Other features add their keys here (one row each). */
export const SETTING_KEYS = {
  'api.blockchain': {
    description: 'Base URL of the blockchain.info Query API (fallback difficulty source)',
    secret: false,
    validate: httpUrl,
  },
  'api.mempool': {
    description: 'Base URL of a mempool.space-compatible API (difficulty, height, fees, prices)',
    secret: false,
    validate: httpUrl,
  },
  'mqtt.url': {
    description: 'Home Assistant MQTT broker serve publishes to, mqtt://[user:password@]host[:port] (--mqtt wins)',
    redact: redactUrl,
    secret: true,
    validate: validateMqttUrl,
  },
  'node.cookie': {
    description: 'Path of the Bitcoin Core RPC cookie file (default: found in the data directory)',
    secret: false,
    validate: nonEmpty,
  },
  'node.password': {description: 'Bitcoin Core RPC password (rpcpassword/rpcauth)', secret: true, validate: nonEmpty},
  'node.url': {description: 'Bitcoin Core JSON-RPC URL, e.g. http://127.0.0.1:8332', secret: false, validate: httpUrl},
  'node.user': {description: 'Bitcoin Core RPC user name (rpcuser/rpcauth)', secret: false, validate: nonEmpty},
  'notify.urls': {
    description: `Where serve and notify test send events: URLs separated by spaces (${NOTIFY_SCHEMES.join(', ')}; --notify wins)`,
    redact: (value) => notifyUrlList(value).map(redactUrl).join(' '),
    secret: true,
    validate: notifyUrls,
  },
  'odds.source': {
    description: `Where odds reads the network difficulty: ${CHAIN_SOURCES.join('|')}`,
    secret: false,
    validate: oneOf(CHAIN_SOURCES),
  },
  'payout.address': {
    description: 'Your payout address: switch solo and config set pool use it when --address/--user is not given',
    secret: false,
    validate: payoutAddress,
  },
} satisfies Record<string, SettingDefinition>

export type SettingKey = keyof typeof SETTING_KEYS
export type Settings = Partial<Record<SettingKey, string>>

interface SettingsDocument {
  values: Settings
  version: number
}

const SETTINGS_VERSION = 1

export function settingsPath(ctx: AppContext): string {
  return join(ctx.paths.configDir, 'settings.json')
}

export function isSettingKey(name: string): name is SettingKey {
  return Object.hasOwn(SETTING_KEYS, name)
}

/** Checks a key typed by the user; unknown keys are a usage error listing the known ones. */
export function assertSettingKey(name: string): SettingKey {
  if (isSettingKey(name)) return name
  throw invalidInput(`Unknown setting "${name}"`, `Known settings: ${Object.keys(SETTING_KEYS).join(', ')}`)
}

const emptySettings = (): SettingsDocument => ({values: {}, version: SETTINGS_VERSION})

export async function readSettings(ctx: AppContext): Promise<Settings> {
  return (await readJsonDocument(settingsPath(ctx), emptySettings(), validateDocument)).values
}

export async function getSetting(ctx: AppContext, key: SettingKey): Promise<string | undefined> {
  return (await readSettings(ctx))[key]
}

/** Changes the settings under the file's lock (other keys set meanwhile by another process are kept). */
function updateSettings<R>(ctx: AppContext, mutate: (values: Settings) => R): Promise<R> {
  return updateJsonDocument(settingsPath(ctx), emptySettings(), validateDocument, (document) => mutate(document.values), {signal: ctx.signal})
}

/** Validates, normalises and stores a value; returns what was stored. */
export async function setSetting(ctx: AppContext, key: SettingKey, value: string): Promise<string> {
  refuseHiddenCharacters(value, `value for ${key}`)
  const normalised = validateValue(key, value, (reason) => invalidInput(`Invalid value for ${key}: ${reason}`))
  await updateSettings(ctx, (values) => {
    values[key] = normalised
  })
  return normalised
}

/** Removes a key; returns false when it was not set. */
export function unsetSetting(ctx: AppContext, key: SettingKey): Promise<boolean> {
  return updateSettings(ctx, (values) => {
    if (values[key] === undefined) return false
    delete values[key]
    return true
  })
}

/** What may be shown of a value: secrets become "(set)". */
export function displayValue(key: SettingKey, value: string | undefined): string | null {
  if (value === undefined) return null
  const definition: SettingDefinition = SETTING_KEYS[key]
  if (definition.secret) return definition.redact?.(value) ?? '(set)'
  return redactUrlPassword(value)
}

function validateValue(key: SettingKey, value: string, fail: (reason: string) => Error): string {
  try {
    return SETTING_KEYS[key].validate(value)
  } catch (error) {
    throw fail((error as Error).message)
  }
}

function validateDocument(value: unknown): SettingsDocument {
  const {values} = value as {values?: unknown}
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new Error('"values" must be an object')
  }
  const settings: Settings = {}
  for (const [key, raw] of Object.entries(values)) {
    if (!isSettingKey(key)) throw new Error(`unknown setting "${key}"`)
    if (typeof raw !== 'string') throw new Error(`${key} must be a string`)
    settings[key] = validateValue(key, raw, (reason) => new Error(`${key}: ${reason}`))
  }
  return {values: settings, version: SETTINGS_VERSION}
}

function nonEmpty(value: string): string {
  const trimmed = value.trim()
  if (trimmed === '') throw new Error('it must not be empty')
  return trimmed
}

function httpUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw new Error(`"${redactUrlPassword(value)}" is not a URL (expected http://host:port or https://host)`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${redactUrlPassword(value)}" must start with http:// or https://`)
  }
  return url.href.replace(/\/+$/, '')
}

/** The URLs of a notify.urls value. */
export function notifyUrlList(value: string): string[] {
  return value.split(/[\s,]+/).filter((url) => url !== '')
}

function notifyUrls(value: string): string {
  const urls = notifyUrlList(value)
  if (urls.length === 0) throw new Error('expected one or more URLs, like ntfy://ntfy.example.org/miners')
  for (const url of urls) {
    const scheme = /^([a-z]+):\/\/\S+$/i.exec(url)?.[1]?.toLowerCase()
    if (!scheme || !(NOTIFY_SCHEMES as readonly string[]).includes(scheme)) {
      throw new Error(`"${redactUrl(url)}" is not a notify URL: expected ${NOTIFY_SCHEMES.map((name) => `${name}://`).join(', ')}`)
    }
  }
  return urls.join(' ')
}

/** mqtt:// or mqtts:// with a host. */
export function validateMqttUrl(value: string): string {
  const url = URL.canParse(value.trim()) ? new URL(value.trim()) : null
  if (!url || !['mqtt:', 'mqtts:'].includes(url.protocol) || url.hostname === '') {
    throw new Error('expected mqtt://[user:password@]host[:port] or mqtts://…')
  }
  return url.href.replace(/\/+$/, '')
}

/** A payout address on any network (the command's --network checks it again), in its canonical spelling. */
function payoutAddress(value: string): string {
  const text = value.trim()
  let mainnetProblem: unknown
  for (const network of BITCOIN_NETWORKS) {
    try {
      return validatePayoutAddress(text, network).address
    } catch (error) {
      mainnetProblem ??= error
    }
  }
  throw mainnetProblem
}

function oneOf<T extends string>(choices: readonly T[]) {
  return (value: string): string => {
    const lower = value.trim().toLowerCase()
    if (!(choices as readonly string[]).includes(lower)) throw new Error(`expected one of ${choices.join(', ')}`)
    return lower
  }
}
