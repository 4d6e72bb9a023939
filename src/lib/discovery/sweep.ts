/**
 * Stage one of a scan: a TCP-connect sweep of the candidate ports of every address, all ports of all hosts
 * in one queue under a global socket budget (per-host parallel ports multiply sockets otherwise), a short
 * connect timeout, and one retry pass for addresses where every probe timed out (a cold ARP cache or a
 * sleepy Wi-Fi miner drops the first SYN). Responders are reported as soon as their probes finish.
 */
import {tcpProbe} from '../net/tcp.js'
import {mapLimit} from '../status/parallel.js'

/** Measured on a namespace LAN and a home Wi-Fi: ESP32 miners answer a SYN in 5-150 ms. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 500
/** Sockets open at once during the sweep. */
export const DEFAULT_SWEEP_CONCURRENCY = 512

export interface SweepTarget {
  ip: string
  ports: number[]
}

export interface SweepResponder {
  ip: string
  openPorts: number[]
}

export interface SweepOptions {
  concurrency?: number
  /** Called after each finished host (probed hosts of the first pass, total hosts, responders so far). */
  onProgress?: (probed: number, total: number, found: number) => void
  onResponder?: (responder: SweepResponder) => void
  signal?: AbortSignal
  timeoutMs?: number
}

interface HostState {
  open: number[]
  pending: number
  silent: boolean
  target: SweepTarget
}

/** Probes every target's ports; resolves with the hosts that had at least one open port, in target order. */
export async function sweep(targets: SweepTarget[], options: SweepOptions = {}): Promise<SweepResponder[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  const concurrency = options.concurrency ?? DEFAULT_SWEEP_CONCURRENCY
  let probed = 0
  let found = 0
  const runPass = async (hosts: HostState[], firstPass: boolean) => {
    const jobs = hosts.flatMap((host) => host.target.ports.map((port) => ({host, port})))
    await mapLimit(jobs, concurrency, async ({host, port}) => {
      // Checked per job rather than passed to each probe: hundreds of sockets would each add an abort listener.
      const state = options.signal?.aborted ? 'timeout' : await tcpProbe(host.target.ip, port, timeoutMs)
      if (state === 'open') host.open.push(port)
      if (state !== 'timeout') host.silent = false
      host.pending--
      if (host.pending > 0) return
      if (host.open.length > 0) {
        found++
        options.onResponder?.(responderOf(host))
      }
      if (firstPass) probed++
      options.onProgress?.(probed, targets.length, found)
    })
  }
  const hosts = targets.map((target) => ({open: [], pending: target.ports.length, silent: true, target}))
  await runPass(hosts, true)
  const silent = hosts.filter((host) => host.silent)
  for (const host of silent) host.pending = host.target.ports.length
  if (!options.signal?.aborted) await runPass(silent, false)
  return hosts.filter((host) => host.open.length > 0).map((host) => responderOf(host))
}

function responderOf(host: HostState): SweepResponder {
  return {ip: host.target.ip, openPorts: [...host.open].sort((a, b) => a - b)}
}
