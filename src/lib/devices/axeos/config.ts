/**
 * AxeOS configuration: the uniform model read from /info, and the PATCH body each dialect expects
 * (ESP-Miner (github.com/bitaxeorg/ESP-Miner) main/http_server/http_server.c PATCH /api/system, and the forks' changes):
 * - ≤ 2.14: flat keys, `stratumURL` host only + `stratumPort`, TLS keys from 2.13 (`stratumTLS` in /info);
 * - 2.15+: flat pool keys are silently ignored; pools go in `pools[]` (full replace per slot id, the
 *   masked password "*****" keeps the stored one) with `primaryPoolIndex`/`secondaryPoolIndex`;
 * - NerdQAxe: flat keys, JSON booleans, integer clocks, `autofanspeed` 2 = automatic, `pidTargetTemp`.
 * The dialect is decided from what /info contains, which works for forks whose version numbers differ.
 */
import {SolominerError, invalidInput} from '../../errors.js'
import {parsePoolUrl} from '../../pools/url.js'
import {deviceString} from '../../text/sanitize.js'
import type {ConfigChange, DeviceConfig, FanConfig, PoolSetting, PoolSlot} from '../driver.js'
import {type AxeosInfo, flagField, flavourOf, numberField, poolUrl, versionAtLeast} from './parse.js'

type Dialect = 'flat' | 'nerdqaxe' | 'pools'

export function dialectOf(info: AxeosInfo): Dialect {
  if (flavourOf(info) === 'nerdqaxe') return 'nerdqaxe'
  return Array.isArray(info.pools) ? 'pools' : 'flat'
}

interface PoolEntry extends Record<string, unknown> {
  id?: unknown
}

function poolEntries(info: AxeosInfo): PoolEntry[] {
  return Array.isArray(info.pools) ? (info.pools.filter((pool) => typeof pool === 'object' && pool !== null) as PoolEntry[]) : []
}

function slotIndices(info: AxeosInfo): {primary: number; secondary: number} {
  const primary = numberField(info.primaryPoolIndex) ?? 0
  let secondary = numberField(info.secondaryPoolIndex) ?? 1
  if (secondary === primary) secondary = primary === 0 ? 1 : 0
  return {primary, secondary}
}

function slotFrom(url: string | null, user: unknown, tls: boolean, password: unknown): PoolSlot {
  // Upstream never shows the password (2.15 masks it as "*****"); the firmware always keeps one ("x" by default).
  const passwordSet = typeof password === 'string' ? password !== '' : true
  return {passwordSet, tls, url: url ?? '', user: deviceString(user) ?? ''}
}

function readPools(info: AxeosInfo): PoolSlot[] {
  if (dialectOf(info) === 'pools') {
    const {primary, secondary} = slotIndices(info)
    return [primary, secondary].flatMap((id) => {
      const entry = poolEntries(info).find((pool) => pool.id === id)
      if (!entry) return []
      const tls = flagField(entry.stratumTLS) ?? false
      return [slotFrom(poolUrl(entry.stratumURL, entry.stratumPort, tls), entry.stratumUser, tls, entry.stratumPassword)]
    })
  }
  return (['stratum', 'fallbackStratum'] as const).flatMap((prefix) => {
    if (!(`${prefix}URL` in info)) return []
    const tls = flagField(info[`${prefix}TLS`]) ?? false
    return [slotFrom(poolUrl(info[`${prefix}URL`], info[`${prefix}Port`], tls), info[`${prefix}User`], tls, info[`${prefix}Password`])]
  })
}

function readFan(info: AxeosInfo): FanConfig | null {
  const auto = numberField(info.autofanspeed)
  if (auto === null) return null
  // NerdQAxe: 2 = PID (automatic), 0 = manual, 1 = deprecated (migrated to manual); upstream: 1 = automatic.
  const isAuto = flavourOf(info) === 'nerdqaxe' ? auto === 2 : auto === 1
  const setting = numberField(info.manualFanSpeed)
  return {
    minPercent: numberField(info.minFanSpeed),
    mode: isAuto ? 'auto' : 'manual',
    // ≤ 2.10 keeps no separate setting: in manual mode the current speed is the setting.
    percent: setting ?? (isAuto ? null : numberField(info.fanspeed)),
    targetTemperature: numberField(info.temptarget ?? info.pidTargetTemp),
  }
}

export function configFromInfo(info: AxeosInfo): DeviceConfig {
  return {
    coreVoltage: numberField(info.coreVoltage),
    fan: readFan(info),
    frequency: numberField(info.frequency),
    hostname: deviceString(info.hostname),
    pools: readPools(info),
  }
}

export interface AxeosWrite {
  body: Record<string, unknown>
  restartRequired: boolean
}

