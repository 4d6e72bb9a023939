/**
 * `PATCH /api/system` and the 2.15 pool endpoints as each firmware handles them (ESP-Miner (github.com/bitaxeorg/ESP-Miner) main/http_server/http_server.c, per release):
 * ≤ 2.10 a hand-coded handler without validation; 2.11+ a table checked all-or-nothing with
 * case-insensitive keys; 2.15 drops the flat pool keys (silently) for `pools[]`; NerdQAxe is
 * case-sensitive and type-strict. Unknown keys are always ignored with 200.
 */
import {type AxeosProfileSpec, atLeast} from './profiles.js'
import type {SimPool, SimSettings} from './state.js'

type ValueType = 'bool' | 'float' | 'i32' | 'str' | 'u16'

interface KeySpec {
  apply(settings: SimSettings, value: number | string): void
  /** Upstream minor version range [from, to] (inclusive) where the table accepts the key. */
  from: number
  key: string
  max: number
  min: number
  to?: number
  type: ValueType
}

export type PatchOutcome = {ok: true} | {message: string; ok: false}

const primary = (settings: SimSettings) => poolSlot(settings, 0)
const fallback = (settings: SimSettings) => poolSlot(settings, 1)

function poolSlot(settings: SimSettings, index: number): SimPool {
  settings.pools[index] ??= {password: 'x', port: 3333, protocol: 'SV1', suggestedDifficulty: 1000, tls: 0, url: '', user: ''}
  return settings.pools[index]!
}

const str = (value: number | string) => String(value)
const num = (value: number | string) => Number(value)

/** Flat pool keys of the 2.11–2.14 table (2.13 adds TLS, 2.14 the protocol); gone in 2.15. */
const flatPoolKeys: KeySpec[] = [
  {apply: (s, v) => (primary(s).url = str(v)), from: 11, key: 'stratumURL', max: 255, min: 0, to: 14, type: 'str'},
  {apply: (s, v) => (primary(s).port = num(v)), from: 11, key: 'stratumPort', max: 65_535, min: 0, to: 14, type: 'u16'},
  {apply: (s, v) => (primary(s).user = str(v)), from: 11, key: 'stratumUser', max: 255, min: 0, to: 14, type: 'str'},
  {apply: (s, v) => (primary(s).password = str(v)), from: 11, key: 'stratumPassword', max: 255, min: 0, to: 14, type: 'str'},
  {apply: (s, v) => (primary(s).suggestedDifficulty = num(v)), from: 11, key: 'stratumSuggestedDifficulty', max: 65_535, min: 0, to: 14, type: 'u16'},
  {apply: () => undefined, from: 11, key: 'stratumExtranonceSubscribe', max: 1, min: 0, to: 14, type: 'bool'},
  {apply: (s, v) => (fallback(s).url = str(v)), from: 11, key: 'fallbackStratumURL', max: 255, min: 0, to: 14, type: 'str'},
  {apply: (s, v) => (fallback(s).port = num(v)), from: 11, key: 'fallbackStratumPort', max: 65_535, min: 0, to: 14, type: 'u16'},
  {apply: (s, v) => (fallback(s).user = str(v)), from: 11, key: 'fallbackStratumUser', max: 255, min: 0, to: 14, type: 'str'},
  {apply: (s, v) => (fallback(s).password = str(v)), from: 11, key: 'fallbackStratumPassword', max: 255, min: 0, to: 14, type: 'str'},
  {apply: (s, v) => (fallback(s).suggestedDifficulty = num(v)), from: 11, key: 'fallbackStratumSuggestedDifficulty', max: 65_535, min: 0, to: 14, type: 'u16'},
  {apply: () => undefined, from: 11, key: 'fallbackStratumExtranonceSubscribe', max: 1, min: 0, to: 14, type: 'bool'},
  {apply: (s, v) => (primary(s).tls = num(v)), from: 13, key: 'stratumTLS', max: 3, min: 0, to: 14, type: 'u16'},
  {apply: () => undefined, from: 13, key: 'stratumCert', max: 3000, min: 0, to: 14, type: 'str'},
  {apply: () => undefined, from: 13, key: 'stratumDecodeCoinbase', max: 1, min: 0, to: 14, type: 'bool'},
  {apply: (s, v) => (fallback(s).tls = num(v)), from: 13, key: 'fallbackStratumTLS', max: 3, min: 0, to: 14, type: 'u16'},
  {apply: () => undefined, from: 13, key: 'fallbackStratumCert', max: 3000, min: 0, to: 14, type: 'str'},
  {apply: () => undefined, from: 13, key: 'fallbackStratumDecodeCoinbase', max: 1, min: 0, to: 14, type: 'bool'},
  {apply: (s, v) => (primary(s).protocol = v === 'SV2' ? 'SV2' : 'SV1'), from: 14, key: 'stratumProtocol', max: 3, min: 3, to: 14, type: 'str'},
  {apply: (s, v) => (fallback(s).protocol = v === 'SV2' ? 'SV2' : 'SV1'), from: 14, key: 'fallbackStratumProtocol', max: 3, min: 3, to: 14, type: 'str'},
]

