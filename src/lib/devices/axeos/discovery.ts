/**
 * How AxeOS-family devices are found: ESP-Miner 2.15+ and NerdQAxe advertise the DNS-SD subtype
 * `_axeos._sub._http._tcp` (ESP-Miner main/ mDNS setup); their web UIs carry a marker (AxeOS, the NerdQAxe
 * title, Lucky Miner), and builds whose index page carries none are recognised by the keys of
 * `/api/system/info` (hashRate and a model field; asked with the driver's headers, so a memoised context
 * answers the driver's describe from the same reply).
 */
import type {DiscoveryHook} from '../driver.js'

const axeos = {driver: 'axeos', firmware: 'AxeOS', make: 'Bitaxe', model: 'AxeOS miner'} as const

export const discovery: DiscoveryHook = {
  mdnsServices: ['_axeos._sub._http._tcp.local'],
  async secondChance(probe) {
    const body = await probe.http('/api/system/info', {accept: 'application/json'})
    if (body === undefined) return {}
    try {
      const info: unknown = JSON.parse(body)
      return typeof info === 'object' && info !== null && !Array.isArray(info) ? {'info-keys': Object.keys(info).join(' ')} : {}
    } catch {
      return {}
    }
  },
  signatures: [
    {...axeos, pattern: /AxeOS/, source: 'http-body'},
    {driver: 'axeos', firmware: 'NerdQAxe', make: 'NerdAxe', model: 'NerdQAxe', pattern: /<title>\s*Nerd/i, source: 'http-body'},
    {driver: 'axeos', firmware: 'Lucky Miner', make: 'Lucky Miner', model: 'Lucky Miner', pattern: /Lucky ?miner/i, source: 'http-body'},
    {...axeos, pattern: /(?=.*\bhashRate\b)(?=.*\b(?:ASICModel|deviceModel|minerModel)\b)/, source: 'info-keys'},
  ],
}
