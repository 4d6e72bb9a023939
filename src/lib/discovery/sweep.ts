/**
 * Stage one of a scan: a TCP-connect sweep of the candidate ports of every address, all ports of all hosts
 * in one queue under a global socket budget (per-host parallel ports multiply sockets otherwise), a short
 * connect timeout, and one retry for addresses where every probe timed out (a cold ARP cache or a sleepy
 * Wi-Fi miner drops the first SYN). The retry is queued as soon as a host's first probes time out, so it
 * shares the socket budget with the rest of the sweep instead of adding a second pass, and it waits less:
 * a host that answered ARP during the first attempt needs one round trip, and one whose ARP reply comes
 * late still gets the retry's window on top of the first. Responders are reported as soon as their probes
 * finish.
 */
import {tcpProbe} from '../net/tcp.js'
import {createWorkQueue} from './queue.js'

/** ESP32 miners answer a SYN in 5-150 ms on a home Wi-Fi; 500 ms leaves room for power-save wake-ups. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 500
/**
 * Sockets open at once during the sweep (Node raises the soft file limit to the hard one at start). A /22
 * has 2044 probes: at 2048 the silent ones wait out their timeout in one wave instead of two (bench/scan).
 */
export const DEFAULT_SWEEP_CONCURRENCY = 2048
/** The retry's connect timeout as a share of the first attempt's (300 ms at the default). */
const RETRY_TIMEOUT_SHARE = 0.6

export interface SweepTarget {
  ip: string
  ports: number[]
}

export interface SweepResponder {
  ip: string
  openPorts: number[]
  /** The ports probed, as the target gave them. */
  ports: number[]
}

export interface SweepOptions {
  concurrency?: number
  /** Called after each finished host (hosts finished, total hosts, responders so far). */
  onProgress?: (probed: number, total: number, found: number) => void
  onResponder?: (responder: SweepResponder) => void
  signal?: AbortSignal
  timeoutMs?: number
}

interface HostState {
  attempts: number
  open: number[]
  pending: number
  silent: boolean
  target: SweepTarget
}

/** Probes every target's ports; resolves with the hosts that had at least one open port, in target order. */
export async function sweep(targets: SweepTarget[], options: SweepOptions = {}): Promise<SweepResponder[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const retryTimeoutMs = Math.round(timeoutMs * RETRY_TIMEOUT_SHARE)
  const queue = createWorkQueue(options.concurrency ?? DEFAULT_SWEEP_CONCURRENCY)
  let finished = 0
  let found = 0
  const probeAll = (host: HostState) => {
    host.attempts++
    host.pending = host.target.ports.length
    for (const port of host.target.ports) queue.add(() => probe(host, port))
  }
  const probe = async (host: HostState, port: number) => {
    // Checked per probe rather than passed to each socket: hundreds of sockets would each add an abort listener.
    const wait = host.attempts === 1 ? timeoutMs : retryTimeoutMs
    const state = options.signal?.aborted ? 'timeout' : await tcpProbe(host.target.ip, port, wait)
    if (state === 'open') host.open.push(port)
    if (state !== 'timeout') host.silent = false
    if (--host.pending > 0) return
    if (host.silent && host.attempts === 1 && !options.signal?.aborted) return probeAll(host)
    finished++
    if (host.open.length > 0) {
      found++
      options.onResponder?.(responderOf(host))
    }
    options.onProgress?.(finished, targets.length, found)
  }
  const hosts: HostState[] = targets.map((target) => ({attempts: 0, open: [], pending: 0, silent: true, target}))
  for (const host of hosts) probeAll(host)
  await queue.drain()
  return hosts.filter((host) => host.open.length > 0).map((host) => responderOf(host))
}

function responderOf(host: HostState): SweepResponder {
  return {ip: host.target.ip, openPorts: [...host.open].sort((a, b) => a - b), ports: host.target.ports}
}
