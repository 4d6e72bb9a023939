/**
 * Which events a new reading of a device raises, given what serve remembers of it. Changes (a block,
 * a better best difficulty, a restart, another pool) are compared with the previous reading, so the
 * first reading of a device is only a baseline; conditions (offline, overheating, paying another
 * address, a hashrate drop) are reported when they start, once, and re-armed when they end. The memory
 * is persisted with the event log, so a serve restart neither repeats nor loses an occurrence.
 * `detectRound` adds what only the fleet as a whole shows: a new fleet best difficulty, and a LAN outage
 * (every device failing) as one offline/online pair however many rounds it takes each device to notice.
 */
import type {DeviceStatusRow} from '../status/service.js'
import {deviceLabel} from '../status/label.js'
import {sanitizeText} from '../text/sanitize.js'
import {type NewEvent, type ServeEventKind, eventDevice} from './events.js'

export const DEFAULT_OFFLINE_AFTER = 3
/** `hashrate-drop`: below this percentage of the expected hashrate... */
export const DEFAULT_HASHRATE_DROP_PERCENT = 80
/** ...for this long (ms). */
export const DEFAULT_HASHRATE_DROP_FOR_MS = 10 * 60_000
/** Hysteresis: after a drop is reported, the hashrate must be back this many points above the threshold. */
export const HASHRATE_RECOVERY_POINTS = 5

export interface DetectRules {
  /** `hashrate-drop` below `percent` % of the expected hashrate for `forMs`; null = not watched. */
  hashrateDrop: {forMs: number; percent: number} | null
  /** Failed polls in a row before a device is reported offline. */
  offlineAfter: number
}

/** What serve remembers of a device between readings (and across its own restarts). */
export interface DeviceMemory {
  /**
   * The device's all-time best share difficulty: the firmware's where it keeps one (AxeOS), else the
   * best session value serve has seen (cgminer-based firmware forgets it at every restart).
   */
  bestDifficulty: number | null
  blocksFound: number | null
  /** Consecutive failed polls. */
  failures: number
  /** Time of the first failed poll of the current streak (ISO), null while answering. */
  failingSince: string | null
  /** The hashrate is below the drop threshold since (ISO), null while it is not. */
  hashrateLowSince: string | null
  /** A `hashrate-drop` was reported and the hashrate has not recovered since. */
  hashrateDropped: boolean
  /** An `offline` event was reported (or folded into a fleet one) and no `online` since. */
  offline: boolean
  /** Its `offline` was part of a fleet outage: its `online` is the fleet's too. */
  offlineWithFleet: boolean
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
    hashrateDropped: false,
    hashrateLowSince: null,
    offline: false,
    offlineWithFleet: false,
    overheating: false,
    payoutMismatch: false,
    pool: null,
    uptimeSeconds: null,
  }
}

