/**
 * Restart cycles: after a restart request a device first vanishes, then answers again. Waiting for both
 * (bounded) keeps a read-back from hitting the device before it restarted and reading old values.
 */
import type {AppContext} from '../context.js'
import type {DeviceAddress} from '../devices/model.js'
import {SolominerError} from '../errors.js'
import {tcpProbe} from '../net/tcp.js'
import {sleep} from '../sleep.js'

export interface RestartWaitOptions {
  /** How long to watch for the device to go away before assuming it restarted unseen. */
  goneMs?: number
  /** How long the device may take to answer again. */
  backMs?: number
}

export const DEFAULT_RESTART_WAIT_MS = 120_000
const DEFAULT_GONE_MS = 10_000
const GONE_POLL_MS = 100
const BACK_POLL_MS = 500
const PROBE_TIMEOUT_MS = 300

/** Waits between polls; Ctrl-C ends the wait with the interrupt error. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (!(await sleep(ms, signal))) throw signal.reason
}

/** The device ports that answer now (HTTP and/or RPC): the ones to watch through the restart. */
export async function openPorts(address: DeviceAddress, ctx: AppContext): Promise<number[]> {
  const ports = [...new Set([address.httpPort, address.rpcPort])]
  const states = await Promise.all(ports.map((port) => tcpProbe(address.host, port, PROBE_TIMEOUT_MS, ctx.signal)))
  return ports.filter((_, index) => states[index] === 'open')
}

async function anyPortClosed(host: string, ports: number[], ctx: AppContext): Promise<boolean> {
  const states = await Promise.all(ports.map((port) => tcpProbe(host, port, PROBE_TIMEOUT_MS, ctx.signal)))
  return states.some((state) => state !== 'open')
}

/**
 * Waits for the restart cycle of a device whose `watchPorts` answered before the restart request, then
 * returns `readBack()` once it succeeds. Returns whether the device was seen going away.
 */
export async function waitForRestart<T>(
  address: DeviceAddress,
  watchPorts: number[],
  readBack: () => Promise<T>,
  ctx: AppContext,
  options: RestartWaitOptions = {},
): Promise<{sawDown: boolean; value: T}> {
  const goneDeadline = Date.now() + (options.goneMs ?? DEFAULT_GONE_MS)
  let sawDown = watchPorts.length === 0
  while (!sawDown && Date.now() < goneDeadline) {
    sawDown = await anyPortClosed(address.host, watchPorts, ctx)
    if (!sawDown) await pause(GONE_POLL_MS, ctx.signal)
  }
  const backDeadline = Date.now() + (options.backMs ?? DEFAULT_RESTART_WAIT_MS)
  let lastError: unknown
  while (Date.now() < backDeadline) {
    try {
      return {sawDown, value: await readBack()}
    } catch (error) {
      lastError = error
      await pause(BACK_POLL_MS, ctx.signal)
    }
  }
  throw new SolominerError(
    'HOST_UNREACHABLE',
    `${address.host} did not come back within ${Math.round((options.backMs ?? DEFAULT_RESTART_WAIT_MS) / 1000)} s after the restart`,
    {cause: lastError, suggestions: ['Check the device; raise the wait with --wait <seconds>']},
  )
}
