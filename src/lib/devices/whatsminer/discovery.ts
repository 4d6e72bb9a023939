/** btminer answers the RPC `version` as an invalid command; its `devdetails` names it (Driver "bitmicro"). */
import type {DiscoveryHook} from '../driver.js'

export const discovery: DiscoveryHook = {
  async secondChance(probe) {
    const details = await probe.rpc('devdetails')
    return details === undefined ? {} : {rpc: details.toUpperCase()}
  },
}
