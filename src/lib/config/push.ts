/**
 * The configuration push service behind `config set`, `switch` and `config restore`: per device
 * capability check → read → plan (diff) → backup → one write → restart when needed → wait → read back →
 * verify, and a restore of the backup when the device did not apply the change. Devices run in parallel
 * (bounded); every outcome is data, never an exception.
 */
import type {AppContext} from '../context.js'
import type {ConfigChange, ConfigField, DeviceConfig, DeviceCredentials, WriteResult} from '../devices/driver.js'
import type {DeviceIdentity} from '../devices/model.js'
import {ExitCode, SolominerError, type ExitCodeValue, isSolominerError} from '../errors.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {mapLimit} from '../status/parallel.js'
import {saveBackup} from './backup.js'
import {type ResultError, type TargetDevice, describeDevice, openDevice, toResultError, unsupported} from './device.js'
import {type ConfigDiff, checkReadBack, diffConfig} from './plan.js'
import {type RestartWaitOptions, openPorts, waitForRestart} from './restart.js'

/** `planned` only in a dry run: the device would be changed. */
export type PushStatus = 'changed' | 'failed' | 'planned' | 'skipped' | 'unchanged'

export interface PushResult {
  after: DeviceConfig | null
  backup: string | null
  before: DeviceConfig | null
  changes: ConfigDiff[]
  error?: ResultError
  ip: string
  model: string | null
  /** Whether the backup was written back after a failed or unverified write (null: not attempted). */
  restored: boolean | null
  restarted: boolean
  status: PushStatus
  target: string
  verified: boolean
  warnings: string[]
}

/**
 * What to change: the fields (for the capability check), and the change for one device given its
 * identity (worker templates) and current configuration.
 */
export interface PushRequest {
  changeFor: (identity: DeviceIdentity, current: DeviceConfig) => ConfigChange
  fields: ConfigField[]
}

export interface PushOptions extends RestartWaitOptions {
  concurrency?: number
  credentials?: DeviceCredentials
  /** Plan only: read and diff, write nothing. */
  dryRun?: boolean
  /** Restart devices whose change needs it (default true). */
  restart?: boolean
  /** Allow frequency/voltage values outside the device's safe lists. */
  unsafe?: boolean
}

/** How one device is to be changed: the expected result (for diff and read-back) and the write itself. */
export interface Preparation {
  before: DeviceConfig
  change: ConfigChange
  warnings: string[]
  write(): Promise<WriteResult>
}

/** Reads a device and prepares its write; throwing UNSUPPORTED marks the device `skipped`. */
export type Prepare = (device: TargetDevice) => Promise<Preparation>

/** A device planned for a change; `result` is final unless the status is `planned`. */
export interface PlannedPush {
  device: TargetDevice | null
  preparation: Preparation | null
  result: PushResult
}

export const DEFAULT_PUSH_CONCURRENCY = 8
/** AxeOS queues NVS writes: a read right after a write can briefly show the old value. */
const SETTLE_READS = 6
const SETTLE_DELAY_MS = 250

function emptyResult(target: ResolvedTarget): PushResult {
  return {
    after: null,
    backup: null,
    before: null,
    changes: [],
    ip: target.address.host,
    model: target.identity?.model ?? null,
    restored: null,
    restarted: false,
    status: 'failed',
    target: target.target,
    verified: false,
    warnings: [],
  }
}

/** Refuses frequency/voltage values outside the device's safe lists unless `unsafe` (then a warning). */
async function checkSafeValues(device: TargetDevice, change: ConfigChange, ctx: AppContext, options: PushOptions): Promise<string[]> {
  const wanted: [string, number | undefined, 'coreVoltages' | 'frequencies', string][] = [
    ['frequency', change.frequency, 'frequencies', 'MHz'],
    ['core voltage', change.coreVoltage, 'coreVoltages', 'mV'],
  ]
  const asked = wanted.filter(([, value]) => value !== undefined)
  if (asked.length === 0) return []
  const safe = (await device.driver.safeOptions?.(device.identity.address, ctx, {credentials: options.credentials})) ?? null
  const warnings: string[] = []
  for (const [name, value, list, unit] of asked) {
    const allowed = safe?.[list] ?? []
    if (allowed.includes(value!)) continue
    const known = allowed.length > 0 ? `its safe values are ${allowed.join(', ')} ${unit}` : 'no safe values are known for it'
    const message = `${value} ${unit} is not a safe ${name} for ${describeDevice(device.identity)}: ${known}`
    if (!options.unsafe) {
      throw new SolominerError('INVALID_INPUT', message, {suggestions: ['Pick a listed value, or pass --unsafe if you know the hardware takes it']})
    }
    warnings.push(`${message} (sent anyway: --unsafe)`)
  }
  return warnings
}

