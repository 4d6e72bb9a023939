/**
 * The payout addresses the user mines solo to, from their saved profiles: the address part of the user
 * of every profile pool that is a solo pool. `status` warns when a solo device pays anything else.
 */
import {splitStratumUser} from '../bitcoin/address.js'
import type {AppContext} from '../context.js'
import {type ProfilePool, readProfiles} from '../pools/profiles.js'
import {isSoloPool, payoutKey} from '../pools/classify.js'
import type {ExpectedPayout} from './warnings.js'

/** The user's solo payout addresses, or null when no profile mines solo (then nothing is compared). */
export async function expectedPayout(ctx: AppContext): Promise<ExpectedPayout | null> {
  const pools = (await readProfiles(ctx)).flatMap((profile) => [profile.pool, profile.fallback])
  const soloPools = pools.filter((pool): pool is ProfilePool => pool !== null && isSoloPool(pool))
  const addresses = [...new Set(soloPools.map((pool) => splitStratumUser(pool.user).address))]
  if (addresses.length === 0) return null
  return {addresses, keys: new Set(addresses.map(payoutKey))}
}
