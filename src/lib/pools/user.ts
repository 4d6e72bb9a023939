/**
 * The payout-address rules for a pool user, applied before anything is pushed: a solo pool pays the
 * address in the user, so it must be a valid address for the chosen network; a pooled account name
 * that happens to be an address is allowed but warned about.
 */
import {type BitcoinNetworkName, splitStratumUser, validatePayoutAddress} from '../bitcoin/address.js'
import {invalidInput} from '../errors.js'
import {checkUserTemplate} from './worker.js'
import type {ResolvedPool} from './presets.js'

// Base58 (1/3 mainnet, m/n/2 test networks) or bech32 (bc1/tb1/bcrt1) shaped: an address attempt.
const ADDRESS_SHAPED = /^(?:(?:bc|tb|bcrt)1[0-9a-z]{8,}|[13mn2][1-9A-HJ-NP-Za-km-z]{25,34})$/i

export interface UserCheck {
  /** The payout address in the user (canonical spelling), when there is one. */
  address: string | null
  warnings: string[]
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
  const {address: typed} = splitStratumUser(user)
  const addressIsUser = pool.preset?.userIsAddress ?? false
  if (addressIsUser || ADDRESS_SHAPED.test(typed)) {
    const {address} = validatePayoutAddress(typed, network)
    const warnings =
      pool.preset?.kind === 'pooled'
        ? [`${pool.preset.label} pays accounts, not addresses: "${address}" will be treated as an account name there`]
        : []
    return {address, warnings}
  }
  return {address: null, warnings: []}
}
