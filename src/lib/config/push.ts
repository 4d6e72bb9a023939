/**
 * The configuration push service behind `config set`, `switch` and `config restore`: per device
 * capability check → read → plan (diff, shown before confirmation) → then, holding the device's lock
 * (one writer per device across processes), re-read and re-plan → backup → one write → restart when
 * needed → wait → read back → verify, and when the device did not apply the change, putting back only
 * the fields this push changed. Devices run in parallel (bounded); every outcome is data, never an
 * exception. Ctrl-C stops at once: each device says how far it got (`stage`), the rest are `untouched`.
 */
import type {AppContext} from '../context.js'
import type {ConfigChange, DeviceConfig, DeviceCredentials, WriteResult} from '../devices/driver.js'
import type {DeviceIdentity} from '../devices/model.js'
import {type DeviceError, devicesExitCode, type ExitCodeValue, isSolominerError, SolominerError, toDeviceError} from '../errors.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {mapLimit} from '../parallel.js'
import {type BackupReason, saveBackup} from './backup.js'
import {type DeviceLockOptions, withDeviceLock} from './device-lock.js'
import {foreignFallbackWarnings} from './fallback.js'
import {type OpenedDevice, openDevice} from '../discovery/open.js'
import {describeDevice, deviceName, unsupported} from './device.js'
import {type ConfigDiff, type PushRequest, type ReadBackCheck, checkReadBack, diffConfig, readBackRules, undoFor} from './plan.js'
import {type RestartWaitOptions, openPorts, waitForRestart} from './restart.js'
import {fitPoolSlots, poolSlotRules} from './slots.js'
import {sleep} from '../sleep.js'

/**
 * `planned` only in a dry run: the device would be changed. After Ctrl-C, `interrupted` for a device
 * being worked on (its `stage` says how far) and `untouched` for one not started.
 */
export type PushStatus = 'changed' | 'failed' | 'interrupted' | 'planned' | 'skipped' | 'unchanged' | 'untouched'

/** How far the push of one device got: nothing is written before `written`. */
export type PushStage = 'backed-up' | 'done' | 'not-started' | 'read' | 'read-back' | 'restart-sent' | 'restoring' | 'written'

export interface PushResult {
  after: DeviceConfig | null
  backup: string | null
  before: DeviceConfig | null
  changes: ConfigDiff[]
  error?: DeviceError
  ip: string
  model: string | null
  /** The device's alias, else its hostname (null: neither known); human labels read `name (ip)`. */
  name: string | null
  /**
   * Whether what this push changed was put back (and read back) after a failed or unverified write;
   * fields changed meanwhile by someone else are left alone (null: not attempted).
   */
  restored: boolean | null
  restarted: boolean
  stage: PushStage
  status: PushStatus
  target: string
  verified: boolean
  /** Information about what happened (not a problem): printed without the warning mark. */
  notes: string[]
  warnings: string[]
}

export interface PushOptions extends DeviceLockOptions, RestartWaitOptions {
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
  /** Why the safety backup taken before this write exists (a restore's copy must not count as "latest"). */
  backupReason?: BackupReason
  before: DeviceConfig
  change: ConfigChange
  /** Information for the result (see PushResult.notes). */
  notes?: string[]
  warnings: string[]
  write(): Promise<WriteResult>
}

/** Reads a device and prepares its write; throwing UNSUPPORTED marks the device `skipped`. */
export type Prepare = (device: OpenedDevice) => Promise<Preparation>

/** A device planned for a change; `result` is final unless the status is `planned`. */
export interface PlannedPush {
  device: OpenedDevice | null
  preparation: Preparation | null
  result: PushResult
}

export const DEFAULT_PUSH_CONCURRENCY = 8

function emptyResult(target: ResolvedTarget): PushResult {
  return {
    after: null,
    backup: null,
    before: null,
    changes: [],
    ip: target.address.host,
    model: target.identity?.model ?? null,
    name: deviceName(target, target.identity),
    notes: [],
    restored: null,
    restarted: false,
    stage: 'not-started',
    status: 'failed',
    target: target.target,
    verified: false,
    warnings: [],
  }
}

/** Refuses frequency/voltage values outside the device's safe lists unless `unsafe` (then a warning). */
async function checkSafeValues(device: OpenedDevice, change: ConfigChange, ctx: AppContext, options: PushOptions): Promise<string[]> {
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
    const named = {...identity, alias: device.target.alias ?? null}
    const {change, warnings} = fitToSlots(device, before, request.changeFor(named, before, poolSlotRules(driver)))
    // The firmware's own refusals, here rather than only in writeConfig: a dry run must refuse what the push would.
    await driver.checkChange?.(identity.address, change, ctx, call)
    warnings.push(...foreignFallbackWarnings(identity, before, change), ...(await checkSafeValues(device, change, ctx, options)))
    return {before, change, warnings, write: () => driver.writeConfig!(identity.address, change, ctx, call)}
  }
}

