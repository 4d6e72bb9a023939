/**
 * What `scan` probes: CIDR subnets, address ranges (`10.0.0.1-50`, `10.0.0.1-10.0.1.20`), octet ranges
 * (`10.1-2.0.1-254`), single hosts with an optional port, hostnames, or, with no target at all, the subnet of
 * every non-internal IPv4 interface. Only private, link-local and loopback addresses unless includePublic.
 */
import {lookup} from 'node:dns/promises'

import {DEFAULT_TIMEOUT_MS} from '../context.js'
import {SolominerError, invalidInput} from '../errors.js'
import {isIpv4, parseHostSpec} from '../inventory/resolve.js'
import {type InterfaceTable, type LocalSubnet, isLoopbackInterface, localSubnets} from './interfaces.js'
import {ipToNumber, isPrivateIpv4, numberToIp, subnetHosts} from './ipv4.js'
import {startDeadline} from '../net/errors.js'
import {assertNetworkAllowed} from '../net/guard.js'

/** A scan never expands to more addresses than a /16. */
export const MAX_SCAN_HOSTS = 65_536
/** Auto-detected subnets wider than this are narrowed to the /24 around the host unless forced. */
export const MAX_AUTO_PREFIX = 22

export interface ScanHost {
  ip: string
  /** A port given with the target (`10.0.0.5:8080`); null = the scan's HTTP port. */
  port: number | null
  /** The host's own cgminer RPC port (exact addresses only); absent = the scan's RPC port. */
  rpcPort?: number
}

export interface TargetPlan {
  hosts: ScanHost[]
  /** The local subnets the targets lie in (the links mDNS browses). */
  links: LocalSubnet[]
  /** Things the user should know (a subnet narrowed to /24...). */
  notes: string[]
}

export interface TargetOptions {
  force?: boolean
  includePublic?: boolean
  interfaceName?: string
  /** Default os.networkInterfaces(). */
  interfaces?: InterfaceTable
  /** Resolves a hostname to an IPv4 address (default: the system resolver). */
  resolveHost?: (host: string) => Promise<string>
  /** How long a host name may take to resolve (default DEFAULT_TIMEOUT_MS): a resolver can stay silent. */
  resolveTimeoutMs?: number
}

interface AddressRange {
  first: number
  last: number
  port: number | null
}

export async function planTargets(specs: string[], options: TargetOptions = {}): Promise<TargetPlan> {
  const subnets = localSubnets(options.interfaces, options.interfaceName)
  if (specs.length === 0 && options.interfaceName !== undefined && isLoopbackInterface(options.interfaceName, options.interfaces)) {
    throw loopbackNotScanned(options.interfaceName)
  }
  const notes: string[] = []
  const ranges =
    specs.length === 0
      ? autoRanges(scannableSubnets(subnets, options.includePublic ?? false, notes), options.force ?? false, notes)
      : (await Promise.all(specs.map((spec) => parseTargetSpec(spec, boundedResolver(options))))).flat()
  const hosts = expandRanges(ranges, options.includePublic ?? false)
  const links = subnets.filter((subnet) => hosts.some((host) => inSubnet(host.ip, subnet)))
  return {hosts, links, notes}
}

/** Reads a targets file: one or more targets per line, `#` starts a comment. */
export function parseTargetsFile(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .flatMap((line) => line.split(/[\s,]+/))
    .filter((part) => part !== '')
}

/** `--interface lo`: loopback holds no LAN to sweep, but simulators on it can be named as targets. */
function loopbackNotScanned(interfaceName: string): SolominerError {
  return new SolominerError('NO_DEVICES', `${interfaceName} is a loopback interface: loopback is not scanned automatically`, {
    suggestions: [
      'Name loopback targets explicitly, with the HTTP port after a colon: solominer scan 127.0.0.1:8080 --no-mdns',
      'Or a range with its ports, e.g. for `solominer sim`: solominer scan 127.77.0.11-18 --http-port 18080 --rpc-port 14028 --no-mdns',
    ],
  })
}

/** Auto-detection skips interfaces on public ranges (a VPS, a VPN such as Tailscale's 100.64/10), with a note. */
function scannableSubnets(subnets: LocalSubnet[], includePublic: boolean, notes: string[]): LocalSubnet[] {
  return subnets.filter((subnet) => {
    if (includePublic || isPrivateIpv4(subnet.address)) return true
    notes.push(`${subnet.interface}: ${subnet.network}/${subnet.prefix} is not a private range; skipped (--include-public scans it)`)
    return false
  })
}

function autoRanges(subnets: LocalSubnet[], force: boolean, notes: string[]): AddressRange[] {
  if (subnets.length === 0) {
    throw new SolominerError('NO_DEVICES', 'No network interface with an IPv4 address to scan', {
      suggestions: ['Name what to scan, e.g. `solominer scan 192.168.1.0/24`'],
    })
  }
  return subnets.map((subnet) => {
    if (subnet.prefix >= MAX_AUTO_PREFIX || force) return {...subnetHosts(subnet.network, subnet.prefix), port: null}
    const around = numberToIp((ipToNumber(subnet.address) & 0xff_ff_ff_00) >>> 0)
    notes.push(
      `${subnet.interface}: ${subnet.network}/${subnet.prefix} is wider than /${MAX_AUTO_PREFIX}; ` +
        `scanning ${around}/24 around this host (use --force for all of it)`,
    )
    return {...subnetHosts(around, 24), port: null}
  })
}

