/** How a FutureBit Apollo is recognised: its web UI answers `/` with a 308 to `/overview`. */
import type {DiscoveryHook} from '../driver.js'

export const discovery: DiscoveryHook = {
  signatures: [{driver: 'apollo', firmware: 'FutureBit Apollo OS', make: 'FutureBit', model: 'Apollo', pattern: /^308 \S*\/overview/i, source: 'http-redirect'}],
}