/** The preparation of a `config set` / `switch` change through the driver's writeConfig. */
export function prepareChange(request: PushRequest, ctx: AppContext, options: PushOptions): Prepare {
  return async (device) => {
    const {driver, identity} = device
    const missing = request.fields.filter((field) => !driver.capabilities.configWrite.includes(field))
    if (!driver.readConfig || !driver.writeConfig || missing.length > 0) {
      throw unsupported(identity, `setting ${(missing.length > 0 ? missing : request.fields).join(', ')}`)
    }
    const call = {credentials: options.credentials}
    const before = await driver.readConfig(identity.address, ctx, call)
    const change = request.changeFor(identity, before)
    const warnings = await checkSafeValues(device, change, ctx, options)
    return {before, change, warnings, write: () => driver.writeConfig!(identity.address, change, ctx, call)}
  }
}

async function planOne(target: ResolvedTarget, prepare: Prepare, ctx: AppContext, options: PushOptions): Promise<PlannedPush> {
  const result = emptyResult(target)
  let device: TargetDevice | null = null
  try {
    device = await openDevice(target, ctx, options.credentials)
    result.model = device.identity.model
    const preparation = await prepare(device)
    result.before = preparation.before
    result.changes = diffConfig(preparation.before, preparation.change)
    result.warnings.push(...preparation.warnings)
    result.status = result.changes.length === 0 ? 'unchanged' : 'planned'
    result.verified = result.status === 'unchanged'
    return {device, preparation, result}
  } catch (error) {
    result.status = isSolominerError(error) && error.code === 'UNSUPPORTED' ? 'skipped' : 'failed'
    result.error = toResultError(error)
    return {device, preparation: null, result}
  }
}

