/**
 * Planning a change against a device's current configuration: which fields it touches (for the
 * capability check), the per-field diff shown by --dry-run and the prompt, and the read-back check.
 */
import {type ConfigChange, type ConfigField, type DeviceConfig, type PoolSetting, type PoolSlotRules, type Driver, type ReadBackRules, READ_BACK_DEFAULT, UNKNOWN_PASSWORD} from '../devices/driver.js'
import type {DeviceIdentity} from '../devices/model.js'
import {invalidInput} from '../errors.js'
import {parsePoolUrl} from '../pools/url.js'

/** A device's identity with the alias the user gave it (worker templates use it as `{hostname}`). */
export type NamedIdentity = DeviceIdentity & {alias: string | null}

/**
 * What to change: the fields (for the capability check), and the change for one device given its
 * identity (worker templates), current configuration and its firmware's pool slot rules.
 */
export interface PushRequest {
  changeFor: (identity: NamedIdentity, current: DeviceConfig, slots: PoolSlotRules) => ConfigChange
  fields: ConfigField[]
}

export interface ConfigDiff {
  after: number | string | null
  before: number | string | null
  /** e.g. "pool.url", "fallback.user", "fan", "frequency". */
  field: string
}

const SLOT_NAMES = ['pool', 'fallback']

function slotName(index: number): string {
  return SLOT_NAMES[index] ?? `pool${index + 1}`
}

function fanText(fan: DeviceConfig['fan'] | ConfigChange['fan']): string | null {
  if (!fan) return null
  return fan.mode === 'auto' ? 'auto' : `${fan.percent ?? '?'}%`
}

/** Canonical URL form for comparing what a device reports with what was asked. */
function comparableUrl(url: string): string {
  try {
    return parsePoolUrl(url).url
  } catch {
    return url.trim().toLowerCase()
  }
}

function poolDiffs(current: DeviceConfig['pools'], wanted: PoolSetting[]): ConfigDiff[] {
  const diffs: ConfigDiff[] = []
  for (const [index, pool] of wanted.entries()) {
    const slot = current[index]
    const name = slotName(index)
    const url = comparableUrl(pool.url)
    if (slot?.url === undefined || comparableUrl(slot.url) !== url) diffs.push({after: url, before: slot?.url || null, field: `${name}.url`})
    if (slot?.user !== pool.user) diffs.push({after: pool.user, before: slot?.user || null, field: `${name}.user`})
    diffs.push(...passwordDiff(slot, pool, name))
  }
  return diffs
}

/**
 * A password the user gave (not the conventional "x"): firmware never shows passwords, so it is
 * listed as "(changed)" whenever it is written, and never revealed.
 */
function passwordDiff(slot: DeviceConfig['pools'][number] | undefined, pool: PoolSetting, name: string): ConfigDiff[] {
  if (pool.password === null || pool.password === UNKNOWN_PASSWORD) return []
  const before = slot === undefined || slot.url === '' ? null : slot.passwordSet ? '(set)' : '(none)'
  return [{after: '(changed)', before, field: `${name}.password`}]
}

function numberDiff(field: string, before: number | null, after: number | undefined, tolerance = 0): ConfigDiff[] {
  if (after === undefined) return []
  if (before !== null && Math.abs(before - after) <= tolerance) return []
  return [{after, before, field}]
}

/**
 * What the change would alter on a device with configuration `current` (empty = nothing to do), by its
 * firmware's read-back rules (a frequency it rounds is the one asked for).
 */
export function diffConfig(current: DeviceConfig, change: ConfigChange, rules: ReadBackRules): ConfigDiff[] {
  const diffs: ConfigDiff[] = []
  if (change.pools) diffs.push(...poolDiffs(current.pools, change.pools))
  if (change.fan && fanText(change.fan) !== fanText(current.fan)) {
    diffs.push({after: fanText(change.fan), before: fanText(current.fan), field: 'fan'})
  }
  diffs.push(
    ...numberDiff('temp-target', current.fan?.targetTemperature ?? null, change.temperatureTarget),
    ...numberDiff('frequency', current.frequency, change.frequency, rules.frequencyToleranceMhz),
    ...numberDiff('voltage', current.coreVoltage, change.coreVoltage),
  )
  if (change.hostname !== undefined && change.hostname.toLowerCase() !== current.hostname?.toLowerCase()) {
    diffs.push({after: change.hostname, before: current.hostname, field: 'hostname'})
  }
  return diffs
}