/** A reading's events; `memory` is updated in place. Call only with new readings (polled or pushed). */
export function detectEvents(memory: DeviceMemory, row: DeviceStatusRow, rules: DetectRules): NewEvent[] {
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
  if (!row.ok) return failedPoll(memory, row, rules.offlineAfter, (since) =>
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

  const best = bestDifficultyOf(row)
  if (increased(memory.bestDifficulty, best)) {
    events.push(
      event('best-difficulty', `${name} beat its best difficulty: ${memory.bestDifficulty} → ${best}`, {bestDifficulty: best, previous: memory.bestDifficulty, scope: 'device'}, String(best)),
    )
  }
  if (best !== null && (memory.bestDifficulty === null || best > memory.bestDifficulty)) memory.bestDifficulty = best

  const hot = row.warnings.find((warning) => warning.kind === 'overheating')
  if (hot && !memory.overheating) {
    events.push(event('overheat', `${name}: ${sanitizeText(hot.message)}`, {temperature: row.temperature, vrTemperature: row.vrTemperature}))
  }
  memory.overheating = hot !== undefined

  const drop = rules.hashrateDrop && hashrateDrop(memory, row, rules.hashrateDrop)
  if (drop) {
    events.push(
      event('hashrate-drop', `${name} hashes at ${drop.percent} % of its expected rate since ${drop.since}`, {...drop, expectedHashrate: row.expectedHashrate, hashrate: row.hashrate}, drop.since),
    )
  }
  return events
}

/** The best share a reading shows: the firmware's all-time best, else its session best. */
function bestDifficultyOf(row: DeviceStatusRow): number | null {
  const values = [row.bestDifficulty, row.bestSessionDifficulty].filter((value): value is number => value !== null)
  return values.length === 0 ? null : Math.max(...values)
}

/**
 * A hashrate below `percent` % of the expected one for `forMs` is reported once; it is re-armed only when
 * the hashrate is back above the threshold plus HASHRATE_RECOVERY_POINTS (a rate hovering around the
 * threshold is one drop, not a series). A reading without both figures changes nothing.
 */
function hashrateDrop(memory: DeviceMemory, row: DeviceStatusRow, rule: {forMs: number; percent: number}): {percent: number; since: string} | null {
  if (row.hashrate === null || row.expectedHashrate === null || row.expectedHashrate <= 0) return null
  const percent = Math.round((row.hashrate / row.expectedHashrate) * 1000) / 10
  if (percent >= rule.percent) {
    memory.hashrateLowSince = null
    if (percent >= rule.percent + HASHRATE_RECOVERY_POINTS) memory.hashrateDropped = false
    return null
  }
  memory.hashrateLowSince ??= row.readAt
  if (memory.hashrateDropped || Date.parse(row.readAt) - Date.parse(memory.hashrateLowSince) < rule.forMs) return null
  memory.hashrateDropped = true
  return {percent, since: memory.hashrateLowSince}
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

/** What serve remembers of the fleet as a whole (persisted with the devices' memories). */
export interface FleetMemory {
  /** The best share difficulty of any device, ever (as far as serve has seen). */
  bestDifficulty: number | null
  /** Every device went offline (a LAN outage) at this time (ISO), and the fleet is not back yet; else null. */
  offlineSince: string | null
}

export function newFleetMemory(): FleetMemory {
  return {bestDifficulty: null, offlineSince: null}
}

export interface FleetMember {
  memory: DeviceMemory
  row: DeviceStatusRow
  /** A new reading (polled or pushed) this round; false for a cached one. */
  fresh: boolean
}

/**
 * A poll round's events: every fresh reading's device events, then the fleet's.
 * - A device's new best that beats every device's best ever is also a fleet `best-difficulty` (`device`
 *   null, `data.scope` "fleet", id `best-difficulty:fleet:<value>`), in a fleet of two or more. The first
 *   round is a baseline.
 * - When every device of the fleet (two or more) fails at once, the LAN, the switch or this machine's
 *   network is down, not the miners: their `offline` events (this round's and those that come in later
 *   rounds, as each device reaches --offline-after) are one fleet `offline`, and the first device to answer
 *   again is one fleet `online`. Devices still silent then are counted again from zero, and reported on
 *   their own if they stay away. A device's `offline` waits until every device answering before has been
 *   asked again (families are polled at different paces), so the first to notice an outage does not
 *   report it alone.
 */
export function detectRound(fleet: FleetMemory, members: FleetMember[], rules: DetectRules): NewEvent[] {
  const found = members.flatMap((member) => (member.fresh ? detectEvents(member.memory, member.row, rules).map((event) => ({event, member})) : []))
  const events = found.map(({event}) => event)
  return [...outage(fleet, members, found), ...fleetBest(fleet, members, events)]
}

function fleetBest(fleet: FleetMemory, members: FleetMember[], found: NewEvent[]): NewEvent[] {
  const events: NewEvent[] = []
  // A fleet of one: the device's own event says it all.
  if (fleet.bestDifficulty !== null && members.length >= 2) {
    for (const event of found) {
      const best = event.event === 'best-difficulty' ? (event.data.bestDifficulty as number) : null
      if (best === null || best <= fleet.bestDifficulty) continue
      events.push({
        at: event.at,
        data: {bestDifficulty: best, device: event.device, previous: fleet.bestDifficulty, scope: 'fleet'},
        device: null,
        event: 'best-difficulty',
        id: `best-difficulty:fleet:${best}`,
        message: `New fleet best difficulty: ${best}, was ${fleet.bestDifficulty} (${event.device ? deviceLabel({...event.device, target: event.device.ip}) : 'a device'})`,
      })
      fleet.bestDifficulty = best
    }
  }
  for (const {memory} of members) {
    if (memory.bestDifficulty !== null && (fleet.bestDifficulty === null || memory.bestDifficulty > fleet.bestDifficulty)) fleet.bestDifficulty = memory.bestDifficulty
  }
  return events
}

function outage(fleet: FleetMemory, members: FleetMember[], events: {event: NewEvent; member: FleetMember}[]): NewEvent[] {
  let found = events
  if (fleet.offlineSince === null) {
    // A device that went offline while another one, answering at its last poll, has not been asked
    // since: undecided (the whole LAN may be gone). Reported at its next poll, when the other is known.
    const unknown = (since: string) => members.some(({fresh, memory, row}) => !fresh && memory.failures === 0 && row.readAt < since)
    const held = found.filter(({event, member}) => event.event === 'offline' && members.length >= 2 && unknown(member.memory.failingSince!))
    for (const {member} of held) member.memory.offline = false
    found = found.filter((entry) => !held.includes(entry))
    const offline = found.filter(({event}) => event.event === 'offline')
    const allFailing = members.length >= 2 && members.every(({memory}) => memory.failures > 0)
    if (!allFailing || offline.length === 0) return found.map(({event}) => event)
    const since = members.map(({memory}) => memory.failingSince!).sort()[0]!
    for (const {member} of offline) member.memory.offlineWithFleet = true
    fleet.offlineSince = since
    const fleetOffline: NewEvent = {
      at: offline[0]!.event.at,
      data: {devices: members.map(({row}) => eventDevice(row)), since},
      device: null,
      event: 'offline',
      id: `offline:fleet:${since}`,
      message: `All ${members.length} devices are offline: is the network down?`,
    }
    return [fleetOffline, ...found.filter(({event}) => event.event !== 'offline').map(({event}) => event)]
  }
  // The outage goes on: devices that reach --offline-after now are part of it, and their return is the fleet's.
  for (const {member} of found.filter(({event}) => event.event === 'offline')) member.memory.offlineWithFleet = true
  const rest = found.filter(({event, member}) => event.event !== 'offline' && !(event.event === 'online' && member.memory.offlineWithFleet)).map(({event}) => event)
  const back = members.find(({fresh, row}) => fresh && row.ok)
  if (!back) return rest
  const since = fleet.offlineSince
  fleet.offlineSince = null
  for (const {memory} of members) {
    if (!memory.offlineWithFleet) continue
    memory.offlineWithFleet = false
    // Still silent: counted again from zero, and reported on its own if it stays away.
    if (memory.failures > 0) Object.assign(memory, {failingSince: null, failures: 0, offline: false})
  }
  const downSeconds = Math.round((Date.parse(back.row.readAt) - Date.parse(since)) / 1000)
  const fleetOnline: NewEvent = {
    at: back.row.readAt,
    data: {downSeconds, since},
    device: null,
    event: 'online',
    id: `online:fleet:${since}`,
    message: `The network is back: ${deviceLabel(back.row)} answers again (down ${downSeconds} s)`,
  }
  return [fleetOnline, ...rest]
}