/**
 * Cuts the pool list to the slots the firmware has (the driver's `poolSlots.limit`), with a note; a
 * change that sets only slots the device lacks is "not supported" there.
 */
function fitToSlots(device: OpenedDevice, before: DeviceConfig, change: ConfigChange): {change: ConfigChange; warnings: string[]} {
  if (!change.pools) return {change, warnings: []}
  const limit = poolSlotRules(device.driver).limit(before)
  const {dropped, kept} = fitPoolSlots(change.pools, limit)
  if (dropped.length === 0) return {change, warnings: []}
  const slots = `${limit} pool slot${limit === 1 ? '' : 's'}`
  // A kept slot with a null password is a copy of what the device has: nothing asked for fits.
  if (kept.every((pool) => pool.password === null)) throw unsupported(device.identity, `a fallback pool (the firmware has ${slots})`)
  const skipped = dropped.map((pool) => pool.url).join(', ')
  return {
    change: {...change, pools: kept},
    warnings: [`${describeDevice(device.identity)} has ${slots}: only the primary pool is set, the fallback ${skipped} is left out`],
  }
}

async function planOne(target: ResolvedTarget, prepare: Prepare, ctx: AppContext, options: PushOptions): Promise<PlannedPush> {
  const result = emptyResult(target)
  let device: OpenedDevice | null = null
  if (ctx.signal.aborted) return {device, preparation: null, result: untouched(result)}
  try {
    // Read holding the device's lock: another solominer's push may be restarting it.
    const known = target.identity ?? {address: target.address, mac: null}
    const {opened, preparation} = await withDeviceLock(known, ctx, options, async () => {
      device = await openDevice(target, ctx, {credentials: options.credentials, onMacChange: 'refuse'})
      result.model = device.identity.model
      result.name = deviceName(target, device.identity)
      return {opened: device, preparation: await prepare(device)}
    })
    result.before = preparation.before
    result.changes = diffConfig(preparation.before, preparation.change, readBackRules(opened.driver))
    result.warnings.push(...preparation.warnings)
    result.notes.push(...(preparation.notes ?? []))
    result.status = result.changes.length === 0 ? 'unchanged' : 'planned'
    result.stage = 'read'
    result.verified = result.status === 'unchanged'
    return {device, preparation, result}
  } catch (error) {
    if (ctx.signal.aborted) return {device, preparation: null, result: interrupted(result)}
    result.status = isSolominerError(error) && error.code === 'UNSUPPORTED' ? 'skipped' : 'failed'
    result.error = toDeviceError(error)
    return {device, preparation: null, result}
  }
}

function untouched(result: PushResult): PushResult {
  result.status = 'untouched'
  result.error = toDeviceError(new SolominerError('INTERRUPTED', 'Interrupted before this device was started: nothing was sent to it'))
  return result
}

/** What Ctrl-C left on a device, by how far its push got. */
const INTERRUPTED_AT: Record<PushStage, string> = {
  'backed-up': 'before anything was written: the device is unchanged',
  done: 'after the push finished',
  'not-started': 'before anything was written: the device is unchanged',
  read: 'before anything was written: the device is unchanged',
  'read-back': 'after the change was written, while reading it back: the device may have it (check with `solominer config get`)',
  'restart-sent': 'while the device restarted to apply the change: check it with `solominer config get` once it is back',
  restoring: 'while putting back what this push changed: the device may be half restored (check with `solominer config get`)',
  written: 'after the change was written, before it was verified: the device may have it (check with `solominer config get`)',
}

function interrupted(result: PushResult): PushResult {
  result.status = 'interrupted'
  const backup = result.backup && result.stage !== 'backed-up' ? `; the configuration before is saved in ${result.backup}` : ''
  result.error = toDeviceError(new SolominerError('INTERRUPTED', `Interrupted ${INTERRUPTED_AT[result.stage]}${backup}`))
  return result
}

/** Reads and diffs every target; writes nothing. */
export function planPush(targets: ResolvedTarget[], prepare: Prepare, ctx: AppContext, options: PushOptions = {}): Promise<PlannedPush[]> {
  return mapLimit(targets, options.concurrency ?? DEFAULT_PUSH_CONCURRENCY, (target) => planOne(target, prepare, ctx, options))
}

