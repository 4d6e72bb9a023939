/**
 * The events `serve` reports (one JSON object each, stable shape, README "Run it always-on"), and the
 * log `GET /api/events?since=SEQ` reads. `seq` orders them; `id` names the occurrence, so a receiver
 * that gets one twice (a retried delivery) can tell.
 */
import type {DeviceStatusRow} from '../status/service.js'

export type ServeEventKind =
  | 'best-difficulty'
  | 'block-found'
  | 'hashrate-drop'
  | 'offline'
  | 'online'
  | 'overheat'
  | 'payout-mismatch'
  | 'pool-changed'
  | 'restarted'
  | 'started'
  | 'stopped'
  /** `solominer notify test`. */
  | 'test'

export interface EventDevice {
  alias: string | null
  hostname: string | null
  ip: string
  mac: string | null
  model: string | null
}

export interface ServeEvent {
  /** ISO time. */
  at: string
  data: Record<string, unknown>
  /** Null for events of `serve` itself (started, stopped) and of the fleet (a LAN outage, a fleet best). */
  device: EventDevice | null
  event: ServeEventKind
  /** Stable name of the occurrence, e.g. "block-found:aa:bb:cc:dd:ee:ff:3". */
  id: string
  message: string
  /** 1, 2, 3... in the order the events happened. */
  seq: number
}

export type NewEvent = Omit<ServeEvent, 'seq'>

/** Events kept for /api/events (older ones are dropped first). */
export const KEPT_EVENTS = 1000

export function eventDevice(row: Pick<DeviceStatusRow, 'alias' | 'hostname' | 'ip' | 'mac' | 'model'>): EventDevice {
  return {alias: row.alias, hostname: row.hostname, ip: row.ip, mac: row.mac, model: row.model}
}

/** The recent events in order; `seq` continues from the last one recorded. */
export class EventLog {
  private readonly events: ServeEvent[]
  private lastSeq: number

  constructor(events: ServeEvent[] = []) {
    this.events = events.slice(-KEPT_EVENTS)
    this.lastSeq = events.at(-1)?.seq ?? 0
  }

  append(event: NewEvent): ServeEvent {
    const recorded = {...event, seq: ++this.lastSeq}
    this.events.push(recorded)
    if (this.events.length > KEPT_EVENTS) this.events.splice(0, this.events.length - KEPT_EVENTS)
    return recorded
  }

  get last(): number {
    return this.lastSeq
  }

  /** Events after `seq`, oldest first. */
  since(seq: number): ServeEvent[] {
    return this.events.filter((event) => event.seq > seq)
  }

  /** Everything kept (for saving). */
  all(): ServeEvent[] {
    return [...this.events]
  }
}