/** The single PATCH /api/system body for `change` on this device. */
export function buildPatch(info: AxeosInfo, change: ConfigChange): AxeosWrite {
  const dialect = dialectOf(info)
  const body: Record<string, unknown> = {}
  let restartRequired = false
  if (change.pools !== undefined) {
    Object.assign(body, dialect === 'pools' ? poolsBody(info, change.pools) : flatPoolBody(info, change.pools, dialect))
    // NerdQAxe reloads its stratum settings at once; upstream reads pools at boot only.
    restartRequired ||= dialect !== 'nerdqaxe'
  }
  if (change.hostname !== undefined) {
    body.hostname = checkHostname(change.hostname)
    // 2.15 renames live (DHCP renew + mDNS); older firmware and NerdQAxe on the next boot.
    restartRequired ||= dialect === 'nerdqaxe' || !versionAtLeast(info, 2, 15)
  }
  if (change.frequency !== undefined) body.frequency = wholeNumber(change.frequency, 'frequency', 'MHz')
  if (change.coreVoltage !== undefined) body.coreVoltage = wholeNumber(change.coreVoltage, 'core voltage', 'mV')
  if (change.fan !== undefined) Object.assign(body, fanBody(info, change.fan, dialect))
  if (change.temperatureTarget !== undefined) Object.assign(body, tempTargetBody(info, change.temperatureTarget, dialect))
  return {body, restartRequired}
}

function splitPool(pool: PoolSetting): {host: string; port: number; tls: boolean} {
  const {host, port, tls} = parsePoolUrl(pool.url)
  return {host, port, tls}
}

function checkPoolCount(pools: PoolSetting[]): void {
  if (pools.length === 0) throw invalidInput('At least one pool is required')
  if (pools.length > 2) {
    throw new SolominerError('UNSUPPORTED', `AxeOS mines with two pools (primary and fallback); ${pools.length} were given`)
  }
}

function supportsTls(info: AxeosInfo): boolean {
  return 'stratumTLS' in info
}

function requireTls(info: AxeosInfo, pool: {tls: boolean}): void {
  if (pool.tls && !supportsTls(info)) {
    throw new SolominerError('UNSUPPORTED', `Firmware ${deviceString(info.version) ?? '?'} has no stratum TLS (AxeOS 2.13 or later has)`, {
      suggestions: ['Use the pool\'s plain stratum+tcp:// port, or update the firmware'],
    })
  }
}

/** ≤ 2.14 and NerdQAxe: `stratumURL` is the host only; a single pool leaves the fallback as it is. */
function flatPoolBody(info: AxeosInfo, pools: PoolSetting[], dialect: Dialect): Record<string, unknown> {
  checkPoolCount(pools)
  const body: Record<string, unknown> = {}
  pools.forEach((pool, index) => {
    const prefix = index === 0 ? 'stratum' : 'fallbackStratum'
    const target = splitPool(pool)
    requireTls(info, target)
    body[`${prefix}URL`] = target.host
    body[`${prefix}Port`] = target.port
    body[`${prefix}User`] = pool.user
    // Without the key the firmware keeps the password it has.
    if (pool.password !== null) body[`${prefix}Password`] = pool.password
    if (supportsTls(info)) body[`${prefix}TLS`] = dialect === 'nerdqaxe' ? target.tls : target.tls ? 1 : 0
  })
  return body
}

/** 2.15 shows every password as this mask and keeps the stored password when it is sent back. */
const MASKED_PASSWORD = '*****'

/**
 * 2.15+: each pool replaces its slot wholesale, so the slot's other fields (protocol, suggested
 * difficulty, ...) are carried over from /info; the slots in use and their indices stay the same.
 */
function poolsBody(info: AxeosInfo, pools: PoolSetting[]): Record<string, unknown> {
  checkPoolCount(pools)
  const {primary, secondary} = slotIndices(info)
  const entries = pools.map((pool, index) => {
    const id = index === 0 ? primary : secondary
    const target = splitPool(pool)
    const current = poolEntries(info).find((entry) => entry.id === id) ?? {}
    return {
      ...current,
      ...tlsFields(current, target),
      id,
      stratumPassword: pool.password ?? MASKED_PASSWORD,
      stratumPort: target.port,
      stratumURL: target.host,
      stratumUser: pool.user,
    }
  })
  return {pools: entries, primaryPoolIndex: primary, secondaryPoolIndex: secondary}
}

/**
 * 2.15 TLS modes: 0 none, 1 bundled CA, 2 custom certificate. A slot keeps its custom certificate only
 * while it points at the same host; a new TLS pool uses the bundled CAs.
 */
function tlsFields(current: PoolEntry, target: {host: string; tls: boolean}): Record<string, unknown> {
  if (!target.tls) return {stratumTLS: 0}
  const sameHost = typeof current.stratumURL === 'string' && current.stratumURL.toLowerCase() === target.host
  if (sameHost && numberField(current.stratumTLS) === 2) return {stratumTLS: 2}
  return {stratumCert: '', stratumTLS: 1}
}