/** Reads back until the change shows (bounded: the firmware may apply it a moment after the reply). */
async function readBackSettled(device: OpenedDevice, change: ConfigChange, ctx: AppContext, options: PushOptions): Promise<DeviceConfig> {
  const read = () => device.driver.readConfig!(device.identity.address, ctx, {credentials: options.credentials})
  const rules = readBackRules(device.driver)
  let config = await read()
  for (let attempt = 1; attempt < rules.attempts && checkReadBack(config, change, rules).unapplied.length > 0; attempt++) {
    if (!(await sleep(rules.pauseMs, ctx.signal))) throw ctx.signal.reason
    config = await read()
  }
  return config
}

/**
 * Restart (when needed and allowed) and read back; returns the configuration after and whether the
 * device was seen going away. `result.restarted` is set as soon as the restart was sent, so a device
 * that never comes back still reports it.
 */
async function settle(
  device: OpenedDevice,
  change: ConfigChange,
  restartRequired: boolean,
  result: PushResult,
  ctx: AppContext,
  options: PushOptions,
): Promise<{after: DeviceConfig; sawDown: boolean}> {
  const readBack = () => readBackSettled(device, change, ctx, options)
  result.stage = 'read-back'
  if (restartRequired && options.restart === false && poolSlotRules(device.driver).shownOnlyAfterRestart) {
    // The saved pools show only after the next restart: waiting for them to settle is pointless.
    return {after: await device.driver.readConfig!(device.identity.address, ctx, {credentials: options.credentials}), sawDown: false}
  }
  if (!restartRequired || options.restart === false) return {after: await readBack(), sawDown: false}
  const {sawDown, value} = await restartAndWait(device, readBack, ctx, options, () => {
    result.restarted = true
    result.stage = 'restart-sent'
  })
  return {after: value, sawDown}
}

/** Restarts the device, waits for it to go and come back, and returns `readBack()` from it. */
export async function restartAndWait<T>(
  device: OpenedDevice,
  readBack: () => Promise<T>,
  ctx: AppContext,
  options: PushOptions,
  onRestartSent?: () => void,
): Promise<{sawDown: boolean; value: T}> {
  const {address} = device.identity
  if (!device.driver.restart) throw unsupported(device.identity, 'restarting')
  const watch = await openPorts(address, ctx)
  await device.driver.restart(address, ctx, {credentials: options.credentials})
  onRestartSent?.()
  return waitForRestart(address, watch, readBack, ctx, options)
}

/**
 * Puts back what this push changed and the device still shows as written by it, from `before`, with
 * the driver's ordinary write (restarting when needed), then reads back: true when those fields show
 * their old values again, null when none of this push's changes is on the device. Fields someone else
 * changed meanwhile keep their new values.
 */
async function undoChange(device: OpenedDevice, before: DeviceConfig, change: ConfigChange, result: PushResult, ctx: AppContext, options: PushOptions): Promise<boolean | null> {
  const call = {credentials: options.credentials}
  const read = () => device.driver.readConfig!(device.identity.address, ctx, call)
  try {
    const rules = readBackRules(device.driver)
    const undo = undoFor(before, change, await read(), rules)
    if (undo === null) return null
    result.stage = 'restoring'
    const {restartRequired} = await device.driver.writeConfig!(device.identity.address, undo, ctx, call)
    const after = restartRequired && options.restart !== false ? (await restartAndWait(device, read, ctx, options)).value : await read()
    result.after = after
    return checkReadBack(after, undo, rules).unapplied.length === 0
  } catch (error) {
    if (ctx.signal.aborted) throw error
    ctx.debug(`putting back ${device.identity.address.host} failed: ${String(error)}`)
    return false
  }
}

async function applyOne(plan: PlannedPush, prepare: Prepare, ctx: AppContext, options: PushOptions): Promise<PushResult> {
  const {device, result} = plan
  if (result.status !== 'planned' || !device) return result
  if (ctx.signal.aborted) return untouched(result)
  try {
    return await withDeviceLock(device.identity, ctx, options, () => applyLocked(device, prepare, result, ctx, options))
  } catch (error) {
    if (ctx.signal.aborted) return interrupted(result)
    result.status = 'failed'
    result.error = toDeviceError(error)
    return result
  }
}