/** Reads and diffs every target; writes nothing. */
export function planPush(targets: ResolvedTarget[], prepare: Prepare, ctx: AppContext, options: PushOptions = {}): Promise<PlannedPush[]> {
  return mapLimit(targets, options.concurrency ?? DEFAULT_PUSH_CONCURRENCY, (target) => planOne(target, prepare, ctx, options))
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Reads back until the change shows (bounded: the firmware may apply it a moment after the reply). */
async function readBackSettled(device: TargetDevice, change: ConfigChange, ctx: AppContext, options: PushOptions): Promise<DeviceConfig> {
  const read = () => device.driver.readConfig!(device.identity.address, ctx, {credentials: options.credentials})
  let config = await read()
  for (let attempt = 1; attempt < SETTLE_READS && checkReadBack(config, change).unapplied.length > 0; attempt++) {
    await sleep(SETTLE_DELAY_MS)
    config = await read()
  }
  return config
}

/** Restart (when asked) and read back; returns the configuration after and whether it restarted. */
async function settle(
  device: TargetDevice,
  change: ConfigChange,
  restartRequired: boolean,
  ctx: AppContext,
  options: PushOptions,
): Promise<{after: DeviceConfig; restarted: boolean; sawDown: boolean}> {
  const readBack = () => readBackSettled(device, change, ctx, options)
  if (!restartRequired || options.restart === false) return {after: await readBack(), restarted: false, sawDown: false}
  const {sawDown, value} = await restartAndWait(device, readBack, ctx, options)
  return {after: value, restarted: true, sawDown}
}

/** Restarts the device, waits for it to go and come back, and returns `readBack()` from it. */
export async function restartAndWait<T>(
  device: TargetDevice,
  readBack: () => Promise<T>,
  ctx: AppContext,
  options: PushOptions,
): Promise<{sawDown: boolean; value: T}> {
  const {address} = device.identity
  if (!device.driver.restart) throw unsupported(device.identity, 'restarting')
  const watch = await openPorts(address, ctx)
  await device.driver.restart(address, ctx, {credentials: options.credentials})
  return waitForRestart(address, watch, readBack, ctx, options)
}

/** Writes the saved native configuration back (and restarts when needed); true when that worked. */
async function restoreBackup(device: TargetDevice, native: unknown, ctx: AppContext, options: PushOptions): Promise<boolean> {
  if (!device.driver.restoreNative || native === null) return false
  try {
    const call = {credentials: options.credentials}
    const {restartRequired} = await device.driver.restoreNative(device.identity.address, native, ctx, call)
    if (restartRequired && options.restart !== false) {
      await restartAndWait(device, () => device.driver.readStatus(device.identity.address, ctx, call), ctx, options)
    }
    return true
  } catch (error) {
    ctx.debug(`restore of ${device.identity.address.host} failed: ${String(error)}`)
    return false
  }
}

/** Whether a failed write left the device changed (half-configured): then the backup goes back. */
async function writeLeftChanges(device: TargetDevice, before: DeviceConfig, change: ConfigChange, ctx: AppContext, options: PushOptions): Promise<boolean> {
  try {
    const now = await device.driver.readConfig!(device.identity.address, ctx, {credentials: options.credentials})
    return diffConfig(now, change).length < diffConfig(before, change).length
  } catch {
    return true
  }
}

async function applyOne(plan: PlannedPush, ctx: AppContext, options: PushOptions): Promise<PushResult> {
  const {device, preparation, result} = plan
  if (result.status !== 'planned' || !preparation || !device) return result
  const {change} = preparation
  let native: unknown = null
  try {
    native = (await device.driver.readNative?.(device.identity.address, ctx, {credentials: options.credentials})) ?? null
    result.backup = await saveBackup(ctx, device.identity, native, result.before)
  } catch (error) {
    result.status = 'failed'
    result.error = toResultError(error)
    return result
  }
  try {
    const {restartRequired} = await preparation.write()
    const {after, restarted, sawDown} = await settle(device, change, restartRequired, ctx, options)
    result.after = after
    result.restarted = restarted
    if (restarted && !sawDown) result.warnings.push('The device was not seen going away after the restart request; it may not have restarted')
    const {unapplied, unverifiable} = checkReadBack(after, change)
    result.verified = unapplied.length === 0 && unverifiable.length === 0
    if (unapplied.length === 0) {
      result.status = 'changed'
      if (unverifiable.length > 0) result.warnings.push(`The firmware does not report ${unverifiable.join(', ')}: written but not verified`)
      if (restartRequired && !restarted) result.warnings.push('Saved; takes effect after a restart (--no-restart was given)')
      return result
    }
    result.status = 'failed'
    result.restored = await restoreBackup(device, native, ctx, options)
    result.error = toResultError(notVerified(device.identity, unapplied, result.restored))
  } catch (error) {
    result.status = 'failed'
    result.error = toResultError(error)
    if (await writeLeftChanges(device, preparation.before, change, ctx, options)) {
      result.restored = await restoreBackup(device, native, ctx, options)
    }
  }
  return result
}

function notVerified(identity: DeviceIdentity, fields: string[], restored: boolean): SolominerError {
  const after = restored ? 'the previous configuration was restored' : 'restoring the previous configuration did not work'
  return new SolominerError(
    'NOT_VERIFIED',
    `${describeDevice(identity)} accepted the change but did not apply ${fields.join(', ')}; ${after}`,
    {suggestions: ['Check the firmware version supports this setting; `solominer config get` shows what it has now']},
  )
}

/** Applies planned changes (the `planned` ones; the rest pass through). */
export function applyPush(plans: PlannedPush[], ctx: AppContext, options: PushOptions = {}): Promise<PushResult[]> {
  return mapLimit(plans, options.concurrency ?? DEFAULT_PUSH_CONCURRENCY, (plan) => applyOne(plan, ctx, options))
}

/**
 * The process exit code for per-device outcomes: 0; a single device's own code when it failed or was
 * skipped (7 not verified, 4 unreachable, ...); 6 when some devices of several failed.
 */
export function pushExitCode(results: {error?: ResultError; status: string}[]): ExitCodeValue {
  if (results.length === 1 && results[0]!.error !== undefined) return results[0]!.error.exitCode as ExitCodeValue
  return results.some((result) => result.status === 'failed') ? ExitCode.PartialFailure : ExitCode.Ok
}
