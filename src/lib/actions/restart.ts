/** `restart`: a device action without a configuration change (confirmed, waits for the device to come back). */
import type {AppContext} from '../context.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {SolominerError} from '../errors.js'
import {mapLimit} from '../parallel.js'
import {type ResultError, describeDevice, openDevice, toResultError, unsupported} from '../config/device.js'
import {DEFAULT_PUSH_CONCURRENCY, type PushOptions, restartAndWait} from '../config/push.js'

export interface RestartResult {
  /** The device answered again after the restart (null: not waited for). */
  back: boolean | null
  error?: ResultError
  ip: string
  model: string | null
  status: 'failed' | 'restarted' | 'skipped'
  target: string
}

export function restartDevices(targets: ResolvedTarget[], ctx: AppContext, options: PushOptions & {wait: boolean}): Promise<RestartResult[]> {
  return mapLimit(targets, options.concurrency ?? DEFAULT_PUSH_CONCURRENCY, async (target) => {
    const result: RestartResult = {back: null, ip: target.address.host, model: target.identity?.model ?? null, status: 'failed', target: target.target}
    try {
      const device = await openDevice(target, ctx, options.credentials)
      result.model = device.identity.model
      const {driver, identity} = device
      if (!driver.restart) {
        result.status = 'skipped'
        throw unsupported(identity, 'restarting')
      }
      const call = {credentials: options.credentials}
      if (options.wait) {
        const {sawDown} = await restartAndWait(device, () => driver.readStatus(identity.address, ctx, call), ctx, options)
        if (!sawDown) throw new SolominerError('DEVICE_ERROR', `${describeDevice(identity)} acknowledged the restart but was not seen going away`)
        result.back = true
      } else {
        await driver.restart(identity.address, ctx, call)
      }
      result.status = 'restarted'
    } catch (error) {
      result.error = toResultError(error)
    }
    return result
  })
}
