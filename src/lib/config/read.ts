/** Read-only config operations: `config get`, `config backup`, and what `switch` shows each device mining. */
import type {BitcoinNetworkName} from '../bitcoin/address.js'
import {isPayoutAddress, splitStratumUser} from '../bitcoin/address.js'
import type {AppContext} from '../context.js'
import {type DeviceError, SolominerError, toDeviceError} from '../errors.js'
import {type DeviceConfig, type DeviceCredentials, checkedConfig} from '../devices/driver.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {type PoolKind, presetForUrl, statsLink} from '../pools/presets.js'
import {mapLimit} from '../parallel.js'
import {poolMode} from '../pools/classify.js'
import {saveBackup} from './backup.js'
import {type OpenedDevice, openDevice} from '../discovery/open.js'
import {deviceName, unsupported} from './device.js'
import {DEFAULT_PUSH_CONCURRENCY} from './push.js'
import {editDistance} from '../text/edit-distance.js'

export interface ReadOptions {
  concurrency?: number
  credentials?: DeviceCredentials
}

interface DeviceRow {
  error?: DeviceError
  ip: string
  model: string | null
  /** The device's alias, else its hostname (null: neither known). */
  name: string | null
  target: string
}

/** Runs `work` on every target's device (bounded), turning errors into the row's `error`. */
function eachDevice<R extends DeviceRow>(
  targets: ResolvedTarget[],
  ctx: AppContext,
  options: ReadOptions,
  empty: (row: DeviceRow) => R,
  work: (device: OpenedDevice, row: R) => Promise<void>,
): Promise<R[]> {
  return mapLimit(targets, options.concurrency ?? DEFAULT_PUSH_CONCURRENCY, async (target) => {
    const row = empty({ip: target.address.host, model: target.identity?.model ?? null, name: deviceName(target, target.identity), target: target.target})
    try {
      const device = await openDevice(target, ctx, {credentials: options.credentials, onMacChange: 'refuse'})
      row.model = device.identity.model
      row.name = deviceName(target, device.identity)
      await work(device, row)
    } catch (error) {
      row.error = toDeviceError(error)
    }
    return row
  })
}

async function readDeviceConfig(device: OpenedDevice, ctx: AppContext, options: ReadOptions): Promise<DeviceConfig> {
  if (!device.driver.readConfig) throw unsupported(device.identity, 'reading the configuration')
  return device.driver.readConfig(device.identity.address, ctx, {credentials: options.credentials})
}

export interface ConfigReadResult extends DeviceRow {
  config: DeviceConfig | null
}

export function readConfigs(targets: ResolvedTarget[], ctx: AppContext, options: ReadOptions = {}): Promise<ConfigReadResult[]> {
  return eachDevice<ConfigReadResult>(targets, ctx, options, (row) => ({...row, config: null}), async (device, row) => {
    row.config = checkedConfig(await readDeviceConfig(device, ctx, options))
  })
}

export interface BackupResult extends DeviceRow {
  file: string | null
  status: 'failed' | 'saved' | 'skipped'
}

/** Saves each device's native and uniform configuration to its backup directory. */
export function backupDevices(targets: ResolvedTarget[], ctx: AppContext, options: ReadOptions = {}): Promise<BackupResult[]> {
  return eachDevice<BackupResult>(targets, ctx, options, (row) => ({...row, file: null, status: 'failed'}), async (device, row) => {
    const {driver, identity} = device
    if (!driver.readNative) {
      row.status = 'skipped'
      throw unsupported(identity, 'saving the configuration')
    }
    const call = {credentials: options.credentials}
    const native = await driver.readNative(identity.address, ctx, call)
    const config = driver.readConfig ? await driver.readConfig(identity.address, ctx, call) : null
    row.file = await saveBackup(ctx, identity, native, config, new Date(), 'manual')
    row.status = 'saved'
  })
}

export type MiningMode = PoolKind | 'none'

export interface MiningRow extends DeviceRow {
  /** The payout address in the user, when it is one. */
  address: string | null
  /** Known preset kind; for other pools guessed from the user (an address → solo). */
  mode: MiningMode | null
  pool: string | null
  preset: string | null
  /** The pool's stats page for this address (known solo presets). */
  stats: string | null
  user: string | null
  worker: string | null
}

/** What each device mines now: from its configuration (primary pool), else from its status. */
export function readMining(targets: ResolvedTarget[], ctx: AppContext, network: BitcoinNetworkName, options: ReadOptions = {}): Promise<MiningRow[]> {
  const empty = (row: DeviceRow): MiningRow => ({...row, address: null, mode: null, pool: null, preset: null, stats: null, user: null, worker: null})
  return eachDevice(targets, ctx, options, empty, async (device, row) => {
    const {driver, identity} = device
    const call = {credentials: options.credentials}
    const pool = driver.readConfig
      ? (await driver.readConfig(identity.address, ctx, call)).pools.find((slot) => slot.url !== '')
      : (await driver.readStatus(identity.address, ctx, call)).pool
    if (!pool) {
      row.mode = 'none'
      return
    }
    const preset = presetForUrl(pool.url)
    const {address, worker} = splitStratumUser(pool.user)
    const isAddress = isPayoutAddress(address, network)
    Object.assign(row, {
      address: isAddress ? address : null,
      mode: poolMode(pool, (user) => isPayoutAddress(user, network)),
      pool: pool.url,
      preset: preset?.name ?? null,
      stats: preset && isAddress ? statsLink(preset, address) : null,
      user: pool.user,
      worker: isAddress ? worker : null,
    })
  })
}

export const CONFIG_KEYS = ['pools', 'pool', 'fallback', 'fan', 'temp-target', 'frequency', 'voltage', 'hostname'] as const
export type ConfigKey = (typeof CONFIG_KEYS)[number]

export function isConfigKey(text: string): text is ConfigKey {
  return (CONFIG_KEYS as readonly string[]).includes(text)
}

/** A bare word (no dots, colons or digits only) that could be a misspelled key rather than a TARGET. */
export function couldBeConfigKey(text: string): boolean {
  return /^[a-z][a-z_-]*$/i.test(text)
}

/** `config get <word>` where the word is neither a key nor a device: say which keys there are. */
export function unknownConfigKey(word: string): SolominerError {
  const lower = word.toLowerCase()
  const near = CONFIG_KEYS.filter((key) => editDistance(lower, key) <= 2 || key.startsWith(lower))
  const suggestions = near.length > 0 ? [`Did you mean ${near.join(' or ')}?`] : []
  suggestions.push('A device is named by IP, IP:port, hostname, MAC or alias (`solominer devices`)')
  return new SolominerError('INVALID_INPUT', `Unknown key "${word}" and no device of that name (keys: ${CONFIG_KEYS.join(', ')})`, {suggestions})
}

/** One key of the uniform configuration (the `config get KEY` value). */
export function configValue(config: DeviceConfig, key: ConfigKey): unknown {
  const values: Record<ConfigKey, unknown> = {
    fallback: config.pools[1] ?? null,
    fan: config.fan,
    frequency: config.frequency,
    hostname: config.hostname,
    pool: config.pools[0] ?? null,
    pools: config.pools,
    'temp-target': config.fan?.targetTemperature ?? null,
    voltage: config.coreVoltage,
  }
  return values[key]
}
