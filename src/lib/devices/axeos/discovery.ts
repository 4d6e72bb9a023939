/**
 * How AxeOS-family devices are found: ESP-Miner 2.15+ and NerdQAxe advertise the DNS-SD subtype
 * `_axeos._sub._http._tcp` (ESP-Miner main/ mDNS setup), and builds whose index page carries no marker are
 * recognised by the keys of `/api/system/info` (asked with the driver's headers, so a memoised context
 * answers the driver's describe from the same reply).
 */
import type {DiscoveryHook} from '../driver.js'

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
}
