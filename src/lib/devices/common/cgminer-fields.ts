/**
 * Field readers for cgminer-family RPC replies (cgminer, Canaan cgminer, bmminer, bosminer, btminer):
 * numbers that may come as strings ("13883.81", "32.8K"), hashrate keys in MH, GH or TH, pool priority,
 * the pool slots and the pool in use. Shared by every driver that speaks a dialect of the cgminer API.
 */
import {cgNumber, cgSection, parseCgminerJson} from '../../net/cgminer.js'
import {isRecord} from '../../json-value.js'
import {deviceString} from '../../text/sanitize.js'
import {type HashrateAverage, type PoolInUse, type ReportedPool, toHashesPerSecond} from '../model.js'
import {parsePoolUrl} from '../../pools/url.js'
import {maxOf} from '../../arrays.js'

export type Fields = Record<string, unknown>

/** A finite number from a number or numeric string ("13883.81", "32.8K"); null otherwise. */
export function numberField(fields: Fields | null | undefined, key: string): number | null {
  return cgNumber(fields?.[key])
}

const HASHRATE_UNITS: Array<[prefix: string, multiplier: number]> = [
  ['GHS', 1e9],
  ['MHS', 1e6],
  ['THS', 1e12],
]

/** A hashrate in H/s from `GHS <label>` / `MHS <label>` / `THS <label>` keys, whichever the dialect has. */
export function hashrateField(fields: Fields | null | undefined, label: string): number | null {
  for (const [prefix, multiplier] of HASHRATE_UNITS) {
    const value = numberField(fields, `${prefix} ${label}`)
    if (value !== null) return toHashesPerSecond(value, multiplier)
  }
  return null
}

const AVERAGE_LABELS = ['1m', '5m', '15m', '30m', '24h', 'av']

/** The averages the device reports, in H/s, in a stable order. */
export function hashrateAverages(fields: Fields | null | undefined): HashrateAverage[] {
  const averages: HashrateAverage[] = []
  for (const label of AVERAGE_LABELS) {
    const hashrate = hashrateField(fields, label)
    if (hashrate !== null) averages.push({hashrate, label})
  }
  return averages
}

/**
 * The pools of a POOLS list: every configured slot in priority order, and the one the device mines on
 * (the highest-priority pool whose stratum connection is active and alive; `fallback` is true when a
 * higher-priority pool exists that is not the one in use).
 */
export function poolReport(pools: Fields[]): {pool: PoolInUse | null; pools: ReportedPool[]} {
  const configured = byPriority(pools).filter((pool) => deviceString(pool.URL) !== null)
  const active = configured.find((pool) => pool['Stratum Active'] === true && pool.Status !== 'Dead')
  const slot = (pool: Fields) => ({url: normaliseDevicePoolUrl(pool.URL), user: deviceString(pool.User) ?? ''})
  return {
    pool: active ? {fallback: configured.indexOf(active) > 0, ...slot(active)} : null,
    pools: configured.map((pool) => ({active: pool === active, ...slot(pool)})),
  }
}

/** POOLS entries, primary first (by `Priority`, else by `POOL` index). */
export function byPriority(pools: Fields[]): Fields[] {
  return [...pools].sort((a, b) => priorityOf(a) - priorityOf(b))
}

function priorityOf(pool: Fields): number {
  return numberField(pool, 'Priority') ?? numberField(pool, 'POOL') ?? Number.MAX_SAFE_INTEGER
}

/**
 * A pool URL as a device stores it ("solo.antpool.com:3333", "stratum+tcp://h:p") in the normalised
 * form; a value we cannot parse is kept as the (sanitised) device wrote it, '' when empty.
 */
export function normaliseDevicePoolUrl(value: unknown): string {
  const text = deviceString(value) ?? ''
  if (text === '') return ''
  try {
    return parsePoolUrl(text).url
  } catch {
    return text
  }
}

/** The maximum of the plausible values (a chip reading outside 1..150 C is a sensor glitch). */
export function maxTemperature(values: Array<number | null>): number | null {
  const plausible = values.filter((value): value is number => value !== null && value > 0 && value < 150)
  return maxOf(plausible)
}

/** The VERSION section of a raw `version` reply captured during identification; null if unusable. */
export function versionSection(raw: string | undefined): Fields | null {
  if (raw === undefined) return null
  try {
    const parsed = parseCgminerJson(raw)
    return isRecord(parsed) ? cgSection(parsed, 'VERSION') : null
  } catch {
    return null
  }
}
