/**
 * The fallback pool next to a primary-pool change: a solo miner who moves the primary to a new payout
 * address expects the fallback that paid the old one to pay the new one too (with the primary's worker
 * name: it is the same device), and must hear about any fallback that pays someone else (the device
 * mines there whenever the primary is down).
 */
import {type BitcoinNetworkName, isPayoutAddress, splitStratumUser} from '../bitcoin/address.js'
import type {ConfigChange, DeviceConfig, PoolSetting} from '../devices/driver.js'
import type {DeviceIdentity} from '../devices/model.js'
import {describePayee, payeeOf} from '../pools/classify.js'
import {describeDevice} from './device.js'
import type {PushRequest} from './plan.js'

const SLOT_NAMES = ['primary pool', 'fallback pool']

function payee(user: string): string {
  return splitStratumUser(user).address
}

/**
 * The other slots' users moved to the new primary's user where they paid the old primary's address and
 * the new primary pays another one (both payout addresses): the same device mines there, under the
 * same worker name. Only slots this change keeps as they are (password null) follow the primary, and
 * so do the device's slots past the change's list (which the firmware keeps): those are then written too.
 */
function readdressFallbacks(current: DeviceConfig['pools'], pools: PoolSetting[], network: BitcoinNetworkName): PoolSetting[] {
  const [oldPrimary] = current
  const [primary, ...others] = pools
  if (!oldPrimary || !primary) return pools
  const was = payee(oldPrimary.user)
  const now = payee(primary.user)
  if (was === now || !isPayoutAddress(was, network) || !isPayoutAddress(now, network)) return pools
  const pays = (user: string) => payee(user) === was
  const follow = (pool: PoolSetting): PoolSetting => (pool.password === null && pays(pool.user) ? {...pool, user: primary.user} : pool)
  const kept = current.slice(pools.length).filter((slot) => slot.url !== '')
  const keptToo = kept.some((slot) => pays(slot.user)) ? kept.map(({url, user}) => ({password: null, url, user})) : []
  return [primary, ...[...others, ...keptToo].map((pool) => follow(pool))]
}

/**
 * `config set pool`, `switch solo`: the request, with a fallback that paid the old address moved to
 * the new one ("fallback follows your new address").
 */
export function fallbackFollowsPrimary(request: PushRequest, network: BitcoinNetworkName): PushRequest {
  return {
    ...request,
    changeFor(identity, current, slots) {
      const change = request.changeFor(identity, current, slots)
      return change.pools ? {...change, pools: readdressFallbacks(current.pools, change.pools, network)} : change
    },
  }
}

/**
 * A warning for every pool slot the device keeps through the change (not written, or written back as
 * it is: password null) that pays another account than the primary. Slots the user set are their choice.
 */
export function foreignFallbackWarnings(identity: DeviceIdentity, current: DeviceConfig, change: ConfigChange): string[] {
  if (!change.pools || change.pools.length === 0) return []
  const written = change.pools.map(({password, url, user}) => ({kept: password === null, url, user}))
  const after = [...written, ...current.pools.slice(change.pools.length).map(({url, user}) => ({kept: true, url, user}))]
  const primary = payeeOf(after[0]!.user)
  const primaryName = primary.kind === 'account' ? `the account ${primary.account}` : primary.address
  return after.slice(1).flatMap((slot, index) => {
    if (!slot.kept || slot.url === '' || payee(slot.user) === payee(after[0]!.user)) return []
    const name = SLOT_NAMES[index + 1] ?? `pool ${index + 2}`
    return [
      `${describeDevice(identity)}: its ${name} ${slot.url} ${describePayee(payeeOf(slot.user))}, not ${primaryName} like the primary; ` +
        'the device mines there whenever the primary is down (change it with `solominer config set fallback`)',
    ]
  })
}
