/**
 * Which pools pay the miner's own address (solo) and which share rewards: by preset, by a "solo" host,
 * and for a pool we do not know, by whether its user is a payout address. Used by status warnings,
 * `config get` and `switch`.
 */
import {looksLikeAddress, splitStratumUser, validatePayoutAddress} from '../bitcoin/address.js'
import {errorMessage} from '../errors.js'
import {POOL_PRESETS, type PoolKind, type PoolPreset} from './presets.js'
import {parsePoolUrl} from './url.js'

export type PoolClass = PoolKind | 'unknown'

/** A pool as a device runs it: its URL and the user it mines as. */
export interface PoolAndUser {
  url: string
  user: string
}

export interface PoolClassification {
  kind: PoolClass
  preset: PoolPreset | null
}

/** Solo or not: a known preset decides; otherwise a host named "solo..." counts as solo. */
export function classifyPool(url: string): PoolClassification {
  const host = poolHost(url)
  if (host === null) return {kind: 'unknown', preset: null}
  const preset = presetsByHost().get(host) ?? null
  if (preset) return {kind: preset.kind, preset}
  return {kind: host.includes('solo') ? 'solo' : 'unknown', preset: null}
}

/**
 * How a pool in use pays, the one rule for `status` and `switch`: a preset or a "solo" host decides;
 * a pool we do not know is solo when its user is a valid payout address (ckpool-style), else pooled.
 */
export function poolMode(
  pool: PoolAndUser,
  isPayoutAddress: (address: string) => boolean = (address) => payoutAddressProblem(address) === null,
): PoolKind {
  const {kind} = classifyPool(pool.url)
  if (kind !== 'unknown') return kind
  return isPayoutAddress(splitStratumUser(pool.user).address) ? 'solo' : 'pooled'
}

/** A pool the block reward of which goes to the user's address (see poolMode). */
export function isSoloPool(pool: PoolAndUser): boolean {
  return poolMode(pool) === 'solo'
}

/** Bech32 addresses are case-insensitive (and written in either case); base58 ones are not. */
export function payoutKey(address: string): string {
  return /^(bc|tb|bcrt)1/i.test(address) ? address.toLowerCase() : address
}

/**
 * Who a pool user pays: a valid mainnet payout address; a mistyped one (written like an address, by prefix
 * and alphabet, but failing its checksum or network: `problem` says why); or a pool account name
 * (`antminer_1`, `alice`), which is no address at all.
 */
export type Payee =
  | {address: string; kind: 'address'}
  | {address: string; kind: 'invalid-address'; problem: string}
  | {account: string; kind: 'account'}

/** The payee of a stratum user (see Payee). */
export function payeeOf(user: string): Payee {
  const {address} = splitStratumUser(user)
  if (!looksLikeAddress(address)) return {account: address, kind: 'account'}
  const problem = payoutAddressProblem(address)
  return problem === null ? {address, kind: 'address'} : {address, kind: 'invalid-address', problem}
}

/** "pays bc1q…", "mines for the account antminer_1": what a pool user means, for messages. */
export function describePayee(payee: Payee): string {
  return payee.kind === 'account' ? `mines for the account ${payee.account}` : `pays ${payee.address}`
}

const addressVerdicts = new Map<string, string | null>()
const MAX_REMEMBERED_ADDRESSES = 1024

/** Null when `address` is a valid mainnet payout address, else why not (remembered: a fleet shares one). */
export function payoutAddressProblem(address: string): string | null {
  const known = addressVerdicts.get(address)
  if (known !== undefined) return known
  let problem: string | null = null
  try {
    validatePayoutAddress(address, 'mainnet')
  } catch (error) {
    problem = errorMessage(error)
  }
  if (addressVerdicts.size >= MAX_REMEMBERED_ADDRESSES) addressVerdicts.clear()
  addressVerdicts.set(address, problem)
  return problem
}

function poolHost(url: string): string | null {
  try {
    return parsePoolUrl(url).host.toLowerCase()
  } catch {
    return null
  }
}

let presetIndex: Map<string, PoolPreset> | undefined

/** Preset by stratum host, built once: a fleet of hundreds is classified per reading. */
function presetsByHost(): Map<string, PoolPreset> {
  presetIndex ??= new Map(
    POOL_PRESETS.flatMap((preset) =>
      [preset.url, preset.tlsUrl]
        .map((url) => (url === null ? null : poolHost(url)))
        .filter((host): host is string => host !== null)
        .map((host): [string, PoolPreset] => [host, preset]),
    ).reverse(),
  )
  return presetIndex
}
