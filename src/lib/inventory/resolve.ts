/**
 * TARGETS as every command takes them: IP | IP:port | hostname[:port] | MAC | alias | `all` (the inventory).
 * `host:port` sets the HTTP port, so tests and `solominer sim` users reach simulators on 127.x high ports.
 */
import type {AppContext} from '../context.js'
import {type DeviceAddress, type DeviceIdentity, DEFAULT_HTTP_PORT, DEFAULT_RPC_PORT, normaliseMac} from '../devices/model.js'
import {SolominerError, invalidInput} from '../errors.js'
import {type InventoryDevice, type MiningMark, inventoryIdentity, readInventory} from './store.js'

export interface ResolvedTarget {
  address: DeviceAddress
  /** The name the user gave the device (`devices alias`), when the inventory knows it. */
  alias?: string | null
  /** From the inventory when known; callers that need it and get null call identifyAddress. */
  identity: DeviceIdentity | null
  /** How the user means it to mine (`devices mark`), when the inventory says. */
  mining?: MiningMark | null
  /** The spec as the user typed it (or the inventory name for `all`). */
  target: string
}

export interface ResolveOptions {
  /** Ports given by flags (--http-port / --rpc-port); they override the inventory's. */
  httpPort?: number
  rpcPort?: number
}

/** A host with an optional port, as typed: `10.0.0.5`, `10.0.0.5:8080`, `bitaxe.local`, `[::1]:80`. */
export interface HostSpec {
  host: string
  port: number | null
}

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const HOSTNAME = /^(?=.{1,253}$)[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)+$/i
const MAC = /^[\da-f]{2}(?:([:-])[\da-f]{2})(?:\1[\da-f]{2}){4}$/i

export function isIpv4(text: string): boolean {
  return IPV4.test(text)
}

/**
 * Parses `host[:port]` where host is an IPv4 address, a dotted hostname, `localhost` or a bracketed IPv6
 * address; null when the text is none of these (it may then be an alias).
 */
export function parseHostSpec(text: string): HostSpec | null {
  const match = /^(?:\[([\da-f:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/i.exec(text.trim())
  if (!match) return null
  const host = match[1] ?? match[2]!
  const port = match[3] === undefined ? null : Number(match[3])
  if (port !== null && (port < 1 || port > 65_535)) throw invalidInput(`"${text}" has an invalid port`)
  // All-digit names are mistyped addresses (10.0.0.300), never hostnames worth a DNS query.
  const isName = HOSTNAME.test(host) && !/^[\d.-]+$/.test(host)
  const isHost = match[1] !== undefined || isIpv4(host) || isName || host.toLowerCase() === 'localhost'
  return isHost ? {host: match[1] === undefined ? host.toLowerCase() : host, port} : null
}

export async function resolveTargets(
  specs: string[],
  ctx: AppContext,
  options: ResolveOptions = {},
): Promise<ResolvedTarget[]> {
  const {devices} = await readInventory(ctx)
  const wanted = specs.length === 0 ? ['all'] : specs
  const resolved = wanted.flatMap((spec) => resolveOne(spec, devices, options))
  const seen = new Set<string>()
  return resolved.filter(({address}) => {
    const key = `${address.host}|${address.httpPort}|${address.rpcPort}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function resolveOne(spec: string, devices: InventoryDevice[], options: ResolveOptions): ResolvedTarget[] {
  const text = spec.trim()
  if (text.toLowerCase() === 'all') return resolveAll(devices, options)
  const known = findInventoryDevice(text, devices)
  const hostSpec = MAC.test(text) ? null : parseHostSpec(text)
  if (known) return [fromDevice(text, known, options, hostSpec?.port)]
  if (MAC.test(text)) throw unknownMac(text)
  if (!hostSpec) throw unknownTarget(text)
  return [
    {
      address: {
        host: hostSpec.host,
        httpPort: hostSpec.port ?? options.httpPort ?? DEFAULT_HTTP_PORT,
        rpcPort: options.rpcPort ?? DEFAULT_RPC_PORT,
      },
      identity: null,
      target: text,
    },
  ]
}

/** The inventory entry a spec names: MAC, alias, hostname (with or without .local), or IP[:port]. */
export function findInventoryDevice(spec: string, devices: InventoryDevice[]): InventoryDevice | undefined {
  const text = spec.trim()
  if (MAC.test(text)) return devices.find((device) => device.mac === normaliseMac(text))
  const named = findByName(text, devices)
  if (named) return named
  const host = parseHostSpec(text)
  if (!host) return undefined
  return newestFirst(devices).find((device) => device.ip === host.host && (host.port === null || device.httpPort === host.port))
}

function resolveAll(devices: InventoryDevice[], options: ResolveOptions): ResolvedTarget[] {
  if (devices.length === 0) {
    throw new SolominerError('NO_DEVICES', 'No devices in the inventory yet', {
      suggestions: ['Run `solominer scan` to find your miners, or name one by IP address'],
    })
  }
  return devices.map((device) => fromDevice(device.alias ?? device.hostname ?? device.ip, device, options))
}

function fromDevice(target: string, device: InventoryDevice, options: ResolveOptions, port?: number | null): ResolvedTarget {
  const address: DeviceAddress = {
    host: device.ip,
    httpPort: port ?? options.httpPort ?? device.httpPort,
    rpcPort: options.rpcPort ?? device.rpcPort,
  }
  return {address, alias: device.alias, identity: {...inventoryIdentity(device), address}, mining: device.mining, target}
}

function unknownMac(text: string): SolominerError {
  return new SolominerError('UNKNOWN_TARGET', `No device with MAC ${normaliseMac(text)} in the inventory`, {
    suggestions: ['Run `solominer scan` to refresh the inventory, or use the IP address'],
  })
}

/**
 * An alias, or a hostname with or without its `.local` suffix. Throws AMBIGUOUS_TARGET when several
 * devices share the hostname (every Bitaxe ships with the same default one).
 */
function findByName(text: string, devices: InventoryDevice[]): InventoryDevice | undefined {
  const name = text.toLowerCase()
  const bare = name.replace(/\.local$/, '')
  const aliased = devices.find((device) => device.alias?.toLowerCase() === name)
  if (aliased) return aliased
  const named = devices.filter((device) => device.hostname !== null && device.hostname.toLowerCase().replace(/\.local$/, '') === bare)
  if (named.length > 1) throw ambiguousTarget(text, named)
  return named[0]
}

function ambiguousTarget(text: string, matches: InventoryDevice[]): SolominerError {
  const listed = matches.map((device) => `${device.ip} (MAC ${device.mac ?? 'unknown'}, alias ${device.alias ?? 'none'})`)
  return new SolominerError('AMBIGUOUS_TARGET', `"${text}" names ${matches.length} devices: ${listed.join(', ')}`, {
    suggestions: ['Name the device by its MAC or IP address', 'Give each one its own name with `solominer devices alias`'],
  })
}

function newestFirst(devices: InventoryDevice[]): InventoryDevice[] {
  return [...devices].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))
}

function unknownTarget(text: string): SolominerError {
  return new SolominerError('UNKNOWN_TARGET', `"${text}" is not an IP address, hostname, MAC or known alias`, {
    suggestions: ['See the known devices and aliases with `solominer devices`', 'Use an IP address, or a hostname such as bitaxe.local'],
  })
}
