/**
 * `config restore`: writes a saved native configuration back through the same verified push (backup of
 * the current state first, restart when needed, read back and compare with the backup's uniform view).
 */
import type {AppContext} from '../context.js'
import type {ConfigChange, DeviceConfig} from '../devices/driver.js'
import type {DeviceIdentity} from '../devices/model.js'
import {SolominerError} from '../errors.js'
import {findInventoryDevice} from '../inventory/resolve.js'
import {type InventoryDevice, readInventory} from '../inventory/store.js'
import {type ConfigBackup, latestBackupPath, readBackup} from './backup.js'
import {describeDevice, unsupported} from './device.js'
import type {Prepare, PushOptions} from './push.js'

/** The uniform fields of a backup as a change, so the read-back can be compared with it. */
export function changeFromConfig(config: DeviceConfig): ConfigChange {
  const change: ConfigChange = {pools: config.pools.filter((slot) => slot.url !== '').map((slot) => ({password: null, url: slot.url, user: slot.user}))}
  if (config.fan) change.fan = config.fan.mode === 'manual' && config.fan.percent !== null ? {mode: 'manual', percent: config.fan.percent} : {mode: 'auto'}
  if (config.fan?.targetTemperature != null) change.temperatureTarget = config.fan.targetTemperature
  if (config.frequency !== null) change.frequency = config.frequency
  if (config.coreVoltage !== null) change.coreVoltage = config.coreVoltage
  if (config.hostname !== null) change.hostname = config.hostname
  return change
}

/** A backup file belongs to a device when the MACs match (or, without MACs, the addresses). */
function checkSameDevice(backup: ConfigBackup, identity: DeviceIdentity, file: string): void {
  const same = backup.device.mac !== null && identity.mac !== null ? backup.device.mac === identity.mac : backup.device.host === identity.address.host
  if (!same || backup.device.driver !== identity.driver) {
    throw new SolominerError('INVALID_INPUT', `${file} is a backup of ${backup.device.model} at ${backup.device.host}, not of ${describeDevice(identity)}`, {
      suggestions: ['Give the backup of this device, or --from latest'],
    })
  }
}

/** A backup file given with --from, read once before anything is sent. */
export interface BackupSource {
  backup: ConfigBackup
  file: string
}

/** Reads `--from FILE` (a usage error when missing or unreadable). */
export async function loadBackupSource(file: string): Promise<BackupSource> {
  return {backup: await readBackup(file), file}
}

/**
 * The TARGET of a backup file's own device, found by its MAC in the inventory (stable across DHCP) and
 * named as every command names it: its alias, else its hostname when no other device shares it, else the
 * MAC; a device the inventory does not know by the address it had when saved.
 */
export async function backupTarget(source: BackupSource, ctx: AppContext): Promise<string> {
  const {host, mac} = source.backup.device
  if (mac === null) return host
  const {devices} = await readInventory(ctx)
  const device = findInventoryDevice(mac, devices)
  if (!device) return host
  const name = device.alias ?? device.hostname
  return name !== null && uniquelyNames(name, device, devices) ? name : mac
}

function uniquelyNames(name: string, device: InventoryDevice, devices: InventoryDevice[]): boolean {
  try {
    return findInventoryDevice(name, devices) === device
  } catch {
    return false // a hostname several devices share (AMBIGUOUS_TARGET)
  }
}

/** `latest`: the newest backup of the device that is not a pre-restore safety copy. */
async function latestBackup(ctx: AppContext, identity: DeviceIdentity): Promise<BackupSource> {
  const latest = await latestBackupPath(ctx, identity)
  if (latest === null) {
    throw new SolominerError('INVALID_INPUT', `No backup of ${describeDevice(identity)} yet`, {
      suggestions: ['Save one with `solominer config backup`'],
    })
  }
  return loadBackupSource(latest)
}

/**
 * Prepares restoring `from` (a backup file read beforehand, or `latest` per device). The safety backup
 * the push takes first is marked `before-restore`, so a second `--from latest` does not undo this one.
 */
export function prepareRestore(from: BackupSource | 'latest', ctx: AppContext, options: PushOptions): Prepare {
  return async ({driver, identity}) => {
    if (!driver.readConfig || !driver.restoreNative) throw unsupported(identity, 'restoring a configuration')
    const {backup, file} = from === 'latest' ? await latestBackup(ctx, identity) : from
    checkSameDevice(backup, identity, file)
    if (backup.native === null || backup.config === null) {
      throw new SolominerError('INVALID_INPUT', `${file} holds no configuration that can be written back`)
    }
    const before = await driver.readConfig(identity.address, ctx, {credentials: options.credentials})
    const change = changeFromConfig(backup.config)
    return {
      backupReason: 'before-restore',
      before,
      change,
      notes: [`Restoring ${file} (saved ${backup.savedAt})`],
      warnings: [],
      write: () => driver.restoreNative!(identity.address, backup.native, ctx, {credentials: options.credentials}),
    }
  }
}
