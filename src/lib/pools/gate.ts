/**
 * The switch gate (issue 5 §2): before a solo pool is pushed to any miner, connect to it as a miner would
 * and check that its coinbase pays the user's address, on the user's chain. A pool that does not, or
 * pays only part of the reward, is refused (exit 8) unless the user forces it.
 */
import type {BitcoinNetworkName} from '../bitcoin/address.js'
import type {ChainSourceOptions} from '../chain/network.js'
import type {AppContext} from '../context.js'
import {SolominerError, errorMessage, isSolominerError} from '../errors.js'
import {PoolUnreachableError} from '../net/stratum.js'
import {DEFAULT_MIN_SHARE_PERCENT, INVALID_COINBASE, type PoolCheckResult, type PoolVerdict, checkPool} from './check.js'

export interface GateInput {
  /** Where the chain tip comes from; false skips the chain checks (--no-chain). */
  chain?: ChainSourceOptions | false
  network: BitcoinNetworkName
  password?: string
  /** Normalised pool URL. */
  pool: string
  /** `<address>[.<worker>]`; worker templates are fine (they are filled with a placeholder). */
  user: string
}

/** What the gate found about one pool: `poolChecks` in the JSON of `config set pool` and `switch`. */
export interface PoolGateCheck {
  detail: string
  pool: string
  /** The pool was refused and pushed anyway (--force); a refusal without --force stops the command. */
  refused: boolean
  userSharePercent: number | null
  /** `not-verified`: the check could not run (pool unreachable) or was skipped (--no-verify). */
  verdict: PoolVerdict | 'not-verified'
}

export interface GateOutcome {
  check: PoolGateCheck
  warnings: string[]
}

export interface GateOptions {
  /** A dry run sends nothing: a pool that cannot be checked is marked not verified instead of refused. */
  dryRun?: boolean
  force?: boolean
}

/** The user as sent to the pool for the check: templates need a device, so a placeholder stands in. */
function checkUser(user: string): string {
  return user.replaceAll(/\{[a-z]+\}/g, 'solominer-check')
}

function isUnreachable(error: unknown): boolean {
  return error instanceof PoolUnreachableError || (isSolominerError(error) && (error.code === 'HOST_UNREACHABLE' || error.code === 'TIMEOUT'))
}

/**
 * Runs `pool check` for the pool and user. A pool that does not pay the address, builds on another chain,
 * pays only part of the reward (below the default --min-share), or could not be checked is refused;
 * `force` turns the refusal into a warning. In a dry run a pool that cannot be checked is only marked
 * not verified (a pool that answers and does not pay is refused as in a real push).
 */
export async function gatePool(input: GateInput, ctx: AppContext, options: GateOptions = {}): Promise<GateOutcome> {
  let result: PoolCheckResult
  try {
    result = await checkPool({chain: input.chain, network: input.network, password: input.password, pool: input.pool, user: checkUser(input.user)}, ctx)
  } catch (error) {
    if (isSolominerError(error) && (error.code === 'INVALID_ADDRESS' || error.code === 'INVALID_INPUT')) throw error
    const why = isUnreachable(error) ? 'pool unreachable' : errorMessage(error)
    const check: PoolGateCheck = {detail: `${input.pool} not verified (${why})`, pool: input.pool, refused: false, userSharePercent: null, verdict: 'not-verified'}
    if (options.dryRun) return {check, warnings: []}
    const message = `Could not check that ${input.pool} pays your address: ${errorMessage(error)}`
    if (options.force) return {check: {...check, refused: true}, warnings: [`${message} (pushing anyway: --force)`]}
    throw new SolominerError(isSolominerError(error) ? error.code : 'HOST_UNREACHABLE', message, {
      cause: error,
      suggestions: ['Try again, or skip the check with --no-verify'],
    })
  }
  const share = result.userSharePercent
  const refusal = refusalReason(input, result)
  const detail = refusal ?? `${input.pool} pays your address ${share.toFixed(2)} % of the block reward`
  const check: PoolGateCheck = {detail, pool: input.pool, refused: refusal !== null, userSharePercent: share, verdict: result.verdict}
  if (refusal === null) return {check, warnings: []}
  if (!options.force) {
    throw new SolominerError('DOES_NOT_PAY_YOU', `${refusal}: nothing was pushed`, {
      suggestions: [`See the details with \`solominer pool check ${input.pool} --user ${checkUser(input.user)}\``, 'Push anyway with --force'],
    })
  }
  return {check, warnings: [`${refusal} (pushing anyway: --force)`]}
}

/** Why the pool is refused, or null when it pays the address (at least the default minimum share). */
function refusalReason(input: GateInput, result: PoolCheckResult): string | null {
  const share = result.userSharePercent
  const sameChain = result.checks.find((check) => check.name === 'same-chain')
  if (sameChain?.ok === false) return `${input.pool} is not building on your ${input.network} chain, so it cannot pay your address (${sameChain.detail})`
  if (result.reason?.startsWith(INVALID_COINBASE)) return `${input.pool} does not pay your address: ${result.reason}`
  if (result.verdict === 'does-not-pay-you') return `${input.pool} does not pay your address (its coinbase gives it ${share.toFixed(2)} % of the reward)`
  if (result.verdict === 'pays-you-partly') {
    return `${input.pool} pays your address only ${share.toFixed(2)} % of the block reward: ${(100 - share).toFixed(2)} % goes to other outputs (at least ${DEFAULT_MIN_SHARE_PERCENT} % expected)`
  }
  return null
}

/** The gate skipped with --no-verify: the check says so, and so does a warning. */
export function skippedGate(pool: string): GateOutcome {
  return {
    check: {detail: `${pool} not verified (--no-verify)`, pool, refused: false, userSharePercent: null, verdict: 'not-verified'},
    warnings: [`Not checked whether ${pool} pays your address (--no-verify)`],
  }
}
