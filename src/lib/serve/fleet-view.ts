/**
 * What `serve` knows about the fleet between two polls: the latest reading of every device (what
 * /api/devices and /metrics show), device counters made monotonic across device restarts, and the
 * poll failures per device.
 */
import type {DeviceStatusRow, StatusReport} from '../status/service.js'
import {statusTotals} from '../status/service.js'
import type {ExpectedPayout} from '../status/warnings.js'
import type {WatchTick} from '../watch/scheduler.js'

/**
 * A device counter as Prometheus expects one: it never goes down, even when the device restarts and
 * starts counting from zero (a counter the firmware keeps across restarts just carries on).
 */
export interface ResetAwareCounter {
  /** What the counter had reached before the device's last restarts. */
  offset: number
  /** The device's own value at the last reading. */
  last: number | null
}

export interface DeviceCounters {
  blocksFound: ResetAwareCounter
  sharesAccepted: ResetAwareCounter
  sharesRejected: ResetAwareCounter
}

type CounterName = keyof DeviceCounters
const COUNTER_NAMES: CounterName[] = ['blocksFound', 'sharesAccepted', 'sharesRejected']

export class FleetView {
  /** Per device (deviceKey): its counters. */
  readonly counters = new Map<string, DeviceCounters>()
  devices: DeviceStatusRow[] = []
  /** Network difficulty for the odds metrics; null while unknown. */
  difficulty: number | null = null
  /** When the last poll round ended (ms), null before the first. */
  lastPollAt: number | null = null
  /** How long the last poll round that asked devices took, s. */
  pollDurationSeconds: number | null = null
  /** Bumped by every change of what the endpoints show (lets /metrics reuse its last rendering). */
  version = 0
  /** Per device (deviceKey) whose firmware forgets its best at a restart: the best serve has seen. */
  private keptBests = new Map<string, number | null>()
  /** Failed polls per device IP and error code. */
  readonly pollErrors = new Map<string, {count: number; ip: string; reason: string}>()

  /** `counters`: the offsets saved by a previous run, so counters keep rising across a restart of serve. */
  constructor(
    readonly payout: ExpectedPayout | null,
    counters: Record<string, DeviceCounters> = {},
  ) {
    for (const [key, saved] of Object.entries(counters)) this.counters.set(key, saved)
  }

  /**
   * Takes a poll round in: new readings update counters; failed polls are counted. `allTimeBest` gives
   * the best difficulty serve has seen from a device (for firmware that does not keep one).
   */
  record(tick: WatchTick, allTimeBest: (row: DeviceStatusRow) => number | null = () => null): void {
    // A round of cached readings (devices not due yet) changes nothing shown.
    if (tick.devices.some((device) => device.source !== 'cached') || tick.devices.length !== this.devices.length) this.version += 1
    this.devices = tick.devices.map(({history: _history, source: _source, ...row}) => row)
    this.keptBests = new Map(this.devices.filter((row) => row.ok && row.bestDifficulty === null).map((row) => [deviceKey(row), allTimeBest(row)]))
    for (const device of tick.devices) {
      if (device.source === 'cached') continue
      if (device.ok) this.countReading(device)
      else if (device.source === 'poll') this.countError(device)
    }
    this.lastPollAt = Date.now()
    // A round where every device was cached (not due yet, or streaming) asked nobody: keep the last real one.
    if (tick.devices.some((device) => device.source === 'poll')) this.pollDurationSeconds = tick.durationMs / 1000
  }

  /** The all-time best difficulty of a device: its firmware's, else the best serve has seen. */
  bestDifficulty(row: DeviceStatusRow): number | null {
    return row.bestDifficulty ?? this.keptBests.get(deviceKey(row)) ?? null
  }

  /** The same JSON as `status --json`. */
  report(): StatusReport {
    return {devices: this.devices, totals: statusTotals(this.devices)}
  }

  /** The monotonic value of a device counter, null when the device never reported it. */
  counterValue(row: DeviceStatusRow, name: CounterName): number | null {
    const counter = this.counters.get(deviceKey(row))?.[name]
    return counter?.last === null || counter === undefined ? null : counter.offset + counter.last
  }

  private countReading(row: DeviceStatusRow): void {
    const key = deviceKey(row)
    const counters = this.counters.get(key) ?? newCounters()
    this.counters.set(key, counters)
    for (const name of COUNTER_NAMES) advance(counters[name], row[name])
  }

  private countError(row: DeviceStatusRow): void {
    const reason = (row.error?.code ?? 'DEVICE_ERROR').toLowerCase()
    const key = `${row.ip}\u0000${reason}`
    const entry = this.pollErrors.get(key) ?? {count: 0, ip: row.ip, reason}
    entry.count += 1
    this.pollErrors.set(key, entry)
  }
}

/** One device across polls: its address as targeted (an IP can be shared by simulators on different ports). */
export function deviceKey(row: Pick<DeviceStatusRow, 'httpPort' | 'ip' | 'rpcPort'>): string {
  return `${row.ip}:${row.httpPort}:${row.rpcPort}`
}

function newCounters(): DeviceCounters {
  const counter = (): ResetAwareCounter => ({last: null, offset: 0})
  return {blocksFound: counter(), sharesAccepted: counter(), sharesRejected: counter()}
}

/** A device counter that went down started again from zero (the device restarted). */
function advance(counter: ResetAwareCounter, value: number | null): void {
  if (value === null) return
  if (counter.last !== null && value < counter.last) counter.offset += counter.last
  counter.last = value
}
