/**
 * The scan service: plan the targets, sweep them (TCP connect) while browsing mDNS on the same links,
 * identify each responder as soon as the sweep finds it (bounded, with its own deadline), read its hashrate,
 * merge what mDNS saw, and save the devices to the inventory. A scan always completes: a device that stalls,
 * floods or lies only ends up unidentified.
 */
import {type AppContext, DEVICE_BUDGET_TIMEOUTS, withBudget} from '../context.js'
import {type DeviceAddress, type DeviceIdentity, type DriverId, DEFAULT_HTTP_PORT, DEFAULT_RPC_PORT, plausibleFigure} from '../devices/model.js'
import {loadDriver} from '../devices/registry.js'
import {errorMessage} from '../errors.js'
import {compareAddresses, recordScan} from '../inventory/store.js'
import {identifyAddress} from './identify.js'
import {withMemoisedGets} from './memo-http.js'
import {createWorkQueue} from './queue.js'
import {type MdnsDevice, DEFAULT_MDNS_TIMEOUT_MS, browseMdns} from './mdns.js'
import {type SweepTarget, sweep} from './sweep.js'
import {type TargetOptions, type TargetPlan, planTargets} from './targets.js'

/** Hosts identified at once; each identification opens two or three sockets. */
export const DEFAULT_IDENTIFY_CONCURRENCY = 128

export type DiscoveryMethod = 'mdns' | 'sweep'

/** One device in `scan --json` (stable shape, documented in the README). */
export interface ScannedDevice {
  asic: string | null
  discoveredBy: DiscoveryMethod[]
  driver: DriverId
  firmware: string
  firmwareVersion: string | null
  /** H/s, null when the device did not tell. */
  hashrate: number | null
  hostname: string | null
  httpPort: number
  ip: string
  mac: string | null
  make: string
  model: string
  rpcPort: number
}

export interface UnidentifiedHost {
  ip: string
  openPorts: number[]
}

export interface ScanReport {
  devices: ScannedDevice[]
  durationMs: number
  notes: string[]
  /** Addresses swept. */
  scanned: number
  unidentified: UnidentifiedHost[]
}

export type ScanEvent =
  | {device: ScannedDevice; type: 'device'}
  | {found: number; probed: number; total: number; type: 'progress'}
  | {notes: string[]; total: number; type: 'plan'}

export interface ScanOptions {
  concurrency?: number
  connectTimeoutMs?: number
  httpPort?: number
  identifyConcurrency?: number
  /** Per-request timeout during identification (default ctx.timeoutMs). */
  identifyTimeoutMs?: number
  /** Browse mDNS on the links of the scanned subnets (default true). */
  mdns?: boolean
  mdnsTimeoutMs?: number
  onEvent?: (event: ScanEvent) => void
  rpcPort?: number
  /** Save found devices to the inventory (default true). */
  save?: boolean
  /**
   * Exact addresses, each with its own ports (e.g. simulators sharing 127.0.0.1), swept instead of
   * planning `targets`; their links are not browsed with mDNS.
   */
  addresses?: DeviceAddress[]
  targetOptions?: TargetOptions
  targets: string[]
}

interface Found {
  device: ScannedDevice
  identity: DeviceIdentity
}

export async function runScan(ctx: AppContext, options: ScanOptions): Promise<ScanReport> {
  const started = Date.now()
  const httpPort = options.httpPort ?? DEFAULT_HTTP_PORT
  const rpcPort = options.rpcPort ?? DEFAULT_RPC_PORT
  const plan = options.addresses ? addressPlan(options.addresses) : await planTargets(options.targets, {resolveTimeoutMs: ctx.timeoutMs, ...options.targetOptions})
  options.onEvent?.({notes: plan.notes, total: plan.hosts.length, type: 'plan'})

  const identifier = createIdentifier(ctx, options)
  const mdnsBrowse =
    options.mdns === false
      ? Promise.resolve([])
      : browseMdns({
          interfaceAddresses: plan.links.map((link) => link.address),
          signal: ctx.signal,
          timeoutMs: options.mdnsTimeoutMs ?? DEFAULT_MDNS_TIMEOUT_MS,
        })
  // Port lists are [HTTP, RPC] (one port when they are equal); a host may bring its own of either.
  const sweepTargets: SweepTarget[] = plan.hosts.map((host) => ({
    ip: host.ip,
    ports: [...new Set([host.port ?? httpPort, host.rpcPort ?? rpcPort])],
  }))
  await sweep(sweepTargets, {
    concurrency: options.concurrency,
    onProgress: (probed, total, found) => options.onEvent?.({found, probed, total, type: 'progress'}),
    onResponder: ({ip, openPorts, ports}) => identifier.add({host: ip, httpPort: ports[0]!, rpcPort: ports.at(-1)!}, openPorts),
    signal: ctx.signal,
    timeoutMs: options.connectTimeoutMs,
  })
  // mDNS is a safety net for what the sweep missed (a sleepy device, another HTTP port), within the targets.
  const planned = new Set(plan.hosts.map((host) => host.ip))
  const advertised = (await mdnsBrowse).filter((device) => planned.has(device.ip))
  for (const device of advertised) {
    if (!identifier.has(device.ip)) identifier.add({host: device.ip, httpPort: device.port ?? httpPort, rpcPort}, undefined)
  }
  const {found, unidentified} = await identifier.done()
  // Ctrl-C: the sweep and identification stop early; report the interruption, not a partial scan.
  if (ctx.signal.aborted) throw ctx.signal.reason
  const devices = mergeMdns(found, advertised)
  if (options.save !== false) await recordScan(ctx, devices.map(({identity}) => identity))
  return {
    devices: devices.map(({device}) => device),
    durationMs: Date.now() - started,
    notes: plan.notes,
    scanned: plan.hosts.length,
    unidentified: unidentified.sort((a, b) => compareAddresses(a.ip, b.ip)),
  }
}

