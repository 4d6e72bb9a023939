/**
 * Which events a new reading of a device raises, given what serve remembers of it. Changes (a block,
 * a better best difficulty, a restart, another pool) are compared with the previous reading, so the
 * first reading of a device is only a baseline; conditions (offline, overheating, paying another
 * address) are reported when they start, once, and re-armed when they end. The memory is persisted
 * with the event log, so a serve restart neither repeats nor loses an occurrence.
 */
import type {DeviceStatusRow} from '../status/service.js'
import {deviceLabel} from '../status/label.js'
import {sanitizeText} from '../text/sanitize.js'
import {type NewEvent, type ServeEventKind, eventDevice} from './events.js'

export const DEFAULT_OFFLINE_AFTER = 3

/** What serve remembers of a device between readings (and across its own restarts). */
export interface DeviceMemory {
  bestDifficulty: number | null
  blocksFound: number | null
  /** Consecutive failed polls. */
  failures: number
  /** Time of the first failed poll of the current streak (ISO), null while answering. */
  failingSince: string | null
  /** An `offline` event was reported and no `online` since. */
  offline: boolean
  overheating: boolean
  payoutMismatch: boolean
  pool: {url: string; user: string} | null
  uptimeSeconds: number | null
}

export function newMemory(): DeviceMemory {
  return {
    bestDifficulty: null,
    blocksFound: null,
    failingSince: null,
    failures: 0,
    offline: false,
    overheating: false,
    payoutMismatch: false,
    pool: null,
    uptimeSeconds: null,
  }
}

/** A reading's events; `memory` is updated in place. Call only with new readings (polled or pushed). */
export function detectEvents(memory: DeviceMemory, row: DeviceStatusRow, offlineAfter: number): NewEvent[] {
  const name = deviceLabel(row)
  const who = row.mac ?? `${row.ip}:${row.httpPort}`
  const event = (kind: ServeEventKind, message: string, data: Record<string, unknown>, occurrence = row.readAt): NewEvent => ({
    at: row.readAt,
    data,
    device: eventDevice(row),
    event: kind,
    id: `${kind}:${who}:${occurrence}`,
    message,
  })
  if (!row.ok) return failedPoll(memory, row, offlineAfter, (since) =>
    event('offline', `${name} is offline (${sanitizeText(row.error?.message ?? 'no answer')})`, {error: row.error ?? null, failedPolls: memory.failures, since}, since),
  )

  const events: NewEvent[] = []
  if (memory.offline && memory.failingSince !== null) {
    const downSeconds = Math.round((Date.parse(row.readAt) - Date.parse(memory.failingSince)) / 1000)
    events.push(event('online', `${name} is back online (down ${downSeconds} s)`, {downSeconds, since: memory.failingSince}))
  }
  memory.failures = 0
  memory.failingSince = null
  memory.offline = false

  if (row.uptimeSeconds !== null && memory.uptimeSeconds !== null && row.uptimeSeconds < memory.uptimeSeconds) {
    events.push(event('restarted', `${name} restarted (up ${row.uptimeSeconds} s)`, {previousUptimeSeconds: memory.uptimeSeconds, uptimeSeconds: row.uptimeSeconds}))
  }
  memory.uptimeSeconds = row.uptimeSeconds ?? memory.uptimeSeconds

  const pool = row.pool && row.pool.url !== '' ? {url: row.pool.url, user: row.pool.user} : null
  if (pool && memory.pool && (pool.url !== memory.pool.url || pool.user !== memory.pool.user)) {
    const text = (p: {url: string; user: string}) => sanitizeText(`${p.url} (${p.user})`)
    events.push(event('pool-changed', `${name} now mines on ${text(pool)}, was ${text(memory.pool)}`, {from: memory.pool, to: pool}))
  }
  memory.pool = pool ?? memory.pool

  const mismatch = row.warnings.find((warning) => warning.kind === 'payout-mismatch')
  if (mismatch && !memory.payoutMismatch) events.push(event('payout-mismatch', `${name}: ${sanitizeText(mismatch.message)}`, {pool}))
  memory.payoutMismatch = mismatch !== undefined

  if (increased(memory.blocksFound, row.blocksFound)) {
    events.push(
      event('block-found', `${name} FOUND A BLOCK (blocks found: ${row.blocksFound})`, {blocksFound: row.blocksFound, previous: memory.blocksFound}, String(row.blocksFound)),
    )
  }
  memory.blocksFound = row.blocksFound ?? memory.blocksFound

  if (increased(memory.bestDifficulty, row.bestDifficulty)) {
    events.push(
      event(
        'best-difficulty',
        `${name} beat its best difficulty: ${memory.bestDifficulty} → ${row.bestDifficulty}`,
        {bestDifficulty: row.bestDifficulty, previous: memory.bestDifficulty},
        String(row.bestDifficulty),
      ),
    )
  }
  memory.bestDifficulty = row.bestDifficulty ?? memory.bestDifficulty

  const hot = row.warnings.find((warning) => warning.kind === 'overheating')
  if (hot && !memory.overheating) {
    events.push(event('overheat', `${name}: ${sanitizeText(hot.message)}`, {temperature: row.temperature, vrTemperature: row.vrTemperature}))
  }
  memory.overheating = hot !== undefined
  return events
}

/** Hysteresis: a device is offline after `offlineAfter` failed polls in a row, reported once. */
function failedPoll(memory: DeviceMemory, row: DeviceStatusRow, offlineAfter: number, offline: (since: string) => NewEvent): NewEvent[] {
  memory.failures += 1
  memory.failingSince ??= row.readAt
  if (memory.offline || memory.failures < offlineAfter) return []
  memory.offline = true
  return [offline(memory.failingSince)]
}

function increased(before: number | null, after: number | null): boolean {
  return before !== null && after !== null && after > before
}

/**
 * A round in which every device of the fleet (two or more) went offline at once is one fleet event,
 * not a storm of them: the LAN, the switch or this machine's network is down, not the miners.
 */
export function fleetEvents(found: NewEvent[], fleetSize: number): NewEvent[] {
  const offline = found.filter((event) => event.event === 'offline')
  if (offline.length < 2 || offline.length < fleetSize) return found
  const at = offline[0]!.at
  const fleetOffline: NewEvent = {
    at,
    data: {devices: offline.map((event) => event.device)},
    device: null,
    event: 'offline',
    id: `offline:fleet:${at}`,
    message: `All ${offline.length} devices are offline: is the network down?`,
  }
  return [fleetOffline, ...found.filter((event) => event.event !== 'offline')]
}
