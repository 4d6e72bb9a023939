/**
 * One writer per device across processes: `config set`, `switch`, `config restore` and `restart` hold
 * the device's lock (<dataDir>/locks/<MAC or address>.lock, ../storage/lock.ts) from the re-read of its
 * configuration to the last read-back, so two pushes never interleave and the second one starts from
 * what the first left.
 */
import {mkdir} from 'node:fs/promises'
import {join} from 'node:path'

import type {AppContext} from '../context.js'
import type {DeviceIdentity} from '../devices/model.js'
import {type LockHolder, describeHolder, withLock} from '../storage/lock.js'
import {describeDevice} from './device.js'
import {DEFAULT_RESTART_WAIT_MS} from './restart.js'

export interface DeviceLockOptions {
  /** How long a restarting device may take to answer again (sizes the default wait). */
  backMs?: number
  /** How long to wait for another solominer writing to the same device (default: deviceLockWaitMs). */
  lockWaitMs?: number
  /** Told once when the device is busy and waiting starts (a line on stderr). */
  onDeviceWait?: (message: string) => void
  /** What this process does, shown to a process waiting for the same device ("config set pool"). */
  purpose?: string
}

/**
 * The default wait for a device another solominer is writing to: its push may restart the device
 * twice (the change, then putting it back when it was not applied), each up to the restart wait, plus
 * a minute of reads. 300 s with the default 120 s restart wait.
 */
export function deviceLockWaitMs(options: DeviceLockOptions): number {
  return options.lockWaitMs ?? 2 * (options.backMs ?? DEFAULT_RESTART_WAIT_MS) + 60_000
}

/**
 * The locks of one device: its address (what a command given an IP knows before reading the device)
 * and its MAC when known (stable across DHCP). Taken in this order by every writer, so two never wait
 * for each other.
 */
export function deviceLockPaths(ctx: AppContext, identity: Pick<DeviceIdentity, 'address' | 'mac'>): string[] {
  const file = (key: string) => join(ctx.paths.dataDir, 'locks', `device-${key.replaceAll(/[^0-9a-z.-]/gi, '_')}.lock`)
  const byAddress = file(`${identity.address.host}-${identity.address.httpPort}`)
  return identity.mac ? [byAddress, file(identity.mac.replaceAll(':', '-'))] : [byAddress]
}

/** Runs `work` as the only solominer writing to the device; waits (bounded) for another one. */
export async function withDeviceLock<T>(identity: Pick<DeviceIdentity, 'address' | 'mac'> & Partial<DeviceIdentity>, ctx: AppContext, options: DeviceLockOptions, work: () => Promise<T>): Promise<T> {
  await mkdir(join(ctx.paths.dataDir, 'locks'), {mode: 0o700, recursive: true})
  const device = identity.model ? describeDevice(identity as DeviceIdentity) : identity.address.host
  const deadline = Date.now() + deviceLockWaitMs(options)
  const lockOne = (paths: string[]): Promise<T> => {
    if (paths.length === 0) return work()
    const waitMs = Math.max(0, deadline - Date.now())
    const onWait = (holder: LockHolder | null) =>
      options.onDeviceWait?.(`${device} is being written by ${describeHolder(holder)}: waiting up to ${Math.round(waitMs / 1000)} s`)
    const lockOptions = {guards: device, onWait, purpose: options.purpose ?? 'writing to the device', signal: ctx.signal, waitMs}
    return withLock(paths[0]!, lockOptions, () => lockOne(paths.slice(1)))
  }
  return lockOne(deviceLockPaths(ctx, identity))
}