/** The plan for exact addresses: nothing to expand, no links to browse. */
function addressPlan(addresses: DeviceAddress[]): TargetPlan {
  return {hosts: addresses.map(({host, httpPort, rpcPort}) => ({ip: host, port: httpPort, rpcPort})), links: [], notes: []}
}

/** Identifies hosts as they are added, at most `identifyConcurrency` at once. */
function createIdentifier(ctx: AppContext, options: ScanOptions) {
  const queue = createWorkQueue(options.identifyConcurrency ?? DEFAULT_IDENTIFY_CONCURRENCY)
  const timeoutMs = options.identifyTimeoutMs ?? ctx.timeoutMs
  const found: Found[] = []
  const unidentified: UnidentifiedHost[] = []
  const seen = new Set<string>()
  const identify = async (address: DeviceAddress, openPorts: number[] | undefined) => {
    // One budget for the host's identification, describe and hashrate read (the scan's bound), which
    // share the host's answers.
    const budget = withBudget(ctx, timeoutMs * DEVICE_BUDGET_TIMEOUTS, address.host)
    const hostCtx = withMemoisedGets(budget.ctx)
    try {
      const identity = await identifyAddress(address, hostCtx, {openPorts, timeoutMs}).catch((error: unknown) => {
        ctx.debug(`scan ${address.host}: ${errorMessage(error)}`)
        return null
      })
      if (!identity) {
        unidentified.push({ip: address.host, openPorts: openPorts ?? []})
        return
      }
      const device = toScannedDevice(identity, await readHashrate(identity, hostCtx), openPorts ? ['sweep'] : ['mdns'])
      found.push({device, identity})
      options.onEvent?.({device, type: 'device'})
    } finally {
      budget.release()
    }
  }
  return {
    add(address: DeviceAddress, openPorts: number[] | undefined) {
      seen.add(address.host)
      queue.add(() => identify(address, openPorts))
    },
    async done() {
      await queue.drain()
      return {found, unidentified}
    },
    has: (host: string) => seen.has(host),
  }
}

async function readHashrate(identity: DeviceIdentity, ctx: AppContext): Promise<number | null> {
  try {
    const driver = await loadDriver(identity.driver)
    return plausibleFigure((await driver.readStatus(identity.address, ctx)).hashrate, 'hashrate')
  } catch (error) {
    ctx.debug(`scan ${identity.address.host}: no hashrate: ${errorMessage(error)}`)
    return null
  }
}

function toScannedDevice(
  identity: DeviceIdentity,
  hashrate: number | null,
  discoveredBy: DiscoveryMethod[],
): ScannedDevice {
  return {
    asic: identity.asic,
    discoveredBy,
    driver: identity.driver,
    firmware: identity.firmware,
    firmwareVersion: identity.firmwareVersion,
    hashrate,
    hostname: identity.hostname,
    httpPort: identity.address.httpPort,
    ip: identity.address.host,
    mac: identity.mac,
    make: identity.make,
    model: identity.model,
    rpcPort: identity.address.rpcPort,
  }
}

/**
 * Adds what mDNS said to the identified devices (by IP: mDNS carries no MAC), then collapses devices seen
 * at several addresses into one by MAC, sorted by address.
 */
function mergeMdns(found: Found[], advertised: MdnsDevice[]): Found[] {
  const byIp = new Map(advertised.map((device) => [device.ip, device]))
  const byMac = new Map<string, Found>()
  const result: Found[] = []
  const sorted = [...found].sort((a, b) => compareAddresses(a.device.ip, b.device.ip) || a.device.httpPort - b.device.httpPort)
  for (const entry of sorted) {
    const mdns = byIp.get(entry.device.ip)
    const merged = mdns ? withMdns(entry, mdns) : entry
    const twin = merged.device.mac === null ? undefined : byMac.get(merged.device.mac)
    if (twin) {
      twin.device.discoveredBy = unionMethods(twin.device.discoveredBy, merged.device.discoveredBy)
      continue
    }
    if (merged.device.mac !== null) byMac.set(merged.device.mac, merged)
    result.push(merged)
  }
  return result
}

function withMdns(entry: Found, mdns: MdnsDevice): Found {
  const hostname = entry.device.hostname ?? mdns.hostname
  return {
    device: {...entry.device, discoveredBy: unionMethods(entry.device.discoveredBy, ['mdns']), hostname},
    identity: {...entry.identity, hostname},
  }
}

function unionMethods(a: DiscoveryMethod[], b: DiscoveryMethod[]): DiscoveryMethod[] {
  return (['mdns', 'sweep'] as const).filter((method) => a.includes(method) || b.includes(method))
}
