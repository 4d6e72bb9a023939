/**
 * bmminer/cgminer (stock Antminer) RPC replies → DeviceStatus. Hashrates come in GH ("GHS 5s", often a
 * string); `stats` carries fans, per-chain chip temperatures and chip maps in numbered keys
 * (`fan1..16`, `temp2_1..16`, `temp_chip1` = "48-80-49-70", `chain_acs6` = " oooo oxoo").
 */
import {applySummary} from '../common/cgminer-status.js'
import {emptyStatus, type DeviceStatus, type DeviceWarning, toHashesPerSecond} from '../model.js'
import {cgNumber, cgSection, cgSectionList} from '../../net/cgminer.js'
import {type Fields, hashrateAverages, hashrateField, maxTemperature, numberField, poolReport} from '../common/cgminer-fields.js'
import {appendAll, maxOf} from '../../arrays.js'

export interface BmminerReplies {
  pools?: Fields
  stats?: Fields
  summary?: Fields
}

const CHAIN_SLOTS = 16
const RATE_UNITS: Record<string, number> = {GH: 1e9, KH: 1e3, MH: 1e6, TH: 1e12}

export function parseBmminerStatus(replies: BmminerReplies): DeviceStatus {
  const stats = minerStats(replies.stats)
  const status = applySummary(emptyStatus(), cgSection(replies.summary, 'SUMMARY'))
  // Old builds answer only `stats`: it carries the same hashrate and uptime.
  status.hashrate ??= hashrateField(stats, '5s')
  if (status.hashrateAverages.length === 0) status.hashrateAverages = hashrateAverages(stats)
  status.uptimeSeconds ??= numberField(stats, 'Elapsed')
  status.expectedHashrate = expectedHashrate(stats)
  status.temperature = chipTemperature(stats)
  status.fanRpm = fanRpm(stats)
  Object.assign(status, poolReport(cgSectionList(replies.pools, 'POOLS')))
  status.warnings = chainWarnings(stats)
  return status
}

/** STATS[0] is a version header; the figures are in the object that has `Elapsed`/`ID`. */
export function minerStats(reply: Fields | undefined): Fields | undefined {
  return cgSectionList(reply, 'STATS').find((item) => 'Elapsed' in item || 'ID' in item)
}

function expectedHashrate(stats: Fields | null | undefined): number | null {
  const ideal = numberField(stats, 'total_rateideal')
  if (ideal === null || ideal <= 0) return null
  const unit = typeof stats?.rate_unit === 'string' ? stats.rate_unit.toUpperCase() : 'GH'
  return toHashesPerSecond(ideal, RATE_UNITS[unit] ?? 1e9)
}

function chipTemperature(stats: Fields | null | undefined): number | null {
  const readings: Array<number | null> = []
  for (let chain = 1; chain <= CHAIN_SLOTS; chain++) {
    readings.push(numberField(stats, `temp2_${chain}`))
    // S17/S19: "in-out-in-out" corner readings of the chips on the chain.
    const corners = stats?.[`temp_chip${chain}`]
    if (typeof corners === 'string') appendAll(readings, corners.split('-').map((part) => cgNumber(part)))
  }
  return maxTemperature(readings) ?? maxTemperature(numberedValues(stats, 'temp'))
}

function fanRpm(stats: Fields | null | undefined): number | null {
  const spinning = numberedValues(stats, 'fan').filter((rpm): rpm is number => rpm !== null && rpm > 0)
  return maxOf(spinning)
}

function numberedValues(stats: Fields | null | undefined, prefix: string): Array<number | null> {
  return Array.from({length: CHAIN_SLOTS}, (_, index) => numberField(stats, `${prefix}${index + 1}`))
}

/** Chip maps use `o` for a good chip and `x` for one that does not answer. */
function chainWarnings(stats: Fields | null | undefined): DeviceWarning[] {
  const warnings: DeviceWarning[] = []
  for (let chain = 1; chain <= CHAIN_SLOTS; chain++) {
    const map = stats?.[`chain_acs${chain}`]
    const bad = typeof map === 'string' ? map.split('').filter((chip) => chip === 'x').length : 0
    if (bad > 0) warnings.push({kind: 'hardware-fault', message: `chain ${chain}: ${bad} chip(s) not responding`})
  }
  return warnings
}
