/**
 * The uniform status and pool slots from the standard cgminer report sections (SUMMARY, POOLS, DEVS),
 * shared by the generic cgminer and Avalon drivers. Field readers (numbers as strings, MHS/GHS keys,
 * pool in use) are the cgminer-family ones in ./fields.ts.
 */
import {type CgminerReply, cgNumber, cgSection, cgSectionList} from '../../net/cgminer.js'
import {deviceString} from '../../text/sanitize.js'
import {
  type Fields,
  byPriority,
  hashrateAverages,
  hashrateField,
  maxTemperature,
  normaliseDevicePoolUrl,
  poolReport,
} from './cgminer-fields.js'
import type {PoolSlot} from '../driver.js'
import {type DeviceStatus, emptyStatus} from '../model.js'

/** Current-hashrate windows, best first (Canaan firmware reports `MHS 30s` where cgminer has 5s). */
const CURRENT_WINDOWS = ['5s', '30s', '1m']

/** Fills hashrate, averages, shares, best share, blocks and uptime from SUMMARY. */
export function applySummary(status: DeviceStatus, summary: Fields | null): DeviceStatus {
  if (summary === null) return status
  const current = CURRENT_WINDOWS.map((window) => hashrateField(summary, window)).find((value) => value !== null)
  return {
    ...status,
    // cgminer keeps its best share since start only, so it is the session best.
    bestSessionDifficulty: cgNumber(summary['Best Share']),
    blocksFound: cgNumber(summary['Found Blocks']),
    hashrate: current ?? null,
    hashrateAverages: hashrateAverages(summary),
    sharesAccepted: cgNumber(summary.Accepted),
    sharesRejected: cgNumber(summary.Rejected),
    uptimeSeconds: cgNumber(summary.Elapsed),
  }
}

/** Configured pool slots in priority order (cgminer's POOLS list). */
export function poolSlots(pools: Fields[]): PoolSlot[] {
  return byPriority(pools).map((pool) => {
    const url = normaliseDevicePoolUrl(pool.URL)
    return {
      passwordSet: typeof pool.Password === 'string' && pool.Password !== '',
      tls: url.startsWith('stratum+ssl://'),
      url,
      user: deviceString(pool.User) ?? '',
    }
  })
}

/** A status from the standard sections of a `summary+pools+devs` exchange. */
export function standardStatus(replies: Record<string, CgminerReply>): DeviceStatus {
  const status = applySummary(emptyStatus(), cgSection(replies.summary, 'SUMMARY'))
  return {
    ...status,
    ...poolReport(cgSectionList(replies.pools, 'POOLS')),
    // DEVS `Temperature` is 0 when the device has no sensor.
    temperature: maxTemperature(cgSectionList(replies.devs, 'DEVS').map((dev) => cgNumber(dev.Temperature))),
  }
}
