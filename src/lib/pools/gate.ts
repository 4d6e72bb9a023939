/**
 * The switch gate (issue 5 §2): before a solo pool is pushed to any miner, connect to it as a miner would
 * and check that its coinbase pays the user's address, on the user's chain. A pool that does not, or
 * pays only part of the reward, is refused (exit 8) unless the user forces it.
 */
import type {BitcoinNetworkName} from '../bitcoin/address.js'
import type {AppContext} from '../context.js'
import {SolominerError, errorMessage, isSolominerError} from '../errors.js'
import {DEFAULT_MIN_SHARE_PERCENT, INVALID_COINBASE, type PoolCheckResult, type PoolVerdict, checkPool} from './check.js'

export interface GateInput {
  network: BitcoinNetworkName
  password?: string
  /** Normalised pool URL. */
  pool: string
  /** `<address>[.<worker>]`; worker templates are fine (they are filled with a placeholder). */
  user: string
}

export interface GateOutcome {
  pool: string
  userSharePercent: number | null
  verdict: PoolVerdict | 'not-checked'
  warnings: string[]
}

/** The user as sent to the pool for the check: templates need a device, so a placeholder stands in. */
function checkUser(user: string): string {
  return user.replaceAll(/\{[a-z]+\}/g, 'solominer-check')
}

/**
 * Runs `pool check` for the pool and user. A pool that does not pay the address, builds on another chain,
 * pays only part of the reward (below the default --min-share), or could not be checked is refused;
 * `force` turns the refusal into a warning.
 */
export async function gatePool(input: GateInput, ctx: AppContext, options: {force?: boolean} = {}): Promise<GateOutcome> {
  let result: PoolCheckResult
  try {
    result = await checkPool({network: input.network, password: input.password, pool: input.pool, user: checkUser(input.user)}, ctx)
  } catch (error) {
    if (isSolominerError(error) && (error.code === 'INVALID_ADDRESS' || error.code === 'INVALID_INPUT')) throw error
    const message = `Could not check that ${input.pool} pays your address: ${errorMessage(error)}`
    if (options.force) return {pool: input.pool, userSharePercent: null, verdict: 'not-checked', warnings: [`${message} (pushing anyway: --force)`]}
    throw new SolominerError(isSolominerError(error) ? error.code : 'HOST_UNREACHABLE', message, {
      cause: error,
      suggestions: ['Try again, or skip the check with --no-verify'],
    })
  }
  const share = result.userSharePercent
  const outcome: GateOutcome = {pool: input.pool, userSharePercent: share, verdict: result.verdict, warnings: []}
  const refusal = refusalReason(input, result)
  if (refusal === null) return outcome
  if (!options.force) {
    throw new SolominerError('DOES_NOT_PAY_YOU', `${refusal}: nothing was pushed`, {
      suggestions: [`See the details with \`solominer pool check ${input.pool} --user ${checkUser(input.user)}\``, 'Push anyway with --force'],
    })
  }
  outcome.warnings.push(`${refusal} (pushing anyway: --force)`)
  return outcome
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

/** The warning when the gate is skipped with --no-verify. */
export function notVerifiedWarning(pool: string): string {
  return `Not checked whether ${pool} pays your address (--no-verify)`
}
