/**
 * The local IPv4 subnets a scan covers by default: every non-internal IPv4 interface. The interface table
 * is a parameter (default `os.networkInterfaces()`) so tests can describe any LAN without touching one.
 */
import {type NetworkInterfaceInfo, networkInterfaces} from 'node:os'

import {invalidInput} from '../errors.js'
import {ipToNumber, numberToIp} from './ipv4.js'

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>

export interface LocalSubnet {
  /** This host's address on the interface. */
  address: string
  interface: string
  /** First address of the subnet. */
  network: string
  prefix: number
}

/** Non-internal IPv4 subnets, optionally of one named interface (unknown names are a usage error). */
export function localSubnets(table: InterfaceTable = networkInterfaces(), interfaceName?: string): LocalSubnet[] {
  const names = Object.keys(table)
  if (interfaceName !== undefined && !names.includes(interfaceName)) {
    throw invalidInput(`No network interface named "${interfaceName}"`, `Interfaces here: ${names.join(', ') || 'none'}`)
  }
  return names
    .filter((name) => interfaceName === undefined || name === interfaceName)
    .flatMap((name) =>
      (table[name] ?? [])
        .filter((info) => info.family === 'IPv4' && !info.internal)
        .map((info) => toSubnet(name, info)),
    )
}

/** Whether the interface's IPv4 addresses are all internal (loopback): auto-detection skips it. */
export function isLoopbackInterface(name: string, table: InterfaceTable = networkInterfaces()): boolean {
  const ipv4 = (table[name] ?? []).filter((info) => info.family === 'IPv4')
  return ipv4.length > 0 && ipv4.every((info) => info.internal)
}

function toSubnet(name: string, info: NetworkInterfaceInfo): LocalSubnet {
  const prefix = info.cidr ? Number(info.cidr.split('/')[1]) : netmaskPrefix(info.netmask)
  return {address: info.address, interface: name, network: networkAddress(info.address, prefix), prefix}
}

export function netmaskPrefix(netmask: string): number {
  return ipToNumber(netmask).toString(2).replaceAll('0', '').length
}

export function networkAddress(address: string, prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xff_ff_ff_ff << (32 - prefix)) >>> 0
  return numberToIp((ipToNumber(address) & mask) >>> 0)
}
