/**
 * The `watch` loop. Every tick reports every device, but a device is only asked when it is due: each
 * family's driver has a minimum poll interval (`minPollMs`: some embedded web servers stall under
 * tight polling), and firmware with a live stream (`subscribeLive`) pushes its state instead of being
 * polled at all.
 */
import type {AppContext} from '../context.js'
import type {DeviceIdentity, DeviceStatus} from '../devices/model.js'
import {loadDriver} from '../devices/registry.js'
import {errorMessage} from '../errors.js'
import {identifyTarget} from '../discovery/open.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {mapLimit} from '../parallel.js'
import {expectedPayout} from '../status/payout.js'
import {type DeviceStatusRow, type StatusTotals, failedRow, readOne, statusRow, statusTotals} from '../status/service.js'
import type {ExpectedPayout} from '../status/warnings.js'
import {type WatchAlert, compareReadings} from './alerts.js'
import {sleep} from '../sleep.js'

/** A device not identified yet (it did not answer as a miner) is asked again at most this often, ms. */
const UNIDENTIFIED_POLL_MS = 5000
/** A live stream silent for this long is checked with an ordinary poll (ws only sends changes). */
export const LIVE_STALE_MS = 30_000
export const MIN_INTERVAL_MS = 1000
export const HISTORY_LENGTH = 60
/**
 * Devices asked at once. A fleet of hundreds asked all together holds hundreds of sockets, requests and
 * replies in memory at the same moment (serve's peak RSS); 64 lanes still finish a round of 500 healthy
 * devices in well under a second (a silent device holds up its lane until its timeout).
 */
export const POLL_CONCURRENCY = 64

export interface WatchOptions {
  /** Stop after this many ticks (default: until Ctrl-C). */
  count?: number
  intervalMs: number
  /** Use push updates where the firmware offers them (default true). */
  live?: boolean
}

export interface WatchTick {
  alerts: WatchAlert[]
  at: string
  devices: WatchedDevice[]
  /** How long this tick's reads took, ms. */
  durationMs: number
  /** 1-based tick number. */
  poll: number
  totals: StatusTotals
}

export interface WatchedDevice extends DeviceStatusRow {
  /** Recent hashrates (H/s, oldest first, null = offline), for sparklines. */
  history: (number | null)[]
  /** How this reading arrived: 'poll', 'live' (websocket push) or 'cached' (not due yet). */
  source: 'cached' | 'live' | 'poll'
}

interface DeviceState {
  dueAt: number
  /** A reading arrived from the live stream since the last tick. */
  fresh: boolean
  history: (number | null)[]
  /** The latest reading (polled or pushed). */
  last: DeviceStatusRow | undefined
  live: {close(): void} | null
  liveAt: number
  /** The user's solo payout addresses (a device paying another one gets a warning). */
  payout: ExpectedPayout | null
  /** The firmware has no live stream (or the user turned it off): poll only. */
  pollOnly: boolean
  /** The device answered as the miner the inventory saved (its MAC is checked once, not every poll). */
  identityChecked: boolean
  /** The reading alerts were last computed against. */
  reported: DeviceStatusRow | undefined
  target: ResolvedTarget
}

/** Polls/streams the targets and yields one tick per interval until `count` ticks or Ctrl-C. */
export async function* watchFleet(targets: ResolvedTarget[], ctx: AppContext, options: WatchOptions): AsyncGenerator<WatchTick> {
  const intervalMs = Math.max(MIN_INTERVAL_MS, options.intervalMs)
  const payout = await expectedPayout(ctx)
  const states = targets.map(
    (target): DeviceState => ({
      dueAt: 0,
      fresh: false,
      history: [],
      identityChecked: false,
      last: undefined,
      live: null,
      liveAt: 0,
      payout,
      pollOnly: options.live === false,
      reported: undefined,
      target,
    }),
  )
  try {
    for (let poll = 1; options.count === undefined || poll <= options.count; poll++) {
      const started = Date.now()
      const readings = await mapLimit(states, POLL_CONCURRENCY, (state) => tick(state, ctx, intervalMs))
      const devices = readings.map(({device}) => device)
      const durationMs = Date.now() - started
      yield {alerts: readings.flatMap(({alerts}) => alerts), at: new Date().toISOString(), devices, durationMs, poll, totals: statusTotals(devices)}
      if (options.count !== undefined && poll >= options.count) return
      if (!(await sleep(started + intervalMs - Date.now(), ctx.signal))) return
    }
  } catch (error) {
    // Ctrl-C is how a watch normally ends.
    if (!ctx.signal.aborted) throw error
  } finally {
    for (const state of states) closeLive(state)
  }
}

