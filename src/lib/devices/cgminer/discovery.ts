/** Anything else that speaks the cgminer RPC (read-only, best effort): the registry tries it last. */
import type {DiscoveryHook} from '../driver.js'

export const discovery: DiscoveryHook = {
  signatures: [{driver: 'cgminer', firmware: 'cgminer', make: 'Unknown', model: 'cgminer-compatible miner', pattern: /CGMINER|BFGMINER|SGMINER/, source: 'rpc'}],
}
