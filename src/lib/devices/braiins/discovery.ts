/**
 * How Braiins OS is recognised: bosminer names itself in the RPC `version` reply (BOSminer, BOSer), and
 * its web UI says "Braiins OS". It replaces stock Antminer firmware and its `devdetails` still says
 * "Antminer", so the registry tries it before the stock firmware.
 */
import type {DiscoveryHook} from '../driver.js'

const braiins = {driver: 'braiins', firmware: 'Braiins OS', make: 'Braiins', model: 'Braiins OS miner'} as const

export const discovery: DiscoveryHook = {
  signatures: [
    {...braiins, pattern: /BOSMINER|BOSER/, source: 'rpc'},
    {...braiins, pattern: /Braiins OS/i, source: 'http-body'},
  ],
}
