/**
 * `status`: reads many devices in parallel (bounded), each through its family's driver, into one flat
 * row per device. A device that fails is a row with `ok: false`, never a failure of the whole read.
 */
import {type AppContext, deviceBudgetMs, withBudget} from '../context.js'
import {openDevice} from '../discovery/open.js'
import {
  type DeviceAddress,
  type DeviceIdentity,
  type DeviceStatus,
  type DeviceWarning,
  type DriverId,
  type PoolInUse,
  type ReportedPool,
  checkedStatus,
  efficiencyJPerTH,
  emptyStatus,
} from '../devices/model.js'
import type {HeatLimits} from '../devices/driver.js'
import {type DeviceError, type ExitCodeValue, devicesExitCode, toDeviceError} from '../errors.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import type {MiningMark} from '../inventory/store.js'
import {mapLimit} from '../parallel.js'
import {expectedPayout} from './payout.js'
import {type ExpectedPayout, withFleetWarnings} from './warnings.js'

/** Devices read at once: plenty for a home fleet, and a bound on sockets for a large one. */
export const DEFAULT_STATUS_CONCURRENCY = 64

/** One device in `status --json` (stable, documented shape). */
export interface DeviceStatusRow {
  /** The name the user gave the device (`devices alias`), null when none. */
  alias: string | null
  bestDifficulty: number | null
  bestSessionDifficulty: number | null
  blocksFound: number | null
  driver: DriverId | null
  efficiency: number | null
  error?: DeviceError
  expectedHashrate: number | null
  fanRpm: number | null
  firmware: string | null
  firmwareVersion: string | null
  hashrate: number | null
  hostname: string | null
  httpPort: number
  ip: string
  mac: string | null
  make: string | null
  /** How the user means the device to mine (`devices mark`), null when unmarked. */
  mining: MiningMark | null
  model: string | null
  ok: boolean
  pool: PoolInUse | null
  /** Every configured pool slot, primary first (empty when the firmware does not list them). */
  pools: ReportedPool[]
  power: number | null
  /** ISO time of the reading. */
  readAt: string
  rpcPort: number
  sharesAccepted: number | null
  sharesRejected: number | null
  target: string
  temperature: number | null
  uptimeSeconds: number | null
  vrTemperature: number | null
  warnings: DeviceWarning[]
}

export interface StatusTotals {
  devices: number
  /** Fleet J/TH over the devices that report both power and hashrate. */
  efficiency: number | null
  /** H/s, online devices. */
  hashrate: number
  online: number
  /** W, online devices that report it. */
  power: number
}

export interface StatusReport {
  devices: DeviceStatusRow[]
  totals: StatusTotals
}

export interface StatusOptions {
  concurrency?: number
}

/**
 * Reads every target; per-device failures are rows, only Ctrl-C aborts the whole read. Solo devices are
 * checked against the payout addresses of the user's profiles.
 */
export async function readStatuses(targets: ResolvedTarget[], ctx: AppContext, options: StatusOptions = {}): Promise<StatusReport> {
  const payout = await expectedPayout(ctx)
  const devices = await mapLimit(targets, options.concurrency ?? DEFAULT_STATUS_CONCURRENCY, (target) => readOne(target, ctx, payout))
  return {devices, totals: statusTotals(devices)}
}

/**
 * Reads one target through `openDevice` (identified first when the inventory does not know what it is; a
 * saved MAC checked against the device unless told not to: `watch` checks once, not on every poll).
 */
export async function readOne(
  target: ResolvedTarget,
  ctx: AppContext,
  payout: ExpectedPayout | null = null,
  {checkIdentity = true}: {checkIdentity?: boolean} = {},
): Promise<DeviceStatusRow> {
  let identity = target.identity
  const budget = withBudget(ctx, deviceBudgetMs(ctx), target.address.host)
  try {
    const device = await openDevice(target, budget.ctx, {checkMac: checkIdentity, onMacChange: 'warn'})
    identity = device.identity
    const status = await device.driver.readStatus(target.address, budget.ctx)
    const row = statusRow(target, target.address, identity, status, {heatLimits: device.driver.heatLimits, payout})
    return device.moved ? {...row, warnings: [...row.warnings, device.moved]} : row
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error
    return failedRow(target, target.address, identity, error)
  } finally {
    budget.release()
  }
}

