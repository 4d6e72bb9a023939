/** How Canaan's cgminer fork is recognised: PROD "Avalon Nano3s", "Avalon Q"... in the RPC, "Avalon" on the Nano 3S web page. */
import type {DiscoveryHook} from '../driver.js'

const avalon = {driver: 'avalon', firmware: 'Canaan cgminer', make: 'Canaan', model: 'Avalon'} as const

export const discovery: DiscoveryHook = {
  signatures: [
    {...avalon, pattern: /AVALON/, source: 'rpc'},
    {...avalon, pattern: /Avalon/, source: 'http-body'},
  ],
}
