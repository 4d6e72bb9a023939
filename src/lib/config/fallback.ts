/**
 * The fallback pool next to a primary-pool change: a solo miner who moves the primary to a new payout
 * address expects the fallback that paid the old one to pay the new one too, and must hear about any
 * fallback that pays someone else (the device mines there whenever the primary is down).
 */
import {type BitcoinNetworkName, isPayoutAddress, splitStratumUser} from '../bitcoin/address.js'
import type {ConfigChange, DeviceConfig, PoolSetting} from '../devices/driver.js'
import type {DeviceIdentity} from '../devices/model.js'
import {describeDevice} from './device.js'
import type {PushRequest} from './push.js'

const SLOT_NAMES = ['primary', 'fallback']

function payee(user: string): string {
  return splitStratumUser(user).address
}

/**
 * The fallback's user re-addressed when it paid the old primary's address and the new primary pays
 * another address (both payout addresses): the worker part stays. Otherwise the list as it is.
 */
function readdressFallback(current: DeviceConfig['pools'], pools: PoolSetting[], network: BitcoinNetworkName): PoolSetting[] {
  const [oldPrimary, oldFallback] = current
  const [primary, fallback, ...rest] = pools
  // Only a fallback this change keeps as it is (password null) follows the primary.
  if (!oldPrimary || !oldFallback || !primary || !fallback || fallback.password !== null) return pools
  const was = payee(oldPrimary.user)
  const now = payee(primary.user)
  const paidOld = payee(oldFallback.user) === was
  if (!paidOld || was === now || !isPayoutAddress(was, network) || !isPayoutAddress(now, network)) return pools
  const worker = oldFallback.user.trim().slice(was.length)
  return [primary, {...fallback, user: `${now}${worker}`}, ...rest]
}

/** `config set pool`: the request, with a fallback that paid the old address moved to the new one. */
export function fallbackFollowsPrimary(request: PushRequest, network: BitcoinNetworkName): PushRequest {
  return {
    ...request,
    changeFor(identity, current) {
      const change = request.changeFor(identity, current)
      return change.pools ? {...change, pools: readdressFallback(current.pools, change.pools, network)} : change
    },
  }
}

/**
 * A warning for every pool slot the device will mine on after the change (the written list, then the
 * slots it keeps) that pays another account than the primary.
 */
export function foreignFallbackWarnings(identity: DeviceIdentity, current: DeviceConfig, change: ConfigChange): string[] {
  if (!change.pools || change.pools.length === 0) return []
  const after = [...change.pools.map(({url, user}) => ({url, user})), ...current.pools.slice(change.pools.length)]
  const primary = payee(after[0]!.user)
  return after.slice(1).flatMap((slot, index) => {
    if (slot.url === '' || payee(slot.user) === primary) return []
    const name = SLOT_NAMES[index + 1] ?? `pool ${index + 2}`
    return [
      `${describeDevice(identity)}: its ${name} pool ${slot.url} pays ${payee(slot.user)}, not ${primary} like the primary; ` +
        'the device mines there whenever the primary is down (change it with `solominer config set fallback`)',
    ]
  })
}
