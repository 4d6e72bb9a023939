/**
 * The simulated home fleet used by `solominer demo`, `solominer sim`, tests and benchmarks: a few
 * AxeOS generations, a NerdQAxe++, a Lucky Miner port, an Avalon Nano 3S and a stock Antminer S9,
 * each on its own 127.x address like devices on a LAN. Where those addresses cannot be bound (macOS
 * has only 127.0.0.1 on loopback by default), they share 127.0.0.1 with a port pair each.
 */
import {DEFAULT_HTTP_PORT, DEFAULT_RPC_PORT} from '../lib/devices/model.js'
import {SolominerError} from '../lib/errors.js'
import {createAntminerSim} from './antminer.js'
import {createAvalonSim} from './avalon.js'
import {type AxeosProfile, createAxeosSim} from './axeos.js'
import type {SimDevice} from './device.js'

/**
 * 'ephemeral': port 0 everywhere (tests); 'standard': 80 and 4028 like real devices (port 80 needs
 * root); or the same fixed pair on every address, so a range scan with --http-port/--rpc-port finds them.
 */
export type FleetPorts = 'ephemeral' | 'standard' | {http: number; rpc: number}

export interface HomeFleetOptions {
  /** First three octets of the addresses, e.g. "127.77.0" (devices from .11 up). */
  hostBase?: string
  ports?: FleetPorts
  /** Share 127.0.0.1 without trying the fleet's own addresses first (as on a system without them). */
  sharedHost?: boolean
}

export interface HomeFleet {
  devices: SimDevice[]
  /** What each simulator is and where it listens (for `sim`, `demo` and people building dashboards). */
  listing: SimListing[]
  /** Every device listens on SHARED_FLEET_HOST, told apart by its ports. */
  sharedHost: boolean
  stop(): Promise<void>
}

export interface SimListing {
  driver: SimDevice['driver']
  host: string
  hostname: string | null
  /** null when the device has no web interface. */
  httpPort: number | null
  /** The MAC the firmware reports; null when its replies carry none (what `scan` can learn). */
  mac: string | null
  name: string
  /** null when the device has no cgminer RPC. */
  rpcPort: number | null
}

export const DEFAULT_FLEET_HOST_BASE = '127.77.0'
/** The port pair `demo` and `sim` put on every address (other pairs are tried when it is taken). */
export const DEFAULT_FLEET_PORTS: PortPair = {http: 18_080, rpc: 14_028}
const PORT_ATTEMPTS = 4
/** The one loopback address every system has. */
export const SHARED_FLEET_HOST = '127.0.0.1'
const FIRST_HOST = 11

interface FleetMember {
  hostname: string | null
  /** Which listeners the real device has. */
  listens: {http: boolean; rpc: boolean}
  start(host: string, ports: {http: number; rpc: number}): Promise<SimDevice>
}

function axeos(profile: AxeosProfile, hostname: string): FleetMember {
  return {
    hostname,
    listens: {http: true, rpc: false},
    // AxeOS has no RPC listener: an ephemeral "port 0" would only confuse identification.
    start: (host, ports) => createAxeosSim({host, hostname, httpPort: ports.http, profile, rpcPort: ports.rpc || undefined}),
  }
}

/** The payout address every simulated solo miner uses (a valid mainnet P2WSH address). */
export const FLEET_PAYOUT_ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'

const avalonNano3s: FleetMember = {
  // Canaan firmware has no host name setting.
  hostname: null,
  listens: {http: true, rpc: true},
  start: (host, ports) =>
    createAvalonSim({
      host,
      httpPort: ports.http,
      pools: [
        {password: 'x', url: 'stratum+tcp://public-pool.io:21496', user: `${FLEET_PAYOUT_ADDRESS}.nano3s`},
        {password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: `${FLEET_PAYOUT_ADDRESS}.nano3s`},
      ],
      profile: 'nano3s',
      rpcPort: ports.rpc,
    }),
}

/** Stock S9 as bought second-hand: still on its previous owner's AntPool solo account, not an address (status warns). */
const antminerS9: FleetMember = {
  hostname: 'antminer-s9',
  listens: {http: true, rpc: true},
  start: (host, ports) => createAntminerSim({host, hostname: 'antminer-s9', httpPort: ports.http, rpcPort: ports.rpc, variant: 's9'}),
}

/** The fleet, in address order. */
const MEMBERS: FleetMember[] = [
  axeos('axeos-2.15', 'bitaxe-gamma'),
  axeos('axeos-2.13', 'bitaxe-gamma-2'),
  axeos('axeos-2.9', 'bitaxe-supra'),
  axeos('axeos-2.0', 'bitaxe-max'),
  axeos('nerdqaxe++', 'nerdqaxe'),
  axeos('lv06', 'lv06'),
  avalonNano3s,
  antminerS9,
]

/** The fleet's address range as a scan target, e.g. "127.77.0.11-18". */
export function fleetRange(hostBase = DEFAULT_FLEET_HOST_BASE): string {
  const hosts = fleetHosts(hostBase)
  return `${hosts[0]}-${hosts.at(-1)!.split('.').at(-1)}`
}

/**
 * The `solominer scan` command that finds the whole fleet and saves each device with its ports, or null
 * when no single scan can: ephemeral ports differ per device, and a shared 127.0.0.1 shifts them.
 */
export function fleetScanCommand(fleet: HomeFleet, hostBase = DEFAULT_FLEET_HOST_BASE): string | null {
  const [first] = fleet.devices
  if (fleet.sharedHost || !first) return null
  const {httpPort, rpcPort} = first.address
  if (fleet.devices.some((device) => device.address.httpPort !== httpPort || device.address.rpcPort !== rpcPort)) return null
  const portFlags = [
    httpPort === DEFAULT_HTTP_PORT ? '' : ` --http-port ${httpPort}`,
    rpcPort === DEFAULT_RPC_PORT ? '' : ` --rpc-port ${rpcPort}`,
  ].join('')
  return `solominer scan ${fleetRange(hostBase)}${portFlags} --no-mdns`
}

