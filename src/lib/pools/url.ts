/**
 * Stratum pool URLs as users type them: `stratum+tcp://host:port`, `stratum+ssl://` / `stratum+tls://`
 * (TLS), or a bare `host:port`. Normalised to `stratum+tcp://host:port` / `stratum+ssl://host:port`,
 * the form the uniform config model and every comparison use.
 */
import {invalidInput} from '../errors.js'

export interface PoolUrl {
  host: string
  port: number
  tls: boolean
  /** Normalised `stratum+tcp://host:port` or `stratum+ssl://host:port`. */
  url: string
}

const SCHEMES: Record<string, boolean> = {
  'stratum+ssl': true,
  'stratum+tcp': false,
  'stratum+tls': true,
}

const URL_FORMS = 'Use stratum+tcp://host:port, stratum+ssl://host:port, stratum+tls://host:port or host:port'
// A DNS name or IPv4 address; IPv6 literals come in brackets.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/

/** Parses a pool URL; throws INVALID_INPUT naming the accepted forms. */
export function parsePoolUrl(input: string): PoolUrl {
  const text = input.trim()
  const schemeMatch = /^([a-z0-9+.-]+):\/\/(.*)$/i.exec(text)
  let tls = false
  let rest = text
  if (schemeMatch) {
    const scheme = schemeMatch[1]!.toLowerCase()
    if (!(scheme in SCHEMES)) throw invalidInput(`Unsupported pool URL scheme "${scheme}" in ${text}`, URL_FORMS)
    tls = SCHEMES[scheme]!
    rest = schemeMatch[2]!
  }
  rest = rest.replace(/\/+$/, '')
  const hostPort = /^(\[[^\]]*\]|[^:/]+):(\d{1,5})$/.exec(rest)
  if (!hostPort) throw invalidInput(`Invalid pool URL "${text}": a host and a port are required`, URL_FORMS)
  const host = hostPort[1]!.toLowerCase()
  const port = Number(hostPort[2])
  if (!HOST_NAME.test(host) && !IPV6_LITERAL.test(host)) throw invalidInput(`Invalid pool host "${host}" in ${text}`, URL_FORMS)
  if (port < 1 || port > 65_535) throw invalidInput(`Invalid pool port ${port} in ${text}`, 'Ports run from 1 to 65535')
  return {host, port, tls, url: formatPoolUrl(host, port, tls)}
}

/** The normalised form, for drivers that read host, port and TLS as separate fields. */
export function formatPoolUrl(host: string, port: number, tls: boolean): string {
  return `${tls ? 'stratum+ssl' : 'stratum+tcp'}://${host}:${port}`
}
