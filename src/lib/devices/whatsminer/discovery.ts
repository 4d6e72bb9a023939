/**
 * How a Whatsminer is recognised: btminer's RPC, or its web UI (a 307 to the https LuCI interface). btminer
 * answers the RPC `version` as an invalid command; its `devdetails` names it (Driver "bitmicro").
 */
import type {DiscoveryHook} from '../driver.js'

const whatsminer = {driver: 'whatsminer', firmware: 'btminer', make: 'MicroBT', model: 'Whatsminer'} as const

export const discovery: DiscoveryHook = {
  async secondChance(probe) {
    const details = await probe.rpc('devdetails')
    return details === undefined ? {} : {rpc: details.toUpperCase()}
  },
  signatures: [
    {...whatsminer, pattern: /BTMINER|BITMICRO|WHATSMINER/, source: 'rpc'},
    {...whatsminer, pattern: /^307 https:\/\//i, source: 'http-redirect'},
    {...whatsminer, pattern: /\/cgi-bin\/luci/, source: 'http-body'},
  ],
}
