/**
 * Fleet-level warnings added on top of what each driver reports: a chip running hot for its family (the
 * driver's `heatLimits`), and for every pool slot (primary, fallback, pool 3: a device mines on each of
 * them in turn): a pool that is not a solo pool (unless the device is marked pooled), a solo pool whose
 * user is not a valid payout address (a solo block would then pay nobody we know), and a solo pool
 * paying an address that is not the user's.
 */
import type {HeatLimits} from '../devices/driver.js'
import type {DeviceWarning, PoolInUse, ReportedPool} from '../devices/model.js'
import type {MiningMark} from '../inventory/store.js'
import {type Payee, classifyPool, payeeOf, payoutKey, poolMode} from '../pools/classify.js'

/** The user's own payout addresses (payout.address, solo profiles); absent = nothing to compare with. */
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
  /** How the user means the device to mine (`devices mark`): one marked pooled gets no not-solo warning, nor one for an account name on a solo pool. */
  mining?: MiningMark | null
  /** The pool in use: checked when the firmware lists no slots. */
  pool: PoolInUse | null
  /** Every configured slot, primary first (DeviceStatus.pools). */
  pools?: ReportedPool[]
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
  for (const warning of poolWarnings(input)) {
    if (!warnings.some((existing) => existing.message === warning.message)) warnings.push(warning)
  }
  return warnings
}

/** A pool slot to check: its URL, user and position (0 primary, 1 fallback, ...). */
interface CheckedSlot {
  index: number
  payee: Payee
  url: string
}

/** The configured slots, else the pool in use as the primary (firmware that lists no slots). */
function checkedSlots(input: WarningInput): CheckedSlot[] {
  const listed = input.pools && input.pools.length > 0 ? input.pools : input.pool ? [input.pool] : []
  return listed.flatMap((pool, index) => (pool.url === '' ? [] : [{index, payee: payeeOf(pool.user), url: pool.url}]))
}

/** The pool warnings of every slot; a device marked pooled is not told it does not mine solo. */
function poolWarnings(input: WarningInput): DeviceWarning[] {
  return checkedSlots(input).flatMap((slot) => {
    const warnings = [poolWarning(slot), input.expectedPayout ? payoutMismatchWarning(slot, input.expectedPayout) : null]
    // Mining pooled on purpose: a shared pool, or an account on a "solo" host, is what the user wants.
    const wanted = (warning: DeviceWarning) => input.mining === 'pooled' && (warning.kind === 'not-solo' || slot.payee.kind === 'account')
    return warnings.filter((warning): warning is DeviceWarning => warning !== null && !wanted(warning))
  })
}

/** "Pool", "Fallback pool", "Pool 3" (with "Solo " before a solo one: "Solo fallback pool"). */
function slotName(index: number, solo = false): string {
  const name = index === 0 ? 'pool' : index === 1 ? 'fallback pool' : `pool ${index + 1}`
  const text = solo ? `solo ${name}` : name
  return text.charAt(0).toUpperCase() + text.slice(1)
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

function poolWarning(slot: CheckedSlot): DeviceWarning | null {
  const {kind, preset} = classifyPool(slot.url)
  const {payee, url} = slot
  if (payee.kind === 'invalid-address' && kind !== 'pooled') {
    const solo = kind === 'solo' ? slotName(slot.index, true) : slotName(slot.index)
    return {kind: 'solo-user-invalid', message: `${solo} ${url}: the user is not a valid payout address: ${payee.problem}`}
  }
  if (kind === 'solo') {
    if (payee.kind !== 'account') return null
    return {kind: 'solo-user-invalid', message: `${slotName(slot.index, true)} ${url}: the user ${payee.account} is an account name, not a payout address`}
  }
  if (kind === 'unknown') {
    // A pool we do not know whose user is a payout address is most likely a solo pool (ckpool-style).
    if (payee.kind === 'address') return null
    return {kind: 'not-solo', message: `${slotName(slot.index)} ${url} is not a known solo pool and the user is not a Bitcoin address: rewards are probably shared`}
  }
  const label = preset?.label ?? url
  return {kind: 'not-solo', message: `${slotName(slot.index)} ${label} is ${kind === 'pooled' ? 'a shared-reward pool' : 'a non-custodial shared pool'}, not solo mining`}
}

/** A solo slot paying a valid address that is none of the user's (an invalid one is solo-user-invalid). */
function payoutMismatchWarning(slot: CheckedSlot, expected: ExpectedPayout): DeviceWarning | null {
  const {payee, url} = slot
  if (payee.kind !== 'address' || poolMode({url, user: payee.address}) !== 'solo' || expected.keys.has(payoutKey(payee.address))) return null
  return {kind: 'payout-mismatch', message: `${slotName(slot.index, true)} ${url} pays ${payee.address}, not your address ${expected.addresses.join(' or ')}`}
}