/** The addresses the fleet uses with `hostBase`, e.g. for a scan range. */
export function fleetHosts(hostBase = DEFAULT_FLEET_HOST_BASE): string[] {
  return MEMBERS.map((_, index) => `${hostBase}.${FIRST_HOST + index}`)
}

export interface PortPair {
  http: number
  rpc: number
}

interface Placement {
  host: string
  ports: PortPair
}

/**
 * Starts the fleet on DEFAULT_FLEET_PORTS on every address (what a range scan needs), or on another
 * free pair when that one is taken (say, by a `solominer sim` left running).
 */
export async function startFleetOnFixedPorts(options: Omit<HomeFleetOptions, 'ports'> = {}): Promise<{fleet: HomeFleet; ports: PortPair}> {
  for (let attempt = 0; ; attempt++) {
    const ports = attempt === 0 ? DEFAULT_FLEET_PORTS : randomPortPair()
    try {
      return {fleet: await startHomeFleet({...options, ports}), ports}
    } catch (error) {
      if (!isPortTaken(error) || attempt + 1 >= PORT_ATTEMPTS) throw error
    }
  }
}

/** Far apart: on a shared 127.0.0.1 each device takes the pair shifted by its position. */
function randomPortPair(): PortPair {
  const http = 20_000 + Math.floor(Math.random() * 20_000)
  return {http, rpc: http + 20_000}
}

/**
 * Starts every simulator on its own address; where such addresses cannot be bound, on 127.0.0.1 with
 * the port pair shifted by the device's position (ephemeral ports stay ephemeral). Real-device ports
 * ('standard') cannot be shared, so they never fall back.
 */
export async function startHomeFleet(options: HomeFleetOptions = {}): Promise<HomeFleet> {
  const hostBase = options.hostBase ?? DEFAULT_FLEET_HOST_BASE
  const ports = portPair(options.ports ?? 'ephemeral')
  const canShare = options.ports !== 'standard'
  if (!(options.sharedHost && canShare)) {
    try {
      return await startMembers(fleetHosts(hostBase).map((host) => ({host, ports})), false)
    } catch (error) {
      if (!canShare || !isAddressUnavailable(error)) throw explainBindFailure(error, hostBase)
    }
  }
  const shift = (port: number, index: number) => (port === 0 ? 0 : port + index)
  return startMembers(
    MEMBERS.map((_, index) => ({host: SHARED_FLEET_HOST, ports: {http: shift(ports.http, index), rpc: shift(ports.rpc, index)}})),
    true,
  ).catch((error: unknown) => {
    throw explainBindFailure(error, hostBase)
  })
}

/** Starts every member at its placement; if one fails to start, the ones already up are stopped again. */
async function startMembers(placements: Placement[], sharedHost: boolean): Promise<HomeFleet> {
  const started = await Promise.allSettled(MEMBERS.map((member, index) => member.start(placements[index]!.host, placements[index]!.ports)))
  const devices = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
  const stop = async () => {
    await Promise.all(devices.map((device) => device.stop()))
  }
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected')
  if (failure) {
    await stop()
    throw failure.reason
  }
  const listing = devices.map((device, index) => listingOf(device, MEMBERS[index]!))
  return {devices, listing, sharedHost, stop}
}

function isAddressUnavailable(error: unknown): boolean {
  return (error as {code?: string}).code === 'EADDRNOTAVAIL'
}

/** A port of the fleet was taken (explained by explainBindFailure, which keeps the system error as cause). */
function isPortTaken(error: unknown): boolean {
  return error instanceof SolominerError && (error.cause as {code?: string} | undefined)?.code === 'EADDRINUSE'
}

function listingOf(device: SimDevice, member: FleetMember): SimListing {
  const {address} = device
  return {
    driver: device.driver,
    host: address.host,
    hostname: member.hostname,
    httpPort: member.listens.http ? address.httpPort : null,
    mac: device.reportsMac === false ? null : device.mac,
    name: device.name,
    rpcPort: member.listens.rpc ? address.rpcPort : null,
  }
}

/**
 * A taken port (often another `solominer sim`), or an address this system lacks (macOS and some
 * containers only have 127.0.0.1 on loopback): say what to do instead.
 */
function explainBindFailure(error: unknown, hostBase: string): unknown {
  const {address, code, port} = error as {address?: string; code?: string; port?: number}
  if (code === 'EADDRINUSE') {
    return new SolominerError('INVALID_INPUT', `${address}:${port} is already in use`, {
      cause: error,
      suggestions: [
        'Another `solominer sim` may be running: stop it (Ctrl-C), or use other ports, e.g. --ports 18180:14128',
        'Or other addresses, e.g. --host-base 127.78.0',
      ],
    })
  }
  if (!isAddressUnavailable(error)) return error
  const last = FIRST_HOST + MEMBERS.length - 1
  return new SolominerError('UNSUPPORTED', `This system cannot listen on ${hostBase}.${FIRST_HOST}: only some loopback addresses exist here`, {
    cause: error,
    suggestions: [`macOS: for i in $(seq ${FIRST_HOST} ${last}); do sudo ifconfig lo0 alias ${hostBase}.$i; done`],
  })
}

function portPair(ports: FleetPorts): PortPair {
  if (ports === 'ephemeral') return {http: 0, rpc: 0}
  if (ports === 'standard') return {http: DEFAULT_HTTP_PORT, rpc: DEFAULT_RPC_PORT}
  return ports
}
