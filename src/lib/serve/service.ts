/**
 * `solominer serve`: polls the fleet through the `watch` scheduler (same per-family minimum intervals,
 * same live streams), keeps the latest state for the HTTP endpoints, and reports events, until
 * `ctx.signal` aborts (SIGINT/SIGTERM). Outgoing connections go through net/http and net/tcp (the
 * network guard); the listener binds only the address it is given.
 */
import {stat} from 'node:fs/promises'

import {readNetwork} from '../chain/network.js'
import type {AppContext} from '../context.js'
import {errorMessage} from '../errors.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {inventoryPath} from '../inventory/store.js'
import type {ChainSourceKind} from '../settings/store.js'
import {sleep} from '../sleep.js'
import {redactUrls} from '../text/redact.js'
import {expectedPayout} from '../status/payout.js'
import type {DeviceStatusRow} from '../status/service.js'
import {watchFleet} from '../watch/scheduler.js'
import {DEFAULT_OFFLINE_AFTER, type DetectRules, type DeviceMemory, type FleetMember, detectRound, newFleetMemory, newMemory} from './detect.js'
import {EventLog, type NewEvent, type ServeEvent} from './events.js'
import {FleetView, deviceKey} from './fleet-view.js'
import {startHttpServer} from './http-server.js'
import type {ListenAddress} from './listen.js'
import {createMetricsRenderer} from './metrics.js'
import {type HomeAssistantLink, connectHomeAssistant, nodeId} from './home-assistant.js'
import {Notifier} from './notify/notifier.js'
import type {NotifyTarget} from './notify/targets.js'
import {readServeState, writeServeState} from './state-file.js'

export const DEFAULT_SERVE_INTERVAL_MS = 10_000
export {DEFAULT_OFFLINE_AFTER}
/** How often the network difficulty (for the odds metrics) is read again. */
const DIFFICULTY_REFRESH_MS = 3_600_000
/** Poll rounds that may be missed before /healthz reports the loop stalled. */
const STALE_ROUNDS = 3

export interface ServeOptions {
  /** Bearer token every endpoint requires; null = open (loopback only by default). */
  authToken: string | null
  /** A fixed network difficulty; otherwise read from `source` (and refreshed hourly). */
  difficulty?: number
  intervalMs: number
  listen: ListenAddress
  /** Use the AxeOS live websocket where the firmware has it. */
  live: boolean
  /**
   * Serving the whole inventory: how to read it again when inventory.json changes (a scan, an alias, a
   * forget); undefined when the user named the targets.
   */
  followInventory?: () => Promise<ResolvedTarget[]>
  /** Home Assistant's MQTT broker (--mqtt), null for none. */
  mqtt: URL | null
  /** Where events are delivered (--notify). */
  notify: NotifyTarget[]
  /** `hashrate-drop` below this percentage of the expected hashrate for this long (absent = not watched). */
  hashrateDrop?: DetectRules['hashrateDrop']
  /** Failed polls in a row before a device is reported offline (DEFAULT_OFFLINE_AFTER). */
  offlineAfter: number
  source?: ChainSourceKind
  stateDir: string
}

export interface ServeSummary {
  events: number
  polls: number
  url: string
}

export interface ServeHooks {
  /** Every event, in order (the command prints it). */
  onEvent(event: ServeEvent): void
  /** Something the user should know that is not an event (a notification receiver failing). */
  onWarning(message: string): void
}