/** The 2.11+ settings table (nvs_config.c `settings[]`). */
const tableKeys: KeySpec[] = [
  ...flatPoolKeys,
  {apply: (s, v) => (s.ssid = str(v)), from: 11, key: 'ssid', max: 32, min: 1, type: 'str'},
  {apply: () => undefined, from: 11, key: 'wifiPass', max: 63, min: 0, type: 'str'},
  {apply: (s, v) => (s.hostname = str(v).replace(/\.local$/i, '')), from: 11, key: 'hostname', max: 32, min: 1, type: 'str'},
  {apply: (s, v) => (s.frequency = num(v)), from: 11, key: 'frequency', max: 65_535, min: 1, type: 'float'},
  {apply: (s, v) => (s.coreVoltage = num(v)), from: 11, key: 'coreVoltage', max: 65_535, min: 1, type: 'u16'},
  {apply: (s, v) => (s.overclockEnabled = num(v)), from: 11, key: 'overclockEnabled', max: 1, min: 0, type: 'bool'},
  {apply: (s, v) => (s.rotation = num(v)), from: 11, key: 'rotation', max: 270, min: 0, type: 'u16'},
  {apply: (s, v) => (s.invertscreen = num(v)), from: 11, key: 'invertscreen', max: 1, min: 0, type: 'bool'},
  {apply: (s, v) => (s.displayTimeout = num(v)), from: 11, key: 'displayTimeout', max: 65_535, min: -1, type: 'i32'},
  {apply: (s, v) => (s.autofanspeed = num(v)), from: 11, key: 'autofanspeed', max: 1, min: 0, type: 'bool'},
  {apply: (s, v) => (s.manualFanSpeed = num(v)), from: 11, key: 'manualFanSpeed', max: 100, min: 0, type: 'u16'},
  {apply: (s, v) => (s.minFanSpeed = num(v)), from: 11, key: 'minFanSpeed', max: 99, min: 0, type: 'u16'},
  {apply: (s, v) => (s.temptarget = num(v)), from: 11, key: 'temptarget', max: 66, min: 35, type: 'u16'},
  {apply: () => undefined, from: 11, key: 'overheat_mode', max: 0, min: 0, type: 'bool'},
  {apply: (s, v) => (s.statsFrequency = num(v)), from: 11, key: 'statsFrequency', max: 65_535, min: 0, type: 'u16'},
  {apply: (s, v) => (s.primaryPoolIndex = num(v)), from: 15, key: 'primaryPoolIndex', max: 7, min: 0, type: 'u16'},
  {apply: (s, v) => (s.secondaryPoolIndex = num(v)), from: 15, key: 'secondaryPoolIndex', max: 7, min: 0, type: 'u16'},
  {apply: (s, v) => (s.useFallbackStratum = num(v)), from: 15, key: 'useFallbackStratum', max: 1, min: 0, type: 'bool'},
]

/** Case-insensitive key lookup, as cJSON_GetObjectItem does. */
function lookup(body: Record<string, unknown>, key: string): unknown {
  const found = Object.keys(body).find((candidate) => candidate.toLowerCase() === key.toLowerCase())
  return found === undefined ? undefined : body[found]
}