/** The push of one device, holding its lock. */
async function applyLocked(device: OpenedDevice, prepare: Prepare, result: PushResult, ctx: AppContext, options: PushOptions): Promise<PushResult> {
  // Read again under the lock: another writer may have changed the device since the preview.
  const preparation = await prepare(device)
  const {before, change} = preparation
  const changes = diffConfig(before, change, readBackRules(device.driver))
  if (JSON.stringify(changes) !== JSON.stringify(result.changes)) {
    result.notes.push(`${describeDevice(device.identity)} changed since it was first read: the change was applied to what it has now`)
  }
  result.before = before
  result.changes = changes
  result.warnings = [...new Set([...result.warnings, ...preparation.warnings])]
  result.notes = [...new Set([...result.notes, ...(preparation.notes ?? [])])]
  if (changes.length === 0) {
    result.status = 'unchanged'
    result.stage = 'done'
    result.verified = true
    return result
  }
  const call = {credentials: options.credentials}
  const native = (await device.driver.readNative?.(device.identity.address, ctx, call)) ?? null
  result.backup = await saveBackup(ctx, device.identity, native, before, new Date(), preparation.backupReason)
  result.stage = 'backed-up'
  try {
    result.stage = 'written'
    const {restartRequired} = await preparation.write()
    const {after, sawDown} = await settle(device, change, restartRequired, result, ctx, options)
    result.after = after
    if (result.restarted && !sawDown) result.warnings.push('The device was not seen going away after the restart request; it may not have restarted')
    const pending = restartRequired && !result.restarted
    const {unapplied, unverifiable} = judgeReadBack(device, after, change, pending)
    result.verified = unapplied.length === 0 && unverifiable.length === 0
    if (unapplied.length === 0) {
      result.status = 'changed'
      result.stage = 'done'
      if (unverifiable.length > 0) result.warnings.push(unverifiableWarning(device, unverifiable, pending))
      if (pending) result.notes.push('Saved; takes effect after the next restart (--no-restart was given)')
      return result
    }
    result.status = 'failed'
    result.restored = await undoChange(device, before, change, result, ctx, options)
    result.error = toDeviceError(notVerified(device.identity, unapplied, result.restored))
  } catch (error) {
    if (ctx.signal.aborted) throw error
    result.status = 'failed'
    result.error = toDeviceError(error)
    if (result.restarted) result.warnings.push('The change was written and the restart sent, but the device did not answer again: it could not be verified')
    result.restored = await undoChange(device, before, change, result, ctx, options)
  }
  result.stage = 'done'
  return result
}

/**
 * The read-back check; before a pending restart, the pools of a family that shows them only after
 * the restart cannot be judged yet (unverifiable, not failed).
 */
function judgeReadBack(device: OpenedDevice, after: DeviceConfig, change: ConfigChange, pending: boolean): ReadBackCheck {
  const check = checkReadBack(after, change, readBackRules(device.driver))
  if (!pending || !poolSlotRules(device.driver).shownOnlyAfterRestart) return check
  const isPool = (field: string) => /^(pool|fallback|pool\d+)\./.test(field)
  return {unapplied: check.unapplied.filter((field) => !isPool(field)), unverifiable: [...check.unverifiable, ...check.unapplied.filter(isPool)]}
}

function unverifiableWarning(device: OpenedDevice, fields: string[], pending: boolean): string {
  const list = fields.join(', ')
  if (pending && poolSlotRules(device.driver).shownOnlyAfterRestart) {
    return `${device.driver.label} shows new pools only after a restart: ${list} written but not verified (check with \`solominer config get\` after the restart)`
  }
  return `The firmware does not report ${list}: written but not verified`
}

function notVerified(identity: DeviceIdentity, fields: string[], restored: boolean | null): SolominerError {
  const after = {
    false: 'putting back what it changed did not work',
    null: 'none of the change is on the device',
    true: 'what it changed was put back',
  }[String(restored) as 'false' | 'null' | 'true']
  return new SolominerError(
    'NOT_VERIFIED',
    `${describeDevice(identity)} accepted the change but did not apply ${fields.join(', ')}; ${after}`,
    {suggestions: ['Check the firmware version supports this setting; `solominer config get` shows what it has now']},
  )
}

/**
 * Applies planned changes (the `planned` ones; the rest pass through); `prepare` runs again for each
 * device under its lock.
 */
export function applyPush(plans: PlannedPush[], prepare: Prepare, ctx: AppContext, options: PushOptions = {}): Promise<PushResult[]> {
  return mapLimit(plans, options.concurrency ?? DEFAULT_PUSH_CONCURRENCY, (plan) => applyOne(plan, prepare, ctx, options))
}

/** After Ctrl-C, what was not started yet (everything still planned) is untouched. */
export function markUntouched(results: PushResult[]): PushResult[] {
  return results.map((result) => (result.status === 'planned' ? untouched(result) : result))
}

/** The exit code of a push (the one policy, devicesExitCode), where a skipped device carries its refusal but did not fail. */
export function pushExitCode(results: {error?: DeviceError; status: string}[]): ExitCodeValue {
  return devicesExitCode(results.map((result) => ({error: result.error, failed: result.status === 'failed'})))
}