/** One target spec as ranges of addresses. */
export async function parseTargetSpec(
  spec: string,
  resolveHost: (host: string) => Promise<string> = resolveIpv4,
): Promise<AddressRange[]> {
  const text = spec.trim()
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(text)
  if (cidr) return [cidrRange(text, cidr[1]!, Number(cidr[2]))]
  const fullRange = /^([\d.]+)-([\d.]+)$/.exec(text)
  if (fullRange && isIpv4(fullRange[1]!) && isIpv4(fullRange[2]!)) {
    return [orderedRange(text, ipToNumber(fullRange[1]!), ipToNumber(fullRange[2]!))]
  }
  if (/^\d+(?:-\d+)?(?:\.\d+(?:-\d+)?){3}$/.test(text) && text.includes('-')) return octetRange(text)
  const host = parseHostSpec(text)
  if (!host || host.host.includes(':')) {
    throw invalidInput(
      `"${spec}" is not a scan target`,
      'Use a subnet (192.168.1.0/24), a range (10.0.0.1-50, 10.1-2.0.1-254), an IPv4 address or a hostname',
    )
  }
  const ip = isIpv4(host.host) ? host.host : await resolveHost(host.host)
  return [{first: ipToNumber(ip), last: ipToNumber(ip), port: host.port}]
}

function cidrRange(text: string, network: string, prefix: number): AddressRange {
  if (!isIpv4(network) || prefix > 32) throw invalidInput(`"${text}" is not a valid subnet`, 'Example: 192.168.1.0/24')
  const mask = prefix === 0 ? 0 : (0xff_ff_ff_ff << (32 - prefix)) >>> 0
  return {...subnetHosts(numberToIp((ipToNumber(network) & mask) >>> 0), prefix), port: null}
}

function orderedRange(text: string, first: number, last: number): AddressRange {
  if (last < first) throw invalidInput(`"${text}" ends before it starts`)
  return {first, last, port: null}
}

/** `10.1-2.0.1-254` is the cross product of its octet ranges: one range per combination of the first three. */
function octetRange(text: string): AddressRange[] {
  const octets = text.split('.').map((part) => {
    const [from, to = from] = part.split('-').map(Number) as [number, number?]
    if (from > 255 || to > 255 || to < from) throw invalidInput(`"${text}" has an invalid octet range "${part}"`)
    return [from, to]
  })
  const parts: AddressRange[] = []
  const [a, b, c, d] = octets as [[number, number], [number, number], [number, number], [number, number]]
  for (let o1 = a[0]; o1 <= a[1]; o1++) {
    for (let o2 = b[0]; o2 <= b[1]; o2++) {
      for (let o3 = c[0]; o3 <= c[1]; o3++) {
        const base = ipToNumber(`${o1}.${o2}.${o3}.0`)
        parts.push({first: base + d[0], last: base + d[1], port: null})
        if (parts.length > MAX_SCAN_HOSTS) throw tooMany(parts.length)
      }
    }
  }
  return parts
}

function expandRanges(flat: AddressRange[], includePublic: boolean): ScanHost[] {
  const total = flat.reduce((sum, range) => sum + (range.last - range.first + 1), 0)
  if (total > MAX_SCAN_HOSTS) throw tooMany(total)
  const seen = new Map<string, ScanHost>()
  for (const range of flat) {
    for (let value = range.first; value <= range.last; value++) {
      const ip = numberToIp(value)
      if (!includePublic && !isPrivateIpv4(ip)) throw publicAddress(ip)
      seen.set(`${ip}|${range.port}`, {ip, port: range.port})
    }
  }
  return [...seen.values()].sort((x, y) => ipToNumber(x.ip) - ipToNumber(y.ip) || (x.port ?? 0) - (y.port ?? 0))
}

function inSubnet(ip: string, subnet: LocalSubnet): boolean {
  const shift = 32 - subnet.prefix
  return subnet.prefix === 0 || ipToNumber(ip) >>> shift === ipToNumber(subnet.network) >>> shift
}

function tooMany(count: number): SolominerError {
  return invalidInput(
    `That is ${count.toLocaleString('en-US')} addresses; a scan covers at most ${MAX_SCAN_HOSTS.toLocaleString('en-US')} (a /16)`,
    'Scan a smaller subnet, e.g. the /24 your miners are on',
  )
}

function publicAddress(ip: string): SolominerError {
  return invalidInput(
    `${ip} is a public address; scan only touches private, link-local and loopback addresses`,
    'Add --include-public if you really mean to scan it (only networks you own)',
  )
}

/** The resolver, given up on after `resolveTimeoutMs`: getaddrinfo cannot be cancelled, only stopped waiting for. */
function boundedResolver(options: TargetOptions): (host: string) => Promise<string> {
  const resolveHost = options.resolveHost ?? resolveIpv4
  const timeoutMs = options.resolveTimeoutMs ?? DEFAULT_TIMEOUT_MS
  return async (host) => {
    const deadline = startDeadline(timeoutMs)
    const timedOut = new Promise<never>((_resolve, reject) =>
      deadline.signal.addEventListener('abort', () =>
        reject(
          new SolominerError('TIMEOUT', `${host}: the host name did not resolve within ${timeoutMs} ms`, {
            suggestions: ['Check your DNS (or mDNS for .local names), or use the IP address instead'],
          }),
        ),
      ),
    )
    try {
      return await Promise.race([resolveHost(host), timedOut])
    } finally {
      deadline.clear()
    }
  }
}

async function resolveIpv4(host: string): Promise<string> {
  assertNetworkAllowed(host)
  try {
    return (await lookup(host, {family: 4})).address
  } catch (error) {
    throw new SolominerError('HOST_UNREACHABLE', `${host}: host name not found`, {
      cause: error,
      suggestions: ['Check the spelling, or use the IP address instead'],
    })
  }
}