/** Runs until ctx.signal aborts. */
export async function runServe(targets: ResolvedTarget[], ctx: AppContext, options: ServeOptions, {onEvent, onWarning}: ServeHooks): Promise<ServeSummary> {
  const saved = await readServeState(options.stateDir)
  const view = new FleetView(await expectedPayout(ctx), saved.counters)
  view.difficulty = options.difficulty ?? null
  const events = new EventLog(saved.events)
  const memories = new Map(Object.entries(saved.devices).map(([key, memory]) => [key, {...newMemory(), ...memory}]))
  const fleetMemory = {...newFleetMemory(), ...saved.fleet}
  const rules: DetectRules = {hashrateDrop: options.hashrateDrop ?? null, offlineAfter: options.offlineAfter}
  let home: HomeAssistantLink | null = null
  // Devices announced before: kept until removed from Home Assistant.
  const mqttNodes = new Set(saved.mqttNodes)
  const save = () =>
    writeServeState(options.stateDir, {
      counters: Object.fromEntries(view.counters),
      devices: Object.fromEntries(memories),
      events: events.all(),
      fleet: fleetMemory,
      mqttNodes: [...mqttNodes],
    })
  const emit = (event: NewEvent) => onEvent(events.append(event))
  const notifier = options.notify.length > 0 ? await Notifier.open(options.notify, ctx, options.stateDir, onWarning) : null
  const startedAt = Date.now()
  const server = await startHttpServer(options.listen, {
    events,
    metrics: await createMetricsRenderer(),
    staleAfterMs: STALE_ROUNDS * options.intervalMs + ctx.timeoutMs,
    startedAt,
    token: options.authToken,
    view,
  })
  let polls = 0
  // Ends the difficulty refresh when serving ends for any reason, not only on a signal.
  const serving = new AbortController()
  // MQTT publishing is chained off the poll loop: a slow or absent broker never holds polling up.
  let publishing = Promise.resolve()
  const delivering = notifier?.run(AbortSignal.any([ctx.signal, serving.signal]))
  let started = false
  try {
    // After the listener: a busy port fails before anything connects anywhere.
    home = options.mqtt ? await connectHomeAssistant(options.mqtt, ctx) : null
    started = true
    emit(serveEvent('started', `Serving ${targets.length} device${targets.length === 1 ? '' : 's'} on ${server.url}`, {
      devices: targets.length,
      intervalMs: options.intervalMs,
      stateDir: options.stateDir,
      url: server.url,
    }))
    if (options.difficulty === undefined) void refreshDifficulty(view, ctx, options.source, AbortSignal.any([ctx.signal, serving.signal]))
    const inventory = options.followInventory ? await fileWatch(inventoryPath(ctx)) : null
    /** Polls `fleet` round after round; true when the inventory changed (serve then goes on with the new one). */
    const serveRounds = async (fleet: ResolvedTarget[]): Promise<boolean> => {
      for await (const tick of watchFleet(fleet, ctx, {intervalMs: options.intervalMs, live: options.live})) {
        polls += 1
        const members = tick.devices.map((row): FleetMember => ({fresh: row.source === 'poll' || (row.ok && row.source === 'live'), memory: memoryOf(memories, row), row}))
        const readings = members.filter(({fresh}) => fresh).map(({row}) => row)
        const found = readings.length > 0 ? detectRound(fleetMemory, members, rules) : []
        // The all-time best serve keeps, for /metrics (firmware that forgets it at every restart).
        view.record(tick, (row) => memories.get(deviceKey(row))!.bestDifficulty)
        if (readings.length > 0) {
          // Saved before they are shown: an event printed or notified is never raised again.
          const recorded = found.map((event) => events.append(event))
          await save()
          for (const event of recorded) onEvent(event)
          notifier?.enqueue(recorded)
          const firstRound = tick.poll === 1
          const link = home
          if (link) publishing = publishing.then(() => toHomeAssistant(link, tick.devices, readings, mqttNodes, firstRound)).catch((error: unknown) => onWarning(`mqtt: ${redactUrls(errorMessage(error))}`))
        }
        if (inventory && (await inventory.changed())) return true
      }
      return false
    }
    let fleet = targets
    while ((await serveRounds(fleet)) && !ctx.signal.aborted) {
      fleet = await options.followInventory!().catch((error: unknown) => {
        onWarning(`the inventory changed but cannot be read (${errorMessage(error)}); serving the devices as before`)
        return fleet
      })
    }
  } finally {
    serving.abort()
    await Promise.all([server.close(), delivering, publishing.then(() => home?.close())])
    if (started) emit(serveEvent('stopped', `Stopped after ${polls} poll round${polls === 1 ? '' : 's'}`, {polls}))
    await save()
  }
  return {events: events.last, polls, url: server.url}
}

/** The network difficulty for the odds metrics, read now and every hour; a failure only costs those metrics. */
async function refreshDifficulty(view: FleetView, ctx: AppContext, source: ChainSourceKind | undefined, signal: AbortSignal): Promise<void> {
  do {
    try {
      view.difficulty = (await readNetwork(ctx, {source})).difficulty
      view.version += 1
    } catch (error) {
      if (signal.aborted) return
      ctx.debug(`network difficulty: ${errorMessage(error)}`)
    }
  } while (await sleep(DIFFICULTY_REFRESH_MS, signal))
}

/** Tells whether a file changed (modified, created or removed) since the last call. */
async function fileWatch(path: string): Promise<{changed(): Promise<boolean>}> {
  const stamp = () => stat(path).then(({mtimeMs, size}) => `${mtimeMs}:${size}`, () => 'absent')
  let last = await stamp()
  return {
    async changed() {
      const now = await stamp()
      const changed = now !== last
      last = now
      return changed
    },
  }
}

/**
 * The readings to Home Assistant. After the first round, devices announced by an earlier run that are
 * not served any more are removed from it.
 */
async function toHomeAssistant(home: HomeAssistantLink, fleet: DeviceStatusRow[], readings: DeviceStatusRow[], announced: Set<string>, firstRound: boolean): Promise<void> {
  if (firstRound) {
    const served = new Set(fleet.map((row) => nodeId(row)))
    const gone = [...announced].filter((node) => !served.has(node))
    await home.forget(gone)
    for (const node of gone) announced.delete(node)
  }
  await home.publish(readings)
  for (const row of readings) if (row.ok) announced.add(nodeId(row))
}

function memoryOf(memories: Map<string, DeviceMemory>, row: DeviceStatusRow): DeviceMemory {
  const key = deviceKey(row)
  const memory = memories.get(key) ?? newMemory()
  memories.set(key, memory)
  return memory
}

function serveEvent(event: 'started' | 'stopped', message: string, data: Record<string, unknown>): NewEvent {
  const at = new Date().toISOString()
  return {at, data, device: null, event, id: `${event}:${at}`, message}
}
