/**
 * Where `serve` listens. Its endpoints show the fleet's addresses, pools and payout addresses, so it
 * binds to loopback unless the user explicitly asks for another address (--listen-any).
 */
import {isIP} from 'node:net'

import {invalidInput} from '../errors.js'
import {isIpv4} from '../inventory/resolve.js'

export const DEFAULT_LISTEN = '127.0.0.1:9184'

export interface ListenAddress {
  /** A literal IP address (IPv6 without brackets). */
  host: string
  /** 0 = any free port (the `started` event says which). */
  port: number
}

/**
 * Parses `HOST:PORT` (`127.0.0.1:9184`, `[::1]:9184`, `localhost:9184`, `0.0.0.0:9184`). A host that is
 * not loopback is refused unless `allowNonLoopback`.
 */
export function parseListenAddress(text: string, allowNonLoopback: boolean): ListenAddress {
  const match = /^(?:\[([\da-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/i.exec(text.trim())
  const literal = match?.[1] ?? match?.[2]
  const port = Number(match?.[3])
  const host = literal?.toLowerCase() === 'localhost' ? '127.0.0.1' : literal
  if (host === undefined || isIP(host) === 0 || (match?.[1] !== undefined && isIP(host) !== 6) || !(port >= 0 && port <= 65_535)) {
    throw invalidInput(
      `Invalid --listen "${text}": expected HOST:PORT with an IP address, like 127.0.0.1:9184 or [::1]:9184`,
      `e.g. --listen ${DEFAULT_LISTEN}`,
    )
  }
  if (!allowNonLoopback && !isLoopback(host)) {
    throw invalidInput(
      `--listen ${text} would expose your fleet's addresses and pools beyond this machine`,
      'Add --listen-any to listen there anyway (and protect it with --auth-token-file)',
    )
  }
  return {host, port}
}

export function isLoopback(host: string): boolean {
  return host === '::1' || (isIpv4(host) && host.startsWith('127.'))
}

/** The base URL of a listener, e.g. http://127.0.0.1:9184 or http://[::1]:9184. */
export function listenUrl({host, port}: ListenAddress): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`
}
