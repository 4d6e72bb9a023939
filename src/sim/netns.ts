/**
 * A private LAN made of Linux network namespaces, for the end-to-end scan test and bench/scan: a "scanner"
 * namespace and a "devices" namespace joined by a veth pair on one subnet. Addresses given to the devices
 * namespace answer; every other address of the subnet has no host behind it, so a connect gets no ARP reply
 * and times out, like an empty address on a real LAN. Nothing leaves the two namespaces. Needs root.
 */
import {type ChildProcess, execFileSync, spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'

import {networkAddress} from '../lib/discovery/interfaces.js'

export interface NetnsLan {
  /** SOLOMINER_NET_ALLOW for programs run inside: the LAN's subnet, loopback and the mDNS group. */
  allow: string
  devices: string
  /** Deletes both namespaces (and so the veth pair). Safe to call twice. */
  remove(): void
  scanner: string
  scannerAddress: string
  /** Starts `command` inside a namespace. */
  spawnIn(namespace: string, command: string, args: string[]): ChildProcess
}

export interface NetnsLanOptions {
  deviceAddresses: string[]
  /** Short unique name (letters/digits, <= 10 characters; see netnsName): namespaces are `<name>-scan` and `<name>-dev`. */
  name: string
  prefix: number
  scannerAddress: string
}

/** Why namespaces cannot be used here, or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux'
  if (process.getuid?.() !== 0) return 'network namespaces need root'
  try {
    execFileSync('ip', ['netns', 'list'], {stdio: 'ignore'})
    return null
  } catch {
    return 'the `ip` command (iproute2) with netns support is missing'
  }
}

/**
 * `prefix` and a random suffix: unique across parallel test runs, benchmarks and engineers on one machine
 * (process ids are not: each container or PID namespace counts from 1).
 */
export function netnsName(prefix: string): string {
  return `${prefix}${randomBytes(4).readUInt32BE(0).toString(36)}`.slice(0, 10)
}

/** Creates both namespaces; an existing namespace of the same name is someone else's: refused, never deleted. */
export function createNetnsLan(options: NetnsLanOptions): NetnsLan {
  if (!/^[a-z0-9]{1,10}$/.test(options.name)) throw new Error(`invalid namespace name ${options.name}`)
  const scanner = `${options.name}-scan`
  const devices = `${options.name}-dev`
  const vethScanner = `${options.name}s0`
  const vethDevices = `${options.name}d0`
  const lan: NetnsLan = {
    allow: `${networkAddress(options.scannerAddress, options.prefix)}/${options.prefix},127.0.0.0/8,224.0.0.251/32`,
    devices,
    remove() {
      for (const namespace of [scanner, devices]) {
        try {
          execFileSync('ip', ['netns', 'del', namespace], {stdio: 'ignore'})
        } catch {
          // already gone
        }
      }
    },
    scanner,
    scannerAddress: options.scannerAddress,
    spawnIn: (namespace, command, args) => spawn('ip', ['netns', 'exec', namespace, command, ...args], {stdio: ['pipe', 'pipe', 'pipe']}),
  }
  const addNamespace = (namespace: string) => execFileSync('ip', ['netns', 'add', namespace], {stdio: ['ignore', 'ignore', 'pipe']})
  addNamespace(scanner)
  try {
    addNamespace(devices)
  } catch (error) {
    execFileSync('ip', ['netns', 'del', scanner], {stdio: 'ignore'})
    throw error
  }
  const setup: Array<[string | null, string[]]> = [
    [
      null,
      [
        `link add ${vethScanner} type veth peer name ${vethDevices}`,
        `link set ${vethScanner} netns ${scanner}`,
        `link set ${vethDevices} netns ${devices}`,
      ],
    ],
    [scanner, [`addr add ${options.scannerAddress}/${options.prefix} dev ${vethScanner}`, 'link set lo up', `link set ${vethScanner} up`]],
    [
      devices,
      [
        ...options.deviceAddresses.map((address) => `addr add ${address}/${options.prefix} dev ${vethDevices}`),
        'link set lo up',
        `link set ${vethDevices} up`,
      ],
    ],
  ]
  try {
    for (const [namespace, commands] of setup) {
      const args = namespace === null ? ['-batch', '-'] : ['-n', namespace, '-batch', '-']
      execFileSync('ip', args, {input: `${commands.join('\n')}\n`, stdio: ['pipe', 'ignore', 'pipe']})
    }
  } catch (error) {
    lan.remove()
    throw error
  }
  return lan
}