/** The driver's read-back rules (a firmware that declares none: READ_BACK_DEFAULT). */
export function readBackRules(driver: Driver): ReadBackRules {
  return driver.readBack ?? READ_BACK_DEFAULT
}

export interface ReadBackCheck {
  /** Fields the device reports with a value other than the one written. */
  unapplied: string[]
  /** Fields the firmware does not report back (e.g. Avalon fan mode): written, but not verifiable. */
  unverifiable: string[]
}

/** Judges a change against the configuration read back after the write. */
export function checkReadBack(readBack: DeviceConfig, change: ConfigChange, rules: ReadBackRules): ReadBackCheck {
  const check: ReadBackCheck = {unapplied: [], unverifiable: []}
  for (const diff of diffConfig(readBack, change, rules)) {
    // Passwords are never shown back by any firmware.
    const unreported = diff.field.endsWith('.password') || (diff.before === null && !/\.(url|user)$/.test(diff.field))
    check[unreported ? 'unverifiable' : 'unapplied'].push(diff.field)
  }
  return check
}

/** The pool slot a diff field names ("pool.url" → 0, "fallback.user" → 1, "pool3.url" → 2), or null. */
function slotOf(field: string): number | null {
  const name = field.split('.')[0]!
  const index = SLOT_NAMES.indexOf(name)
  if (index >= 0) return index
  const numbered = /^pool(\d+)$/.exec(name)
  return numbered ? Number(numbered[1]) - 1 : null
}

/** What `change` altered: diff fields other than passwords (never shown back, so never comparable). */
function comparableFields(current: DeviceConfig, change: ConfigChange, rules: ReadBackRules): Set<string> {
  return new Set(diffConfig(current, change, rules).map((diff) => diff.field).filter((field) => !field.endsWith('.password')))
}

/**
 * The change that puts back, from `before`, what `change` altered and the device (`now`) still shows
 * as `change` set it; null when nothing is to be put back. Everything else, including fields someone
 * else changed since, stays as the device has it now. Pool slots are put back whole (URL and user)
 * with the password the device has (firmware does not show the old one).
 */
export function undoFor(before: DeviceConfig, change: ConfigChange, now: DeviceConfig, rules: ReadBackRules): ConfigChange | null {
  const stillDiffers = comparableFields(now, change, rules)
  const ours = [...comparableFields(before, change, rules)].filter((field) => !stillDiffers.has(field))
  if (ours.length === 0) return null
  const undo: ConfigChange = {}
  const slots = new Set(ours.map(slotOf).filter((slot) => slot !== null))
  if (slots.size > 0) {
    const pools: PoolSetting[] = []
    for (let index = 0; index < Math.max(before.pools.length, now.pools.length); index++) {
      const slot = slots.has(index) ? before.pools[index] : now.pools[index]
      // A slot this push filled where there was none cannot be emptied: it stays, and so does any after it.
      if (!slot || slot.url === '') {
        if (slots.has(index)) pools.push(...now.pools.slice(index).filter((kept) => kept.url !== '').map((kept) => ({password: null, url: kept.url, user: kept.user})))
        break
      }
      pools.push({password: null, url: slot.url, user: slot.user})
    }
    if (comparableFields(now, {pools}, rules).size > 0) undo.pools = pools
  }
  if (ours.includes('fan') && before.fan) undo.fan = before.fan.mode === 'manual' && before.fan.percent !== null ? {mode: 'manual', percent: before.fan.percent} : {mode: 'auto'}
  if (ours.includes('temp-target') && before.fan?.targetTemperature != null) undo.temperatureTarget = before.fan.targetTemperature
  if (ours.includes('frequency') && before.frequency !== null) undo.frequency = before.frequency
  if (ours.includes('voltage') && before.coreVoltage !== null) undo.coreVoltage = before.coreVoltage
  if (ours.includes('hostname') && before.hostname !== null) undo.hostname = before.hostname
  return Object.keys(undo).length === 0 ? null : undo
}

/**
 * The pool list to write when only one slot changes: the other configured slots are kept, with their
 * passwords (null: the driver keeps the one the device has).
 */
export function poolsWithSlot(current: DeviceConfig['pools'], index: number, pool: PoolSetting): PoolSetting[] {
  const configured = current.filter((slot) => slot.url !== '')
  if (configured.length < index) {
    const missing = index === 1 ? 'primary' : slotName(index - 1)
    throw invalidInput(`The device has no ${missing} pool configured`, `Set the ${missing} pool first`)
  }
  const pools: PoolSetting[] = configured.map((slot) => ({password: null, url: slot.url, user: slot.user}))
  pools[index] = pool
  return pools
}