/** A successful reading as a row (also used for live updates), its figures checked (checkedStatus); `heatLimits` from the device's driver. */
export function statusRow(
  target: TargetName,
  address: DeviceAddress,
  identity: DeviceIdentity,
  reading: DeviceStatus,
  {heatLimits, payout}: {heatLimits: HeatLimits; payout: ExpectedPayout | null},
): DeviceStatusRow {
  const status = checkedStatus(reading)
  const base = {...identityFields(target, address, identity), ok: true}
  const warnings = withFleetWarnings(status.warnings, {
    expectedPayout: payout,
    heatLimits,
    mining: target.mining ?? null,
    pool: status.pool,
    pools: status.pools,
    temperature: status.temperature,
    vrTemperature: status.vrTemperature,
  })
  return {...base, ...readingFields(status), warnings}
}

/** The row's readings, taken from a status (efficiency computed when the device does not give it). */
function readingFields(status: DeviceStatus) {
  return {
    bestDifficulty: status.bestDifficulty,
    bestSessionDifficulty: status.bestSessionDifficulty,
    blocksFound: status.blocksFound,
    efficiency: rounded(status.efficiency ?? efficiencyJPerTH(status.power, status.hashrate), 2),
    expectedHashrate: status.expectedHashrate,
    fanRpm: status.fanRpm,
    hashrate: status.hashrate,
    pool: status.pool,
    pools: status.pools,
    power: status.power,
    sharesAccepted: status.sharesAccepted,
    sharesRejected: status.sharesRejected,
    temperature: status.temperature,
    uptimeSeconds: status.uptimeSeconds,
    vrTemperature: status.vrTemperature,
  }
}

/** A device that could not be read: identity fields where known, every reading null. */
export function failedRow(target: TargetName, address: DeviceAddress, identity: DeviceIdentity | null, error: unknown): DeviceStatusRow {
  return {...identityFields(target, address, identity), ...readingFields(emptyStatus()), error: toDeviceError(error), ok: false, warnings: []}
}

/** How the user named a device: the spec as typed, and the inventory alias when there is one. */
export type TargetName = Pick<ResolvedTarget, 'alias' | 'mining' | 'target'>

function identityFields({alias, mining, target}: TargetName, address: DeviceAddress, identity: DeviceIdentity | null) {
  return {
    alias: alias ?? null,
    driver: identity?.driver ?? null,
    firmware: identity?.firmware ?? null,
    firmwareVersion: identity?.firmwareVersion ?? null,
    hostname: identity?.hostname ?? null,
    httpPort: address.httpPort,
    ip: address.host,
    mac: identity?.mac ?? null,
    make: identity?.make ?? null,
    mining: mining ?? null,
    model: identity?.model ?? null,
    readAt: new Date().toISOString(),
    rpcPort: address.rpcPort,
    target,
  }
}

export function statusTotals(devices: DeviceStatusRow[]): StatusTotals {
  const online = devices.filter((device) => device.ok)
  const sum = (values: (number | null)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0)
  const metered = online.filter((device) => device.power !== null && device.hashrate !== null)
  return {
    devices: devices.length,
    efficiency: rounded(efficiencyJPerTH(sum(metered.map((d) => d.power)), sum(metered.map((d) => d.hashrate))), 1),
    hashrate: sum(online.map((device) => device.hashrate)),
    online: online.length,
    power: rounded(sum(online.map((device) => device.power)), 2),
  }
}

/**
 * Float arithmetic leaves noise (10.1 + 10.2 = 20.299999999999997 W): figures are rounded to what devices
 * measure, 0.01 W and 0.01 J/TH per device, 0.1 J/TH for the fleet.
 */
function rounded(value: number, decimals: number): number
function rounded(value: number | null, decimals: number): number | null
function rounded(value: number | null, decimals: number): number | null {
  if (value === null) return null
  const scale = 10 ** decimals
  return Math.round(value * scale) / scale
}

/** The exit code a fleet read ends with (the one policy, devicesExitCode): 0 all read, 6 some failed, 4 none reachable, 5 none read. */
export function statusExitCode(devices: Pick<DeviceStatusRow, 'error' | 'ok'>[]): ExitCodeValue {
  return devicesExitCode(devices.map((device) => ({error: device.error, failed: !device.ok})))
}