function fanBody(info: AxeosInfo, fan: NonNullable<ConfigChange['fan']>, dialect: Dialect): Record<string, unknown> {
  if (!('autofanspeed' in info)) throw new SolominerError('UNSUPPORTED', 'This firmware has no fan control setting (AxeOS 2.1 or later has)')
  const auto = dialect === 'nerdqaxe' ? 2 : 1
  if (fan.mode === 'auto') return {autofanspeed: auto}
  if (!Number.isInteger(fan.percent) || fan.percent < 0 || fan.percent > 100) {
    throw invalidInput(`Invalid fan speed ${fan.percent}: a whole percentage from 0 to 100 is required`)
  }
  // ≤ 2.10 stored the manual speed under the PATCH key `fanspeed`.
  const key = 'manualFanSpeed' in info || dialect === 'nerdqaxe' ? 'manualFanSpeed' : 'fanspeed'
  return {autofanspeed: 0, [key]: fan.percent}
}

function tempTargetBody(info: AxeosInfo, celsius: number, dialect: Dialect): Record<string, unknown> {
  if (dialect === 'nerdqaxe') return {pidTargetTemp: wholeNumber(celsius, 'target temperature', '°C')}
  if (!('temptarget' in info)) {
    throw new SolominerError('UNSUPPORTED', `Firmware ${deviceString(info.version) ?? '?'} has no target temperature (AxeOS 2.7 or later has)`)
  }
  const value = wholeNumber(celsius, 'target temperature', '°C')
  if (value < 35 || value > 66) throw invalidInput(`Invalid target temperature ${value} °C: AxeOS accepts 35 to 66 °C`)
  return {temptarget: value}
}

function wholeNumber(value: number, what: string, unit: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw invalidInput(`Invalid ${what} ${value} ${unit}: a whole number from 1 to 65535 is required`)
  }
  return value
}

function checkHostname(name: string): string {
  const hostname = name.replace(/\.local$/i, '')
  if (!/^[a-z0-9-]{1,32}$/i.test(hostname)) {
    throw invalidInput(`Invalid hostname "${name}": 1 to 32 letters, digits or hyphens`)
  }
  return hostname
}

/** The settings part of /info, written back verbatim by restoreNative. */
export interface AxeosNative {
  format: 'axeos-settings'
  settings: Record<string, unknown>
  version: string | null
}

const commonKeys = [
  'hostname', 'frequency', 'coreVoltage', 'autofanspeed', 'manualFanSpeed', 'minFanSpeed', 'temptarget',
  'overclockEnabled', 'displayTimeout', 'statsFrequency', 'rotation', 'invertscreen',
]
const flatPoolKeys = [
  'stratumURL', 'stratumPort', 'stratumUser', 'stratumTLS', 'stratumSuggestedDifficulty', 'stratumExtranonceSubscribe',
  'fallbackStratumURL', 'fallbackStratumPort', 'fallbackStratumUser', 'fallbackStratumTLS',
  'fallbackStratumSuggestedDifficulty', 'fallbackStratumExtranonceSubscribe',
]
const nerdKeys = ['pidTargetTemp', 'stratumEnonceSubscribe', 'fallbackStratumEnonceSubscribe']
const poolApiKeys = ['pools', 'primaryPoolIndex', 'secondaryPoolIndex', 'useFallbackStratum']
/** Keys that take effect only after a restart (ESP-Miner applies them at boot). */
const restartKeys = new Set([...flatPoolKeys, ...poolApiKeys, 'rotation', 'invertscreen'])

function nativeKeys(dialect: Dialect): string[] {
  if (dialect === 'pools') return [...commonKeys, ...poolApiKeys]
  return dialect === 'nerdqaxe' ? [...commonKeys, ...flatPoolKeys, ...nerdKeys] : [...commonKeys, ...flatPoolKeys]
}

export function nativeFromInfo(info: AxeosInfo): AxeosNative {
  const settings: Record<string, unknown> = {}
  for (const key of nativeKeys(dialectOf(info))) if (key in info) settings[key] = info[key]
  // ≤ 2.10 had no manualFanSpeed: the manual speed is the current one while the fan is manual.
  if (!('manualFanSpeed' in info) && numberField(info.autofanspeed) === 0 && 'fanspeed' in info) settings.fanspeed = info.fanspeed
  return {format: 'axeos-settings', settings, version: deviceString(info.version)}
}

export function isAxeosNative(value: unknown): value is AxeosNative {
  const native = value as Partial<AxeosNative> | null
  return typeof native === 'object' && native !== null && native.format === 'axeos-settings' &&
    typeof native.settings === 'object' && native.settings !== null
}

/** The keys of `saved` that differ from the device now, and whether applying them needs a restart. */
export function restoreBody(info: AxeosInfo, saved: AxeosNative): AxeosWrite {
  const current = nativeFromInfo(info).settings
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(saved.settings)) {
    if (JSON.stringify(current[key]) !== JSON.stringify(value)) body[key] = value
  }
  const hostnameNeedsRestart = 'hostname' in body && (dialectOf(info) === 'nerdqaxe' || !versionAtLeast(info, 2, 15))
  const poolsNeedRestart = dialectOf(info) !== 'nerdqaxe' && Object.keys(body).some((key) => restartKeys.has(key))
  return {body, restartRequired: hostnameNeedsRestart || poolsNeedRestart}
}