async function tick(state: DeviceState, ctx: AppContext, intervalMs: number): Promise<{alerts: WatchAlert[]; device: WatchedDevice}> {
  const now = Date.now()
  const streaming = state.live !== null && now - state.liveAt <= LIVE_STALE_MS
  let source: WatchedDevice['source'] = 'cached'
  if (streaming) {
    if (state.fresh) source = 'live'
  } else if (state.last === undefined || now >= state.dueAt) {
    // A silent stream may mean the device is gone: drop it and ask directly.
    closeLive(state)
    state.last = await pollDevice(state, ctx)
    state.dueAt = now + Math.max(intervalMs, await minimumPollMs(state.target.identity))
    source = 'poll'
    if (state.last.ok) await startLive(state, ctx)
  }
  state.fresh = false
  const row = state.last!
  let alerts: WatchAlert[] = []
  if (source !== 'cached') {
    alerts = compareReadings(state.reported, row)
    state.reported = row
    state.history = [...state.history, row.ok ? row.hashrate : null].slice(-HISTORY_LENGTH)
  }
  return {alerts, device: {...row, history: state.history, source}}
}

async function pollDevice(state: DeviceState, ctx: AppContext): Promise<DeviceStatusRow> {
  const {target} = state
  if (!target.identity) {
    try {
      state.target = {...target, identity: await identifyTarget(target, ctx)}
    } catch (error) {
      if (ctx.signal.aborted) throw error
      return failedRow(target, target.address, null, error)
    }
  }
  const row = await readOne(state.target, ctx, state.payout, {checkIdentity: !state.identityChecked})
  state.identityChecked ||= row.ok
  return row
}

/** The fastest the device's family may be polled (its driver's `minPollMs`). */
async function minimumPollMs(identity: DeviceIdentity | null): Promise<number> {
  return identity ? (await loadDriver(identity.driver)).minPollMs : UNIDENTIFIED_POLL_MS
}

/** Subscribes to the device's push updates where its firmware has them (the driver's `subscribeLive`); otherwise it stays polled. */
async function startLive(state: DeviceState, ctx: AppContext): Promise<void> {
  const identity = state.target.identity
  if (state.pollOnly || state.live !== null || identity === null) return
  const driver = await loadDriver(identity.driver)
  if (!driver.subscribeLive) return
  try {
    const onStatus = (status: DeviceStatus) => {
      state.last = statusRow(state.target, state.target.address, identity, status, {heatLimits: driver.heatLimits, payout: state.payout})
      state.fresh = true
      state.liveAt = Date.now()
    }
    // A stream that ends (restart, network lost) hands the device back to polling at the next tick.
    const onEnd = (reason: string) => {
      ctx.debug(`${state.target.target}: live stream ended (${reason})`)
      state.live = null
      state.dueAt = 0
    }
    state.live = await driver.subscribeLive(state.target.address, identity, ctx, {onEnd, onStatus})
    state.liveAt = Date.now()
  } catch (error) {
    if (ctx.signal.aborted) throw error
    ctx.debug(`${state.target.target}: no live stream (${errorMessage(error)}); polling`)
    state.pollOnly = true
  }
}

function closeLive(state: DeviceState): void {
  state.live?.close()
  state.live = null
}
