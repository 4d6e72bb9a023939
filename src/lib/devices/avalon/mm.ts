/**
 * Canaan packs each hash module's live data into one string per module in the stats reply:
 * `"MM ID0":"Ver[...] Temp[31] TMax[78] Fan1[4275] FanR[49%] PS[0 1209 1187 297 3526 1188 3731] ..."`
 * (Avalon Q / litestats: `"MM ID0:Summary":"'STATS':{Ver[...] ...}"`). This module reads those
 * strings into the uniform status.
 */
import {cgNumber} from '../../net/cgminer.js'
import {type DeviceStatus, type DeviceWarning, toHashesPerSecond} from '../model.js'
import {maxOf} from '../../arrays.js'

export type MmFields = Record<string, string>

/**
 * `Key[value]` pairs of one module string; keys may contain spaces (`Nonce Mask[25]`). A linear scan
 * over `]`-terminated segments, so a hostile megabyte cannot make it slow.
 */
export function parseMmFields(text: string): MmFields {
  const fields: MmFields = {}
  for (const segment of text.split(']')) {
    const open = segment.indexOf('[')
    if (open === -1) continue
    // The Q form starts with `'STATS':{`: the key is what follows the brace.
    const key = segment.slice(segment.lastIndexOf('{', open) + 1, open).trim()
    if (/^[A-Za-z][\w ]*$/.test(key)) fields[key] = segment.slice(open + 1).trim()
  }
  return fields
}

/** Every module's fields from the STATS entries (`MM ID0`, `MM ID1`, `MM ID0:Summary`...). */
export function mmModules(stats: Record<string, unknown>[]): MmFields[] {
  const modules: MmFields[] = []
  for (const entry of stats) {
    for (const [key, value] of Object.entries(entry)) {
      if (/^MM ID\d+/.test(key) && typeof value === 'string') modules.push(parseMmFields(value))
    }
  }
  return modules
}

/** A number from an MM field, ignoring a unit suffix such as `%`. */
export function mmNumber(fields: MmFields, key: string): number | null {
  const value = fields[key]
  return value === undefined ? null : cgNumber(value.replace(/%$/, ''))
}

/** Space-separated numbers of an MM field (`PS[0 1209 ...]`, `MTmax[77 78 77]`). */
export function mmList(fields: MmFields, key: string): number[] {
  const value = fields[key]
  if (value === undefined || value === '') return []
  return value.split(/\s+/).map(Number).filter((number) => Number.isFinite(number))
}

/** Fills temperature, fans, power, expected hashrate and warnings from the module strings. */
export function applyModules(status: DeviceStatus, modules: MmFields[]): DeviceStatus {
  if (modules.length === 0) return status
  const expected = sum(modules.map((fields) => mmNumber(fields, 'GHSmm')))
  const current = sum(modules.map((fields) => mmNumber(fields, 'GHSspd')))
  return {
    ...status,
    expectedHashrate: expected === null ? status.expectedHashrate : toHashesPerSecond(expected, 1e9),
    fanPercent: max(modules.map((fields) => mmNumber(fields, 'FanR'))),
    fanRpm: max(modules.flatMap((fields) => ['Fan1', 'Fan2', 'Fan3', 'Fan4'].map((key) => mmNumber(fields, key)))),
    hashrate: status.hashrate ?? (current === null ? null : toHashesPerSecond(current, 1e9)),
    power: sum(modules.map(modulePower)),
    temperature: max(modules.map(moduleTemperature)),
    warnings: [...status.warnings, ...modules.flatMap(moduleWarnings)],
  }
}

/** Wall power: WALLPOWER where the firmware has it, else the last PS field (the same value). */
function modulePower(fields: MmFields): number | null {
  const wall = mmNumber(fields, 'WALLPOWER')
  if (wall !== null) return wall
  const last = mmList(fields, 'PS').at(-1)
  return last === undefined || last <= 0 ? null : last
}

/** Hottest chip (TMax); an idle module reports TMax 0, then its board outlet or inlet reading. */
function moduleTemperature(fields: MmFields): number | null {
  const chip = mmNumber(fields, 'TMax')
  if (chip !== null && chip > 0) return chip
  const board = mmNumber(fields, 'HBOTemp') ?? mmNumber(fields, 'Temp')
  return board !== null && board > 0 ? board : null
}

function moduleWarnings(fields: MmFields): DeviceWarning[] {
  const fanErrors = mmNumber(fields, 'FanErr')
  return fanErrors !== null && fanErrors > 0 ? [{kind: 'fan-fault', message: `Fan error reported (FanErr ${fanErrors})`}] : []
}

function sum(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null)
  return known.length === 0 ? null : known.reduce((total, value) => total + value, 0)
}

function max(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null)
  return maxOf(known)
}
