/**
 * Fleet-level warnings added on top of what each driver reports: a chip running hot for its family (the
 * driver's `heatLimits`), a pool that is not a solo pool, a solo pool whose user is not a valid payout
 * address (a solo block would then pay nobody we know), and a solo pool paying an address that is not
 * the user's.
 */
import {splitStratumUser} from '../bitcoin/address.js'
import type {HeatLimits} from '../devices/driver.js'
import type {DeviceWarning, PoolInUse} from '../devices/model.js'
import {classifyPool, isSoloPool, payoutAddressProblem, payoutKey} from '../pools/classify.js'

/** The user's own solo payout addresses (from their profiles); absent = nothing to compare with. */
export interface ExpectedPayout {
  /** As written in the profiles, for messages. */
  addresses: string[]
  /** Comparison keys (payoutKey). */
  keys: ReadonlySet<string>
}

export interface WarningInput {
  /** The device family's limits (its driver's `heatLimits`). */
  heatLimits: HeatLimits
  expectedPayout?: ExpectedPayout | null
  pool: PoolInUse | null
  temperature: number | null
  vrTemperature: number | null
}

/** True when the chip or regulator temperature is at or above the family's limit. */
export function isOverheating(input: Pick<WarningInput, 'heatLimits' | 'temperature' | 'vrTemperature'>): boolean {
  const limits = input.heatLimits
  const chipHot = input.temperature !== null && input.temperature >= limits.chip
  const vrHot = limits.vr !== null && input.vrTemperature !== null && input.vrTemperature >= limits.vr
  return chipHot || vrHot
}

/**
 * The driver's own warnings plus the fleet checks, without duplicating a kind the driver already
 * reported.
 */
export function withFleetWarnings(driverWarnings: DeviceWarning[], input: WarningInput): DeviceWarning[] {
  const warnings = [...driverWarnings]
  const add = (warning: DeviceWarning | null) => {
    if (warning && !warnings.some((existing) => existing.kind === warning.kind)) warnings.push(warning)
  }
  add(heatWarning(input))
  if (input.pool && input.pool.url !== '') {
    add(poolWarning(input.pool))
    if (input.expectedPayout) add(payoutMismatchWarning(input.pool, input.expectedPayout))
  }
  return warnings
}

function heatWarning(input: WarningInput): DeviceWarning | null {
  if (!isOverheating(input)) return null
  const limits = input.heatLimits
  const parts = [
    input.temperature !== null && input.temperature >= limits.chip ? `chip ${input.temperature.toFixed(1)} °C (limit ${limits.chip} °C)` : null,
    limits.vr !== null && input.vrTemperature !== null && input.vrTemperature >= limits.vr
      ? `regulator ${input.vrTemperature.toFixed(1)} °C (limit ${limits.vr} °C)`
      : null,
  ].filter((part): part is string => part !== null)
  return {kind: 'overheating', message: `Overheating: ${parts.join(', ')}`}
}

function poolWarning(pool: PoolInUse): DeviceWarning | null {
  const {kind, preset} = classifyPool(pool.url)
  const {address} = splitStratumUser(pool.user)
  if (kind === 'solo') return soloUserWarning(address, pool)
  if (kind === 'unknown') {
    // A pool we do not know whose user is a payout address is most likely a solo pool (ckpool-style).
    if (payoutAddressProblem(address) === null) return null
    return {kind: 'not-solo', message: `Pool ${pool.url} is not a known solo pool and the user is not a Bitcoin address: rewards are probably shared`}
  }
  const label = preset?.label ?? pool.url
  return {kind: 'not-solo', message: `Pool ${label} is ${kind === 'pooled' ? 'a shared-reward pool' : 'a non-custodial shared pool'}, not solo mining`}
}

/** A solo device paying a valid address that is none of the user's (an invalid one is solo-user-invalid). */
function payoutMismatchWarning(pool: PoolInUse, expected: ExpectedPayout): DeviceWarning | null {
  const {address} = splitStratumUser(pool.user)
  if (!isSoloPool(pool) || payoutAddressProblem(address) !== null || expected.keys.has(payoutKey(address))) return null
  return {kind: 'payout-mismatch', message: `Solo pool ${pool.url} pays ${address}, not your address ${expected.addresses.join(' or ')}`}
}

function soloUserWarning(address: string, pool: PoolInUse): DeviceWarning | null {
  const problem = payoutAddressProblem(address)
  if (problem === null) return null
  return {kind: 'solo-user-invalid', message: `Solo pool ${pool.url}: the user is not a valid payout address: ${problem}`}
}
