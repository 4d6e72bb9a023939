/**
 * Pool changes as `config set pool|fallback`, `switch solo` and `switch pool` ask for them: validated
 * once before anything is sent, then expanded per device (worker templates) into the pool list to write.
 */
import {type BitcoinNetworkName, splitStratumUser} from '../bitcoin/address.js'
import type {PoolSetting} from '../devices/driver.js'
import type {AppContext} from '../context.js'
import {invalidInput} from '../errors.js'
import {getSetting} from '../settings/store.js'
import {type ResolvedPool, findPreset, resolvePoolInput} from '../pools/presets.js'
import {checkPoolUser} from '../pools/user.js'
import {refuseHiddenCharacters} from '../text/sanitize.js'
import {poolsWithSlot} from './plan.js'
import type {PushRequest} from './plan.js'
import {type WorkerDevice, expandUserTemplate} from '../pools/worker.js'

export interface PoolInput {
  password: string
  pool: ResolvedPool
  /** As typed, templates unexpanded. */
  user: string
}

export const DEFAULT_POOL_PASSWORD = 'x'

/** Resolves and validates a pool and its user; returns the input and any warnings. */
export function validatePoolInput(
  pool: string,
  user: string,
  password: string | undefined,
  network: BitcoinNetworkName,
): {input: PoolInput; warnings: string[]} {
  refuseHiddenCharacters(pool, 'pool URL')
  refuseHiddenCharacters(user, 'pool user')
  if (password !== undefined) refuseHiddenCharacters(password, 'pool password')
  const resolved = resolvePoolInput(pool)
  const trimmed = user.trim()
  const {address, warnings} = checkPoolUser(resolved, trimmed, network)
  return {input: {password: password ?? DEFAULT_POOL_PASSWORD, pool: resolved, user: withCanonicalAddress(trimmed, address)}, warnings}
}

/** The user with its payout address as validated (bech32 lower-cased): pools and our status compare it. */
function withCanonicalAddress(user: string, address: string | null): string {
  if (address === null) return user
  return address + user.slice(splitStratumUser(user).address.length)
}

/**
 * The saved default payout address (`settings set payout.address`), for `switch solo` and `config set
 * pool` when `flag` (--address, --user) is not given; a usage error when none is saved.
 */
export async function defaultPayoutAddress(ctx: AppContext, flag: string): Promise<string> {
  const address = await getSetting(ctx, 'payout.address')
  if (address !== undefined) return address
  throw invalidInput(`No ${flag} given and no default payout address saved`, `Pass ${flag}, or save your address once: solominer settings set payout.address <address>`)
}

/** The pool user as given (--user), else `<payout.address>.{hostname}`. */
export async function poolUserOrDefault(user: string | undefined, ctx: AppContext): Promise<string> {
  return user ?? `${await defaultPayoutAddress(ctx, '--user')}.{hostname}`
}

/** The solo fallback for a solo pool: its preset's fallback, else CKPool (or CKPool EU when primary). */
export function soloFallback(primary: ResolvedPool): ResolvedPool {
  const name = primary.preset?.fallback ?? (primary.preset?.name === 'ckpool' ? 'ckpool-eu' : 'ckpool')
  return resolvePoolInput(findPreset(name)!.name)
}

function setting(input: PoolInput, identity: WorkerDevice): PoolSetting {
  return {password: input.password, url: input.pool.url, user: expandUserTemplate(input.user, identity)}
}

/** Replaces one slot (0 primary, 1 fallback), keeping the others. */
export function poolSlotRequest(index: number, input: PoolInput): PushRequest {
  return {
    changeFor: (identity, current, slots) => ({pools: slots.asWritten(poolsWithSlot(current.pools, index, setting(input, identity)))}),
    fields: ['pools'],
  }
}

/** Replaces the whole pool list (switch solo / switch pool). */
export function poolListRequest(inputs: PoolInput[]): PushRequest {
  return {changeFor: (identity, _current, slots) => ({pools: slots.asWritten(inputs.map((input) => setting(input, identity)))}), fields: ['pools']}
}