function checkValue(spec: KeySpec, value: unknown): number | string | null {
  if (spec.type === 'str') {
    if (typeof value !== 'string' || value.length < spec.min || value.length > spec.max) return null
    return value
  }
  if (spec.type === 'bool' && typeof value === 'boolean') return value ? 1 : 0
  if (typeof value !== 'number' || !Number.isFinite(value)) return null
  const number = spec.type === 'float' ? value : Math.trunc(value)
  return number < spec.min || number > spec.max ? null : number
}

/** 2.11+: check every present key first; one bad value → 400 and nothing saved. */
export function tablePatch(spec: AxeosProfileSpec, settings: SimSettings, body: Record<string, unknown>): PatchOutcome {
  const minor = spec.level[1]
  const active = tableKeys.filter((key) => minor >= key.from && (key.to === undefined || minor <= key.to))
  const changes: Array<() => void> = []
  for (const key of active) {
    const raw = lookup(body, key.key)
    if (raw === undefined) continue
    const value = checkValue(key, raw)
    if (value === null) return {message: 'Wrong API input', ok: false}
    changes.push(() => key.apply(settings, value))
  }
  if (minor >= 15) {
    const pools = lookup(body, 'pools')
    if (pools !== undefined) {
      const parsed = parsePoolArray(pools, settings)
      if (parsed === null) return {message: 'Wrong API input', ok: false}
      changes.push(() => parsed.forEach(({id, pool}) => (settings.pools[id] = pool)))
    }
  }
  for (const change of changes) change()
  return {ok: true}
}

/** Keys of the hand-coded ≤ 2.10 handler; `fanspeed` was the manual fan setting then. */
const legacyKeys: Record<string, (settings: SimSettings, value: unknown) => void> = {
  autofanspeed: (s, v) => (s.autofanspeed = valueInt(v)),
  coreVoltage: (s, v) => valueInt(v) > 0 && (s.coreVoltage = valueInt(v)),
  displayTimeout: (s, v) => (s.displayTimeout = valueInt(v)),
  fallbackStratumPassword: (s, v) => typeof v === 'string' && (fallback(s).password = v),
  fallbackStratumPort: (s, v) => (fallback(s).port = valueInt(v)),
  fallbackStratumURL: (s, v) => typeof v === 'string' && (fallback(s).url = v),
  fallbackStratumUser: (s, v) => typeof v === 'string' && (fallback(s).user = v),
  fanspeed: (s, v) => (s.manualFanSpeed = valueInt(v)),
  frequency: (s, v) => valueInt(v) > 0 && (s.frequency = typeof v === 'number' ? v : 0),
  hostname: (s, v) => typeof v === 'string' && (s.hostname = v),
  invertscreen: (s, v) => (s.invertscreen = valueInt(v)),
  minFanSpeed: (s, v) => (s.minFanSpeed = valueInt(v)),
  overclockEnabled: (s, v) => (s.overclockEnabled = valueInt(v)),
  rotation: (s, v) => (s.rotation = valueInt(v)),
  ssid: (s, v) => typeof v === 'string' && (s.ssid = v),
  statsFrequency: (s, v) => (s.statsFrequency = valueInt(v)),
  stratumPassword: (s, v) => typeof v === 'string' && (primary(s).password = v),
  stratumPort: (s, v) => (primary(s).port = valueInt(v)),
  stratumURL: (s, v) => typeof v === 'string' && (primary(s).url = v),
  stratumUser: (s, v) => typeof v === 'string' && (primary(s).user = v),
  temptarget: (s, v) => (s.temptarget = valueInt(v)),
}

/** cJSON valueint: a number truncated, anything else 0. */
function valueInt(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : typeof value === 'boolean' ? Number(value) : 0
}

