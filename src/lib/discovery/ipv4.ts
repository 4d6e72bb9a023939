/** IPv4 arithmetic for target expansion (addresses as unsigned 32-bit numbers). */

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0)
}

export function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.')
}

const PRIVATE_RANGES: Array<[string, number]> = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
  ['127.0.0.0', 8],
]

/** RFC 1918, link-local and loopback: the only ranges a scan touches without --include-public. */
export function isPrivateIpv4(ip: string): boolean {
  const value = ipToNumber(ip)
  return PRIVATE_RANGES.some(([network, prefix]) => value >>> (32 - prefix) === ipToNumber(network) >>> (32 - prefix))
}

/** Hosts of a subnet: without network and broadcast addresses, except for /31 and /32. */
export function subnetHosts(network: string, prefix: number): {first: number; last: number} {
  const base = ipToNumber(network)
  const size = 2 ** (32 - prefix)
  if (prefix >= 31) return {first: base, last: base + size - 1}
  return {first: base + 1, last: base + size - 2}
}
