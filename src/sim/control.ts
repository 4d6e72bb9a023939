/**
 * Simulators on command: the events a solo miner waits months for, now. Every family whose simulator
 * has the hooks (AxeOS, Avalon, Antminer, Braiins) finds a share or a block, reboots, goes offline and
 * comes back when told, so tests (and `solominer sim`, which reads these commands on stdin) can drive
 * `serve` and `watch` through exact events:
 *   block DEVICE [DIFF]     a block (a share of DIFF, default 2e14: beats any best difficulty)
 *   share DEVICE DIFF       a share of DIFF (a new best when it beats the device's)
 *   reboot DEVICE           a reboot as the firmware does one (away for a moment, uptime from zero)
 *   offline DEVICE          the device is gone (connections refused) until `online DEVICE`
 * DEVICE is the simulator's address (`127.77.0.11`, or `127.0.0.1:18081` when addresses are shared),
 * its hostname, or `all`.
 */
import {createInterface} from 'node:readline'

import {parseDifficulty} from '../lib/units.js'
import type {SimDevice} from './device.js'

/** What a controllable simulator does on command (besides `start`/`stop`). */
export interface SimControls {
  /** A share of this difficulty is found (a block when `block`), as the firmware counts it. */
  recordShare(difficulty: number, options?: {block?: boolean}): void
  /** Reboots as the firmware does: away for a moment, back with uptime from zero. */
  reboot(): void
}

export type ControllableSim = SimDevice & SimControls

/** The share that finds a block when no difficulty is given: above the network difficulty of 2025-26. */
export const BLOCK_DIFFICULTY = 2e14

export const CONTROL_HELP = 'Commands: block DEVICE [DIFF], share DEVICE DIFF, reboot DEVICE, offline DEVICE, online DEVICE (DEVICE: address, hostname or all)'

export interface ControlTarget {
  hostname: string | null
  sim: SimDevice
}

export function isControllable(sim: SimDevice): sim is ControllableSim {
  const candidate = sim as Partial<SimControls>
  return typeof candidate.recordShare === 'function' && typeof candidate.reboot === 'function'
}

/** Runs one command line on the fleet; resolves with what happened (one line), rejects with what is wrong. */
export async function runControlCommand(line: string, targets: ControlTarget[]): Promise<string> {
  const [command = '', device = '', value, ...extra] = line.trim().split(/\s+/)
  const usage = (why: string) => new Error(`${why}. ${CONTROL_HELP}`)
  if (!['block', 'offline', 'online', 'reboot', 'share'].includes(command)) throw usage(`Unknown command "${command}"`)
  if (device === '' || extra.length > 0 || (command === 'share' ? value === undefined : command !== 'block' && value !== undefined)) {
    throw usage(`"${line.trim()}" is not understood`)
  }
  const chosen = targets.filter(({hostname, sim}) => {
    const {host, httpPort} = sim.address
    return device === 'all' || device === host || device === `${host}:${httpPort}` || device === hostname
  })
  if (chosen.length === 0) throw usage(`No simulated device "${device}"`)
  const difficulty = value === undefined ? BLOCK_DIFFICULTY : parseDifficulty(value)
  for (const {sim} of chosen) {
    if ((command === 'block' || command === 'share' || command === 'reboot') && !isControllable(sim)) throw new Error(`${sim.name} cannot ${command} on command`)
  }
  const names = chosen.map(({hostname, sim}) => `${hostname ?? sim.name} (${sim.address.host}:${sim.address.httpPort})`).join(', ')
  for (const {sim} of chosen) {
    switch (command) {
      case 'block':
      case 'share':
        ;(sim as ControllableSim).recordShare(difficulty, {block: command === 'block'})
        break
      case 'reboot':
        ;(sim as ControllableSim).reboot()
        break
      case 'offline':
        await sim.stop()
        break
      case 'online':
        await sim.start()
        break
    }
  }
  const done = {block: `found a block (share ${difficulty})`, offline: 'is offline', online: 'is back online', reboot: 'reboots', share: `found a share of ${difficulty}`}
  return `${names}: ${done[command as keyof typeof done]}`
}

/**
 * Reads commands from `input` line by line until it ends or `signal` aborts; each result (or error)
 * goes to `reply`. Resolves when reading has stopped.
 */
export function readControlCommands(input: NodeJS.ReadableStream, targets: ControlTarget[], reply: (line: string) => void, signal: AbortSignal): Promise<void> {
  const lines = createInterface({input, terminal: false})
  let queue = Promise.resolve()
  lines.on('line', (line) => {
    if (line.trim() === '') return
    queue = queue.then(() => runControlCommand(line, targets).then(reply, (error: unknown) => reply(`Error: ${(error as Error).message}`)))
  })
  signal.addEventListener('abort', () => lines.close(), {once: true})
  return new Promise((resolve) => lines.once('close', () => void queue.then(resolve)))
}
