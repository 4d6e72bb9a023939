/**
 * The payout-address rules for a pool user, applied before anything is pushed: a solo pool pays the
 * address in the user, so it must be a valid address for the chosen network; a pooled account name
 * that happens to be an address is allowed but warned about.
 */
import {type BitcoinNetworkName, type PayoutAddress, looksLikeAddress, splitStratumUser, validatePayoutAddress} from '../bitcoin/address.js'
import {SolominerError, invalidInput} from '../errors.js'
import {checkUserTemplate} from './worker.js'
import type {ResolvedPool} from './presets.js'

export interface UserCheck {
  /** The payout address in the user (canonical spelling), when there is one. */
  address: string | null
  warnings: string[]
}

/**
 * The payout address at the head of a pool user, validated for `network` (canonical spelling). An account
 * name (`antminer_1`) is refused as one, INVALID_ADDRESS saying `why` an address is needed, rather than
 * as an address with a bad checksum; a mistyped address is refused by its checksum.
 */
export function userPayoutAddress(user: string, network: BitcoinNetworkName, why: string): PayoutAddress {
  const {address: typed} = splitStratumUser(user)
  if (typed !== '' && !looksLikeAddress(typed)) {
    throw new SolominerError('INVALID_ADDRESS', `${why}: "${typed}" is an account name, not a Bitcoin address`, {
      suggestions: ['Give your Bitcoin payout address (bc1…, 1… or 3…) as your wallet shows it, a worker name after a "."'],
    })
  }
  return validatePayoutAddress(typed, network)
}

/**
 * Validates `user` for `pool`. Solo (and other address-as-user) pools: the part before the worker must be
 * a valid `network` address. Any pool: something shaped like an address must be a valid one (a wrong
 * network or a typo is never sent).
 */
export function checkPoolUser(pool: ResolvedPool, user: string, network: BitcoinNetworkName): UserCheck {
  if (user.trim() === '') throw invalidInput('The pool user is empty', 'Give --user <address[.worker]> or an account name')
  if (/[\s,"]/.test(user)) {
    throw invalidInput(`The pool user "${user}" contains a space, comma or quote`, 'Miners store users in comma-separated or quoted fields; remove them')
  }
  checkUserTemplate(user)
  const addressIsUser = pool.preset?.userIsAddress ?? false
  if (addressIsUser || looksLikeAddress(splitStratumUser(user).address)) {
    const {address} = userPayoutAddress(user, network, `${pool.preset?.label ?? pool.url} pays the address in the user`)
    const warnings =
      pool.preset?.kind === 'pooled'
        ? [`${pool.preset.label} pays accounts, not addresses: "${address}" will be treated as an account name there`]
        : []
    return {address, warnings}
  }
  return {address: null, warnings: []}
}
