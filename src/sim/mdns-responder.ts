/**
 * An mDNS / DNS-SD responder for simulators, advertising them as AxeOS >= 2.15 does (ESP-Miner mDNS):
 * `_http._tcp` port 80 with the subtype `_axeos._sub._http._tcp`, TXT `board`, `family`, `asic`,
 * `asic_count`, `fw_version`, and an A record for `<hostname>.local`. Used by the network-namespace scan
 * test and `solominer sim`; it answers on the one interface it is given, so it only ever speaks on a link
 * the caller chose (a test namespace, or loopback).
 */
import makeMdns from 'multicast-dns'

export interface MdnsAdvert {
  /** Also advertise under `_axeos._sub._http._tcp` (AxeOS, NerdQAxe). */
  axeos: boolean
  /** Without `.local`. */
  hostname: string
  /** DNS-SD instance name, e.g. "Bitaxe Gamma 601 (3E44)". */
  instance: string
  ip: string
  port: number
  txt: Record<string, string>
}

export interface MdnsResponder {
  stop(): Promise<void>
}

const HTTP_SERVICE = '_http._tcp.local'
const AXEOS_SERVICE = '_axeos._sub._http._tcp.local'
const TTL = 120

type DnsRecord = {data: unknown; name: string; ttl: number; type: 'A' | 'PTR' | 'SRV' | 'TXT'}

/** Starts answering queries for `adverts` on the interface with address `interfaceAddress`. */
export async function startMdnsResponder(options: {
  adverts: MdnsAdvert[]
  interfaceAddress: string
  /** Send SRV/TXT/A along with a PTR answer (default true); false makes browsers ask for each. */
  additionals?: boolean
}): Promise<MdnsResponder> {
  const mdns = makeMdns({bind: '0.0.0.0', interface: options.interfaceAddress})
  await new Promise<void>((resolve, reject) => {
    mdns.once('ready', () => resolve())
    mdns.once('error', reject)
  })
  mdns.on('warning', () => undefined)
  mdns.on('query', (query) => {
    const answers = query.questions.flatMap((question) => answer(question.name.toLowerCase(), question.type, options.adverts))
    if (answers.length === 0) return
    const additionals = options.additionals === false ? [] : additionalsFor(answers, options.adverts)
    mdns.respond({additionals, answers} as Parameters<typeof mdns.respond>[0])
  })
  return {stop: () => new Promise<void>((resolve) => mdns.destroy(() => resolve()))}
}

const instanceName = (advert: MdnsAdvert) => `${advert.instance}.${HTTP_SERVICE}`

function recordsOf(advert: MdnsAdvert): {a: DnsRecord; srv: DnsRecord; txt: DnsRecord} {
  return {
    a: {data: advert.ip, name: `${advert.hostname}.local`, ttl: TTL, type: 'A'},
    srv: {data: {port: advert.port, priority: 0, target: `${advert.hostname}.local`, weight: 0}, name: instanceName(advert), ttl: TTL, type: 'SRV'},
    txt: {data: Object.entries(advert.txt).map(([key, value]) => `${key}=${value}`), name: instanceName(advert), ttl: TTL, type: 'TXT'},
  }
}

function answer(name: string, type: string, adverts: MdnsAdvert[]): DnsRecord[] {
  if (type === 'PTR' || type === 'ANY') {
    if (name === HTTP_SERVICE || name === AXEOS_SERVICE) {
      return adverts
        .filter((advert) => name === HTTP_SERVICE || advert.axeos)
        .map((advert) => ({data: instanceName(advert), name, ttl: TTL, type: 'PTR' as const}))
    }
  }
  return adverts.flatMap((advert) => {
    const records = recordsOf(advert)
    return [records.srv, records.txt, records.a].filter(
      (record) => record.name.toLowerCase() === name && (type === 'ANY' || record.type === type),
    )
  })
}

/** The SRV, TXT and A records a browser needs next, sent along so it resolves in one round trip. */
function additionalsFor(answers: DnsRecord[], adverts: MdnsAdvert[]): DnsRecord[] {
  const named = new Set(answers.map((record) => (record.type === 'PTR' ? String(record.data) : record.name).toLowerCase()))
  const answered = new Set(answers.map((record) => `${record.type} ${record.name}`))
  return adverts
    .filter((advert) => named.has(instanceName(advert).toLowerCase()) || named.has(`${advert.hostname}.local`.toLowerCase()))
    .flatMap((advert) => {
      const records = recordsOf(advert)
      return [records.srv, records.txt, records.a].filter((record) => !answered.has(`${record.type} ${record.name}`))
    })
}
