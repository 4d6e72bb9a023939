/**
 * Configuration backups: before any write, the device's native configuration (verbatim, so a restore
 * loses nothing) and its uniform view are saved to <dataDir>/backups/<mac-or-ip>/<timestamp>.json,
 * with the reason it was taken (so `restore --from latest` can skip the safety copies restores take).
 */
import {readdir} from 'node:fs/promises'
import {join, resolve} from 'node:path'

import type {AppContext} from '../context.js'
import type {DeviceConfig} from '../devices/driver.js'
import type {DeviceIdentity, DriverId} from '../devices/model.js'
import {SolominerError} from '../errors.js'
import {createJsonDocument, readJsonDocument} from '../storage/json-document.js'

/** Why a backup was taken: before a `config set`/`switch` write, before a restore, or on request. */
export type BackupReason = 'before-restore' | 'before-write' | 'manual'

export interface ConfigBackup {
  config: DeviceConfig | null
  device: {
    driver: DriverId
    firmware: string
    firmwareVersion: string | null
    host: string
    hostname: string | null
    mac: string | null
    model: string
  }
  native: unknown
  /** Absent in files written before reasons were recorded. */
  reason?: BackupReason
  /** ISO time. */
  savedAt: string
  version: 1
}

export function backupsDir(ctx: AppContext): string {
  return join(ctx.paths.dataDir, 'backups')
}

/** One directory per device: its MAC when known (stable across DHCP), else its address. */
export function deviceBackupDir(ctx: AppContext, identity: Pick<DeviceIdentity, 'address' | 'mac'>): string {
  const key = identity.mac?.replaceAll(':', '-') ?? identity.address.host.replaceAll(/[^0-9a-z.-]/gi, '_')
  return join(backupsDir(ctx), key)
}

export async function saveBackup(
  ctx: AppContext,
  identity: DeviceIdentity,
  native: unknown,
  config: DeviceConfig | null,
  now = new Date(),
  reason: BackupReason = 'before-write',
): Promise<string> {
  const backup: ConfigBackup = {
    config,
    device: {
      driver: identity.driver,
      firmware: identity.firmware,
      firmwareVersion: identity.firmwareVersion,
      host: identity.address.host,
      hostname: identity.hostname,
      mac: identity.mac,
      model: identity.model,
    },
    native,
    reason,
    savedAt: now.toISOString(),
    version: 1,
  }
  // Written once, never changed: a name taken (two backups of one device in one millisecond) moves on a millisecond.
  for (let time = now.getTime(); ; time++) {
    const path = join(deviceBackupDir(ctx, identity), `${new Date(time).toISOString().replaceAll(':', '-')}.json`)
    if (await createJsonDocument(path, backup)) return path
  }
}

function validateBackup(value: unknown): ConfigBackup {
  const backup = value as ConfigBackup
  if (typeof backup.device?.driver !== 'string' || typeof backup.savedAt !== 'string' || !('native' in backup)) {
    throw new Error('it is not a solominer configuration backup')
  }
  return backup
}

/** Reads a backup file; a missing, unreadable or foreign file is a usage error (exit 2). */
export async function readBackup(path: string): Promise<ConfigBackup> {
  const missing = {version: 1} as ConfigBackup
  let backup: ConfigBackup
  try {
    backup = await readJsonDocument<ConfigBackup>(resolve(path), missing, validateBackup)
  } catch (error) {
    throw new SolominerError('INVALID_INPUT', error instanceof Error ? error.message : String(error), {cause: error})
  }
  if (backup === missing) throw new SolominerError('INVALID_INPUT', `No backup file at ${path}`)
  return backup
}

/**
 * The newest backup of a device that is not a safety copy taken before a restore (restoring that would
 * undo the restore), or null. Names are ISO timestamps, so they sort by time; files without a reason
 * (older solominer) count as ordinary backups.
 */
export async function latestBackupPath(ctx: AppContext, identity: Pick<DeviceIdentity, 'address' | 'mac'>): Promise<string | null> {
  const dir = deviceBackupDir(ctx, identity)
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return null
  }
  const newestFirst = names.filter((name) => name.endsWith('.json')).sort().reverse()
  for (const name of newestFirst) {
    const path = join(dir, name)
    const backup = await readBackup(path).catch(() => null)
    if (backup !== null && backup.reason !== 'before-restore') return path
  }
  return null
}
