/**
 * A process-wide safety net for tests, benchmarks and demos: when SOLOMINER_NET_ALLOW is set (a comma
 * list of IPv4 CIDRs, e.g. "127.0.0.0/8"), every outgoing connection, DNS lookup and multicast query to
 * anything else is refused before a packet leaves. Unset (a user's normal run), everything is allowed.
 */
import {isIPv4} from 'node:net'

import {SolominerError} from '../errors.js'

const ENV_KEY = 'SOLOMINER_NET_ALLOW'

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0)
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bitsText = '32'] = cidr.trim().split('/')
  const bits = Number(bitsText)
  if (!isIPv4(base) || !Number.isInteger(bits) || bits < 0 || bits > 32) return false
  // Compare the network prefixes by division (JS bit operators are signed 32-bit).
  const blockSize = 2 ** (32 - bits)
  return Math.floor(ipv4ToNumber(ip) / blockSize) === Math.floor(ipv4ToNumber(base) / blockSize)
}

/** Throws when SOLOMINER_NET_ALLOW is set and `host` is not a literal address inside it. */
export function assertNetworkAllowed(host: string): void {
  const allowed = process.env[ENV_KEY]
  if (allowed === undefined || allowed === '') return
  const bare = host.replace(/^\[|\]$/g, '')
  const ok =
    bare === '::1' || (isIPv4(bare) && allowed.split(',').some((cidr) => inCidr(bare, cidr)))
  if (!ok) {
    throw new SolominerError('HOST_UNREACHABLE', `${host} is outside ${ENV_KEY} (${allowed}); not contacted`, {
      suggestions: [`Unset ${ENV_KEY} to reach other hosts`],
    })
  }
}
