/**
 * How stock Bitmain firmware is recognised: the web UI's digest realm "antMiner Configuration", or a
 * bmminer/cgminer RPC reply naming the model.
 */
import type {DiscoveryHook} from '../driver.js'

const antminer = {driver: 'antminer', firmware: 'bmminer', make: 'Bitmain', model: 'Antminer'} as const

export const discovery: DiscoveryHook = {
  signatures: [
    {...antminer, pattern: /antMiner/, source: 'http-realm'},
    {...antminer, pattern: /ANTMINER|BMMINER/, source: 'rpc'},
  ],
}
