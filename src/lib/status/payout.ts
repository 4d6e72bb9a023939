/**
 * The payout addresses the user mines solo to: the saved default (`settings set payout.address`) and
 * the address part of the user of every profile pool that is a solo pool. `status`, `watch` and `serve`
 * warn when a solo pool slot pays anything else.
 */
import {splitStratumUser} from '../bitcoin/address.js'
import type {AppContext} from '../context.js'
import {type ProfilePool, readProfiles} from '../pools/profiles.js'
import {isSoloPool, payoutKey} from '../pools/classify.js'
import {getSetting} from '../settings/store.js'
import type {ExpectedPayout} from './warnings.js'

/** The user's payout addresses, or null when there is none (then nothing is compared). */
export async function expectedPayout(ctx: AppContext): Promise<ExpectedPayout | null> {
  const [saved, profiles] = await Promise.all([getSetting(ctx, 'payout.address'), readProfiles(ctx)])
  const pools = profiles.flatMap((profile) => [profile.pool, profile.fallback])
  const soloPools = pools.filter((pool): pool is ProfilePool => pool !== null && isSoloPool(pool))
  const addresses = [...new Set([...(saved === undefined ? [] : [saved]), ...soloPools.map((pool) => splitStratumUser(pool.user).address)])]
  if (addresses.length === 0) return null
  return {addresses, keys: new Set(addresses.map(payoutKey))}
}
