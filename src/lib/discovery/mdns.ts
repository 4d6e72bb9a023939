/**
 * mDNS / DNS-SD browsing with multicast-dns: `_http._tcp` and the service types the families' discovery
 * hooks name (a subtype such as `_<family>._sub._http._tcp`), with their SRV, TXT and A records. Browsing
 * only ever happens on the interfaces of the subnets being scanned: queries go to 224.0.0.251 on those
 * links and nowhere else.
 */
import makeMdns from 'multicast-dns'

import {DISCOVERY_HOOKS} from '../devices/registry.js'
import {deviceString} from '../text/sanitize.js'
import {assertNetworkAllowed} from '../net/guard.js'

/** The mDNS multicast group (queries go there, on the chosen links only). */
const MDNS_GROUP = '224.0.0.251'

export const MDNS_SERVICES: readonly string[] = ['_http._tcp.local', ...DISCOVERY_HOOKS.flatMap((hook) => hook.mdnsServices ?? [])]
export const DEFAULT_MDNS_TIMEOUT_MS = 1000

export interface MdnsDevice {
  /** Host name without `.local`. */
  hostname: string | null
  /** The DNS-SD instance name, e.g. "Bitaxe Gamma 601 (3E44)". */
  instance: string | null
  ip: string
  port: number | null
  /** The browsed service types it answered for, e.g. `_http._tcp.local` and a family's subtype. */
  services: string[]
  txt: Record<string, string>
}

export interface MdnsBrowseOptions {
  /** This host's address on each link to browse. */
  interfaceAddresses: string[]
  signal?: AbortSignal
  timeoutMs?: number
}

interface Answer {
  data: unknown
  name: string
  type: string
}

interface Records {
  a: Map<string, string>
  /** Instance → the service types whose PTR named it. */
  instances: Map<string, Set<string>>
  srv: Map<string, {port: number; target: string}>
  txt: Map<string, Record<string, string>>
}

/** Browses the given links for `timeoutMs` and returns the advertised services with an IPv4 address. */
export async function browseMdns(options: MdnsBrowseOptions): Promise<MdnsDevice[]> {
  if (options.interfaceAddresses.length === 0) return []
  assertNetworkAllowed(MDNS_GROUP)
  const timeoutMs = options.timeoutMs ?? DEFAULT_MDNS_TIMEOUT_MS
  const records: Records = {a: new Map(), instances: new Map(), srv: new Map(), txt: new Map()}
  const sources = new Map<string, string>()
  const browsers = options.interfaceAddresses.map((address) => makeMdns({bind: '0.0.0.0', interface: address}))
  const ask = () => {
    for (const browser of browsers) browser.query(MDNS_SERVICES.map((name) => ({name, type: 'PTR' as const})))
  }
  for (const browser of browsers) {
    browser.on('warning', () => undefined)
    browser.on('error', () => undefined)
    browser.on('response', (response, rinfo) => {
      const answers = [...response.answers, ...(response.additionals ?? [])] as Answer[]
      for (const answer of answers) collect(answer, records, rinfo.address, sources)
      const mentioned = answers.flatMap((answer) => [answer.name, typeof answer.data === 'string' ? answer.data : ''])
      askMissing(browser, records, new Set(mentioned.map((name) => name.toLowerCase())))
    })
  }
  ask()
  await waitFor(timeoutMs, options.signal, [Math.round(timeoutMs / 3), ask])
  await Promise.all(browsers.map((browser) => new Promise<void>((resolve) => browser.destroy(() => resolve()))))
  return devicesOf(records, sources)
}

function collect(answer: Answer, records: Records, source: string, sources: Map<string, string>): void {
  const name = answer.name.toLowerCase()
  if (answer.type === 'PTR' && MDNS_SERVICES.includes(name)) {
    const instance = String(answer.data)
    records.instances.set(instance, (records.instances.get(instance) ?? new Set()).add(name))
    sources.set(instance, source)
  } else if (answer.type === 'SRV') {
    const data = answer.data as {port: number; target: string}
    records.srv.set(answer.name, {port: data.port, target: data.target.toLowerCase()})
  } else if (answer.type === 'TXT') {
    records.txt.set(answer.name, parseTxt(answer.data))
  } else if (answer.type === 'A') {
    records.a.set(name, String(answer.data))
  }
}

/**
 * Asks for the SRV/TXT of instances and the A record of hosts this response named but did not resolve
 * (only those: one query per unresolved name, not one per response for every name).
 */
function askMissing(browser: ReturnType<typeof makeMdns>, records: Records, mentioned: Set<string>): void {
  const questions: Array<{name: string; type: 'A' | 'SRV' | 'TXT'}> = []
  for (const instance of records.instances.keys()) {
    if (!mentioned.has(instance.toLowerCase())) continue
    const srv = records.srv.get(instance)
    if (!srv) questions.push({name: instance, type: 'SRV'}, {name: instance, type: 'TXT'})
    else if (!records.a.has(srv.target)) questions.push({name: srv.target, type: 'A'})
  }
  if (questions.length > 0) browser.query(questions)
}

function parseTxt(data: unknown): Record<string, string> {
  const entries = (Array.isArray(data) ? data : [data]).map((item) => Buffer.from(item as Buffer).toString('utf8'))
  const txt: Record<string, string> = {}
  for (const entry of entries) {
    const separator = entry.indexOf('=')
    if (separator <= 0) continue
    const value = deviceString(entry.slice(separator + 1))
    if (value !== null) txt[entry.slice(0, separator).toLowerCase()] = value
  }
  return txt
}

function devicesOf(records: Records, sources: Map<string, string>): MdnsDevice[] {
  const devices = new Map<string, MdnsDevice>()
  for (const [instance, services] of records.instances) {
    const srv = records.srv.get(instance)
    const ip = (srv && records.a.get(srv.target)) ?? sources.get(instance)
    if (ip === undefined || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) continue
    const device: MdnsDevice = {
      hostname: srv ? deviceString(srv.target.replace(/\.local\.?$/, '')) : null,
      instance: deviceString(instance.replace(/\.(?:_[\w-]+\._sub\.)?_[\w-]+\._(?:tcp|udp)\.local\.?$/i, '')),
      ip,
      port: srv?.port ?? null,
      services: [...services].sort(),
      txt: records.txt.get(instance) ?? {},
    }
    const known = devices.get(ip)
    devices.set(ip, known ? {...known, services: [...new Set([...known.services, ...device.services])].sort()} : device)
  }
  return [...devices.values()]
}

/** Waits `ms` (or until aborted), running `[at, action]` once on the way. */
function waitFor(ms: number, signal: AbortSignal | undefined, [at, action]: [number, () => void]): Promise<void> {
  return new Promise((resolve) => {
    const midway = setTimeout(action, at)
    const done = () => {
      clearTimeout(midway)
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, {once: true})
  })
}
