/** `restart`: a device action without a configuration change (confirmed, waits for the device to come back). */
import type {AppContext} from '../context.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {type DeviceError, SolominerError, toDeviceError} from '../errors.js'
import {mapLimit} from '../parallel.js'
import {describeDevice, deviceName, unsupported} from '../config/device.js'
import {openDevice} from '../discovery/open.js'
import {withDeviceLock} from '../config/device-lock.js'
import {DEFAULT_PUSH_CONCURRENCY, type PushOptions, restartAndWait} from '../config/push.js'

export interface RestartResult {
  /** The device answered again after the restart (null: not waited for). */
  back: boolean | null
  error?: DeviceError
  ip: string
  model: string | null
  /** The device's alias, else its hostname (null: neither known). */
  name: string | null
  /** After Ctrl-C: `interrupted` while restarting (or waiting for it), `untouched` when not started. */
  status: 'failed' | 'interrupted' | 'restarted' | 'skipped' | 'untouched'
  target: string
}

/** A device's result before anything was sent to it (`skipped` is what a dry run reports). */
export function restartResult(target: ResolvedTarget, status: 'failed' | 'skipped'): RestartResult {
  return {back: null, ip: target.address.host, model: target.identity?.model ?? null, name: deviceName(target, target.identity), status, target: target.target}
}

/** Restarts each device holding its lock (a push to it finishes first), and waits for it unless told not to. */
export function restartDevices(targets: ResolvedTarget[], ctx: AppContext, options: PushOptions & {wait: boolean}): Promise<RestartResult[]> {
  return mapLimit(targets, options.concurrency ?? DEFAULT_PUSH_CONCURRENCY, async (target) => {
    const result = restartResult(target, 'failed')
    if (ctx.signal.aborted) return {...result, error: toDeviceError(new SolominerError('INTERRUPTED', 'Interrupted before this device was started: nothing was sent to it')), status: 'untouched'}
    let sent = false
    try {
      const device = await openDevice(target, ctx, {credentials: options.credentials, onMacChange: 'refuse'})
      result.model = device.identity.model
      result.name = deviceName(target, device.identity)
      const {driver, identity} = device
      if (!driver.restart) {
        result.status = 'skipped'
        throw unsupported(identity, 'restarting')
      }
      const call = {credentials: options.credentials}
      await withDeviceLock(identity, ctx, options, async () => {
        if (options.wait) {
          const readBack = () => driver.readStatus(identity.address, ctx, call)
          const {sawDown} = await restartAndWait(device, readBack, ctx, options, () => (sent = true))
          if (!sawDown) throw new SolominerError('DEVICE_ERROR', `${describeDevice(identity)} acknowledged the restart but was not seen going away`)
          result.back = true
        } else {
          await driver.restart!(identity.address, ctx, call)
        }
      })
      result.status = 'restarted'
    } catch (error) {
      if (ctx.signal.aborted) {
        result.status = 'interrupted'
        const state = sent ? 'after the restart was sent, while waiting for the device to come back' : 'before the restart was sent: the device was not restarted'
        result.error = toDeviceError(new SolominerError('INTERRUPTED', `Interrupted ${state}`))
      } else {
        result.error = toDeviceError(error)
      }
    }
    return result
  })
}
