/**
 * The stock Antminer miner configuration (`get_miner_conf.cgi`) in the uniform model, and the two
 * bodies `set_miner_conf.cgi` accepts, built from the full current document so that only the pools
 * change (the firmware's own web pages, /cgi-bin/get_miner_conf.cgi and set_miner_conf.cgi; request bodies captured from them):
 * - modern (S19 and later, recognised by `bitmain-work-mode`): a JSON body;
 * - legacy (S9, L3+, S17 era): a form whose fields the firmware's shell script reads by position.
 */
import {SolominerError, invalidInput} from '../../errors.js'
import {deviceString} from '../../text/sanitize.js'
import {type DeviceConfig, type PoolSetting, type PoolSlot, UNKNOWN_PASSWORD} from '../driver.js'
import {normaliseDevicePoolUrl} from '../common/cgminer-fields.js'
import type {ConfPool, MinerConf} from './web.js'

export type ConfDialect = 'legacy-form' | 'modern-json'

export const POOL_SLOT_COUNT = 3

export function confDialect(conf: MinerConf): ConfDialect {
  return 'bitmain-work-mode' in conf ? 'modern-json' : 'legacy-form'
}

export function configFromConf(conf: MinerConf): DeviceConfig {
  const fanManual = conf['bitmain-fan-ctrl'] === true
  return {
    coreVoltage: null,
    fan: {
      minPercent: null,
      mode: fanManual ? 'manual' : 'auto',
      percent: fanManual ? positiveNumber(conf['bitmain-fan-pwm']) : null,
      targetTemperature: null,
    },
    frequency: positiveNumber(conf['bitmain-freq']),
    hostname: null,
    pools: conf.pools.map((pool) => poolSlot(pool)),
  }
}

function poolSlot(pool: ConfPool): PoolSlot {
  const url = normaliseDevicePoolUrl(pool.url)
  return {passwordSet: (pool.pass ?? '') !== '', tls: url.startsWith('stratum+ssl://'), url, user: deviceString(pool.user) ?? ''}
}

function positiveNumber(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : Number.NaN
  return Number.isFinite(number) && number > 0 ? number : null
}

/**
 * The pools to write in the conf's own form, checked against what the firmware can mine on. A null
 * password keeps the one `current` has in the same slot.
 */
export function confPoolsFor(pools: PoolSetting[], current: ConfPool[] = []): ConfPool[] {
  if (pools.length === 0) throw invalidInput('At least one pool is needed')
  if (pools.length > POOL_SLOT_COUNT) throw invalidInput(`Antminer firmware keeps at most ${POOL_SLOT_COUNT} pools`)
  for (const pool of pools) {
    if (pool.url.startsWith('stratum+ssl://')) {
      throw new SolominerError('UNSUPPORTED', `Stock Antminer firmware cannot mine on a TLS pool (${pool.url})`, {
        suggestions: ['Use the pool\'s plain stratum+tcp:// port.'],
      })
    }
  }
  return pools.map((pool, index) => ({pass: pool.password ?? current[index]?.pass ?? UNKNOWN_PASSWORD, url: pool.url, user: pool.user}))
}

/** Exactly three slots, unused ones empty, as the firmware pages send (the legacy form reads by position). */
export function fillSlots(pools: ConfPool[]): ConfPool[] {
  return Array.from({length: POOL_SLOT_COUNT}, (_, index) => {
    const pool = pools[index]
    return {pass: pool?.pass ?? '', url: pool?.url ?? '', user: pool?.user ?? ''}
  })
}

/** The body for the conf's own dialect; `pools` replaces the pool list, everything else is copied. */
export function setMinerConfBody(conf: MinerConf, pools: ConfPool[]): {body: string; contentType: string} {
  return confDialect(conf) === 'modern-json'
    ? {body: modernJsonBody(conf, pools), contentType: 'application/json'}
    : {body: legacyFormBody(conf, pools), contentType: 'application/x-www-form-urlencoded; charset=UTF-8'}
}

/**
 * The JSON a modern firmware's page posts: fan control, work mode and frequency level copied from the
 * current conf (the firmware's defaults when a factory-fresh conf has them empty), then the pools.
 */
export function modernJsonBody(conf: MinerConf, pools: ConfPool[]): string {
  return JSON.stringify({
    'bitmain-fan-ctrl': conf['bitmain-fan-ctrl'] === true,
    'bitmain-fan-pwm': nonEmptyString(conf['bitmain-fan-pwm']) ?? '100',
    'miner-mode': integerOr(conf['bitmain-work-mode'], 0),
    'freq-level': integerOr(conf['bitmain-freq-level'], 100),
    pools: fillSlots(pools).map((pool) => ({url: pool.url, user: pool.user, pass: pool.pass})),
  })
}

/**
 * The legacy form, fields in the exact order the firmware script assigns by position (names are
 * ignored): 3 × url/user/pw, beeper, temperature control, fan switch and value, frequency. The fan,
 * beeper and frequency values are copied from the conf, otherwise the script blanks them.
 */
export function legacyFormBody(conf: MinerConf, pools: ConfPool[]): string {
  const slots = fillSlots(pools)
  for (const pool of slots) assertLegacyCarries(pool)
  const fields: Array<[string, string]> = []
  for (const [index, pool] of slots.entries()) {
    fields.push([`_ant_pool${index + 1}url`, pool.url], [`_ant_pool${index + 1}user`, pool.user], [`_ant_pool${index + 1}pw`, pool.pass])
  }
  fields.push(
    ['_ant_nobeeper', String(conf['bitmain-nobeeper'] === true)],
    ['_ant_notempoverctrl', String(conf['bitmain-notempoverctrl'] === true)],
    ['_ant_fan_customize_switch', String(conf['bitmain-fan-ctrl'] === true)],
    ['_ant_fan_customize_value', scalarText(conf['bitmain-fan-pwm'])],
    ['_ant_freq', scalarText(conf['bitmain-freq'])],
  )
  return fields.map(([name, value]) => `${name}=${formEncode(value)}`).join('&')
}

/** jQuery's form encoding, as the firmware's page sends it: encodeURIComponent with `+` for spaces. */
export function formEncode(value: string): string {
  return encodeURIComponent(value).replaceAll('%20', '+')
}

/**
 * Characters the legacy script carries: what the page leaves unencoded, plus the `%xx` sequences the
 * script decodes. It does not decode `"` or `\` (they would break the JSON conf file it writes),
 * decodes `%25` before the others (a literal `%` can be decoded twice), leaves any other escape
 * (non-ASCII) undecoded, and expands `*` as a file pattern.
 */
const LEGACY_SAFE = /^[A-Za-z0-9\-_.!~'() #$&,+:;<=>?@[\]^{|}/]*$/

function assertLegacyCarries(pool: ConfPool): void {
  for (const [field, value] of [['URL', pool.url], ['user', pool.user], ['password', pool.pass]] as const) {
    if (LEGACY_SAFE.test(value)) continue
    const bad = [...value].find((char) => !LEGACY_SAFE.test(char)) ?? ''
    throw invalidInput(
      `The pool ${field} contains ${JSON.stringify(bad)}, which this Antminer's configuration form cannot store; nothing was sent`,
      'Use letters, digits and common punctuation; avoid quotes, backslashes, % and *.',
    )
  }
}

function nonEmptyString(value: unknown): string | null {
  const text = scalarText(value)
  return text === '' ? null : text
}

function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

function integerOr(value: unknown, fallback: number): number {
  const number = Number(scalarText(value))
  return scalarText(value) !== '' && Number.isInteger(number) ? number : fallback
}
