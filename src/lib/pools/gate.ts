/**
 * The switch gate (issue 5 §2): before a solo pool is pushed to any miner, connect to it as a miner would
 * and check that its coinbase pays the user's address. A pool that does not is refused (exit 8) unless
 * the user forces it.
 */
import type {BitcoinNetworkName} from '../bitcoin/address.js'
import type {AppContext} from '../context.js'
import {SolominerError, errorMessage, isSolominerError} from '../errors.js'
import {type PoolVerdict, checkPool} from '../stratum/check.js'

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
 * Runs `pool check` for the pool and user. `force` turns a refusal (does not pay, or could not be
 * checked) into a warning.
 */
export async function gatePool(input: GateInput, ctx: AppContext, options: {force?: boolean} = {}): Promise<GateOutcome> {
  let verdict: PoolVerdict
  let share: number
  try {
    const result = await checkPool({network: input.network, password: input.password, pool: input.pool, user: checkUser(input.user)}, ctx)
    verdict = result.verdict
    share = result.userSharePercent
  } catch (error) {
    if (isSolominerError(error) && (error.code === 'INVALID_ADDRESS' || error.code === 'INVALID_INPUT')) throw error
    const message = `Could not check that ${input.pool} pays your address: ${errorMessage(error)}`
    if (options.force) return {pool: input.pool, userSharePercent: null, verdict: 'not-checked', warnings: [`${message} (pushing anyway: --force)`]}
    throw new SolominerError(isSolominerError(error) ? error.code : 'HOST_UNREACHABLE', message, {
      cause: error,
      suggestions: ['Try again, or skip the check with --no-verify'],
    })
  }
  const outcome: GateOutcome = {pool: input.pool, userSharePercent: share, verdict, warnings: []}
  if (verdict === 'pays-you-partly') {
    outcome.warnings.push(`${input.pool} pays your address only ${share.toFixed(2)} % of the block reward`)
  }
  if (verdict === 'does-not-pay-you') {
    const message = `${input.pool} does not pay your address (its coinbase gives it ${share.toFixed(2)} % of the reward)`
    if (!options.force) {
      throw new SolominerError('DOES_NOT_PAY_YOU', `${message}: nothing was pushed`, {
        suggestions: [`See the details with \`solominer pool check ${input.pool} --user ${checkUser(input.user)}\``, 'Push anyway with --force'],
      })
    }
    outcome.warnings.push(`${message} (pushing anyway: --force)`)
  }
  return outcome
}

/** The warning when the gate is skipped with --no-verify. */
export function notVerifiedWarning(pool: string): string {
  return `Not checked whether ${pool} pays your address (--no-verify)`
}
