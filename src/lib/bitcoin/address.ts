/**
 * Payout address validation, used before anything is pushed to a miner and by `pool check`.
 * bitcoinjs-lib checks the base58check/bech32(m) checksums, so a typo is never accepted.
 */
import type {Network} from 'bitcoinjs-lib'

import {SolominerError} from '../errors.js'
import {bitcoinjs, bitcoinjsWithEcc} from './lib.js'

export type BitcoinNetworkName = 'mainnet' | 'regtest' | 'signet' | 'testnet'
export type PayoutAddressType = 'p2pkh' | 'p2sh' | 'p2tr' | 'p2wpkh' | 'p2wsh'

export interface PayoutAddress {
  /** Canonical: what is pushed to miners and compared. */
  address: string
  script: Uint8Array
  type: PayoutAddressType
}

export const BITCOIN_NETWORKS: readonly BitcoinNetworkName[] = ['mainnet', 'testnet', 'signet', 'regtest']

/** bitcoinjs-lib has no signet object: signet (and testnet4) share testnet's prefixes. */
export function bitcoinjsNetwork(name: BitcoinNetworkName): Network {
  const {networks} = bitcoinjs()
  if (name === 'mainnet') return networks.bitcoin
  return name === 'regtest' ? networks.regtest : networks.testnet
}

// Base58 (1/3 mainnet, m/n/2 test networks) or bech32 (bc1/tb1/bcrt1) by prefix and alphabet: what a
// person writing an address writes, whether or not its checksum holds.
const BECH32_SHAPED = /^(?:bc|tb|bcrt)1[0-9a-z]{8,87}$/i
const BASE58_SHAPED = /^[13mn2][1-9A-HJ-NP-Za-km-z]{25,34}$/

/**
 * True when `text` is written like a Bitcoin address (prefix and alphabet), valid or not: one that then
 * fails its checksum is a mistyped address, anything else ("antminer", "alice") is an account name.
 */
export function looksLikeAddress(text: string): boolean {
  const trimmed = text.trim()
  return BECH32_SHAPED.test(trimmed) || BASE58_SHAPED.test(trimmed)
}

/**
 * `<payee>[.<worker>]`, the payee being an address or a pool account name. The first `.` ends it;
 * ckpool also accepts `_` after an address (neither character occurs in one), but an account name may
 * hold a `_` (`antminer_1`), so `_` ends the payee only when what precedes it looks like an address.
 */
export function splitStratumUser(user: string): {address: string; worker: string | null} {
  const trimmed = user.trim()
  const dot = trimmed.indexOf('.')
  const underscore = trimmed.indexOf('_')
  const underscoreCuts = underscore !== -1 && (dot === -1 || underscore < dot) && looksLikeAddress(trimmed.slice(0, underscore))
  const cut = underscoreCuts ? underscore : dot
  if (cut === -1) return {address: trimmed, worker: null}
  const worker = trimmed.slice(cut + 1)
  return {address: trimmed.slice(0, cut), worker: worker === '' ? null : worker}
}

/** Classifies a standard output script (null for anything else). */
export function scriptType(script: Uint8Array): PayoutAddressType | null {
  const [op0, op1, op2] = script
  if (script.length === 25 && op0 === 0x76 && op1 === 0xa9 && op2 === 0x14 && script[23] === 0x88 && script[24] === 0xac) {
    return 'p2pkh'
  }
  if (script.length === 23 && op0 === 0xa9 && op1 === 0x14 && script[22] === 0x87) return 'p2sh'
  if (script.length === 22 && op0 === 0x00 && op1 === 0x14) return 'p2wpkh'
  if (script.length === 34 && op0 === 0x00 && op1 === 0x20) return 'p2wsh'
  if (script.length === 34 && op0 === 0x51 && op1 === 0x20) return 'p2tr'
  return null
}

/** Witness v1 (taproot) needs the ECC library; v2+ are not payout types we accept. */
function segwitVersion(address: string): number | null {
  try {
    return bitcoinjs().address.fromBech32(address).version
  } catch {
    return null
  }
}

function toScript(address: string, network: BitcoinNetworkName): Uint8Array | null {
  try {
    return bitcoinjs().address.toOutputScript(address, bitcoinjsNetwork(network))
  } catch {
    return null
  }
}

/** The networks an address is valid on, for a helpful wrong-network message. */
function networksOf(address: string): BitcoinNetworkName[] {
  const found = (['mainnet', 'testnet', 'regtest'] as const).filter((name) => toScript(address, name) !== null)
  // Testnet prefixes are shared with signet; base58 testnet addresses are also valid on regtest.
  return found.flatMap((name) => (name === 'testnet' ? ['testnet', 'signet'] : [name]))
}

function invalidAddress(message: string): SolominerError {
  return new SolominerError('INVALID_ADDRESS', message, {
    suggestions: ['Copy the address from your wallet again (a single wrong character breaks its checksum)'],
  })
}

/**
 * Validates a payout address for `network` and returns its canonical spelling (bech32 lower-cased) and
 * output script, or throws INVALID_ADDRESS.
 */
export function validatePayoutAddress(address: string, network: BitcoinNetworkName): PayoutAddress {
  const text = address.trim()
  if (text === '') throw invalidAddress('The payout address is empty')
  const version = segwitVersion(text)
  if (version !== null && version > 1) {
    throw invalidAddress(`${text} uses segwit version ${version}, which is not a payout address type solominer accepts`)
  }
  if (version === 1) bitcoinjsWithEcc()
  const script = toScript(text, network)
  const type = script === null ? null : scriptType(script)
  // bech32 is case-insensitive but written lower case (BIP173); base58 is case-sensitive.
  if (script !== null && type !== null) return {address: version === null ? text : text.toLowerCase(), script, type}
  const elsewhere = networksOf(text)
  if (elsewhere.length > 0) {
    throw new SolominerError(
      'INVALID_ADDRESS',
      `${text} is a ${elsewhere.join('/')} address, not a ${network} address`,
      {suggestions: [`Use a ${network} address, or pass --network ${elsewhere[0]}`]},
    )
  }
  throw invalidAddress(`${text} is not a valid Bitcoin address (bad checksum, characters or length)`)
}

export function isPayoutAddress(text: string, network: BitcoinNetworkName): boolean {
  try {
    validatePayoutAddress(text, network)
    return true
  } catch {
    return false
  }
}

/** The address an output script pays on `network`, or null for OP_RETURN and non-standard scripts. */
export function scriptToAddress(script: Uint8Array, network: BitcoinNetworkName): string | null {
  if (scriptType(script) === null) return null
  const lib = script[0] === 0x51 ? bitcoinjsWithEcc() : bitcoinjs()
  try {
    return lib.address.fromOutputScript(script, bitcoinjsNetwork(network))
  } catch {
    return null
  }
}