/** ≤ 2.10: no validation, always 200. Keys that did not exist yet in `spec`'s version are ignored. */
export function legacyPatch(spec: AxeosProfileSpec, settings: SimSettings, body: Record<string, unknown>): PatchOutcome {
  const since: Record<string, number> = {autofanspeed: 1, displayTimeout: 7, fallbackStratumPassword: 3, fallbackStratumPort: 3,
    fallbackStratumURL: 3, fallbackStratumUser: 3, hostname: 2, minFanSpeed: 10, overclockEnabled: 6, rotation: 9,
    statsFrequency: 9, temptarget: 7}
  for (const [key, apply] of Object.entries(legacyKeys)) {
    const value = lookup(body, key)
    if (value === undefined || value === null || !atLeast(spec, 2, since[key] ?? 0)) continue
    apply(settings, value)
  }
  return {ok: true}
}

/** NerdQAxe (ArduinoJson): case-sensitive, bools must be JSON booleans, clocks integers; applied at once. */
export function nerdPatch(settings: SimSettings, body: Record<string, unknown>): PatchOutcome {
  const text = (key: string, set: (value: string) => void) => typeof body[key] === 'string' && set(body[key] as string)
  const integer = (key: string, set: (value: number) => void) => Number.isInteger(body[key]) && set(body[key] as number)
  text('stratumURL', (v) => (primary(settings).url = v))
  text('stratumUser', (v) => (primary(settings).user = v))
  text('stratumPassword', (v) => (primary(settings).password = v))
  integer('stratumPort', (v) => (primary(settings).port = v))
  text('fallbackStratumURL', (v) => (fallback(settings).url = v))
  text('fallbackStratumUser', (v) => (fallback(settings).user = v))
  text('fallbackStratumPassword', (v) => (fallback(settings).password = v))
  integer('fallbackStratumPort', (v) => (fallback(settings).port = v))
  text('hostname', (v) => (settings.hostname = v))
  integer('frequency', (v) => (settings.frequency = v))
  integer('coreVoltage', (v) => (settings.coreVoltage = v))
  integer('autofanspeed', (v) => (settings.autofanspeed = v))
  integer('manualFanSpeed', (v) => (settings.manualFanSpeed = v))
  integer('pidTargetTemp', (v) => (settings.temptarget = v))
  for (const key of ['stratumTLS', 'fallbackStratumTLS'] as const) {
    if (typeof body[key] === 'boolean') (key === 'stratumTLS' ? primary : fallback)(settings).tls = body[key] ? 1 : 0
  }
  if (typeof body.invertscreen === 'boolean') settings.invertscreen = body.invertscreen ? 1 : 0
  return {ok: true}
}

/** One Pool object (validate_pool_json): URL, port and user required; the rest full-replaced with defaults. */
export function parsePool(value: unknown, stored: SimPool | null): SimPool | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const pool = value as Record<string, unknown>
  const url = pool.stratumURL
  const user = pool.stratumUser
  const port = pool.stratumPort
  if (typeof url !== 'string' || url === '' || url.length > 255) return null
  if (typeof user !== 'string' || user === '' || user.length > 255) return null
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) return null
  const password = typeof pool.stratumPassword === 'string' ? pool.stratumPassword : 'x'
  if (pool.stratumProtocol !== undefined && pool.stratumProtocol !== 'SV1' && pool.stratumProtocol !== 'SV2') return null
  const tls = pool.stratumTLS ?? 0
  if (typeof tls !== 'number' || tls < 0 || tls > 2) return null
  return {
    password: password === '*****' ? (stored?.password ?? 'x') : password,
    port,
    protocol: pool.stratumProtocol === 'SV2' ? 'SV2' : 'SV1',
    suggestedDifficulty: typeof pool.stratumSuggestedDifficulty === 'number' ? pool.stratumSuggestedDifficulty : 0,
    tls,
    url,
    user,
  }
}

function parsePoolArray(value: unknown, settings: SimSettings): Array<{id: number; pool: SimPool}> | null {
  if (!Array.isArray(value)) return null
  const result: Array<{id: number; pool: SimPool}> = []
  for (const item of value) {
    const id = (item as {id?: unknown} | null)?.id
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 7) return null
    const pool = parsePool(item, settings.pools[id] ?? null)
    if (pool === null) return null
    result.push({id, pool})
  }
  return result
}
