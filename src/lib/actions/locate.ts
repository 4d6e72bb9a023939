/**
 * `identify` (the command): the device blinks its LED or flashes its screen so it can be found on the
 * shelf. In src/lib this is "locate", to keep it apart from identifying (fingerprinting) a host.
 */
import type {AppContext} from '../context.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {describeDevice, unsupported} from '../config/device.js'
import {openDevice} from '../discovery/open.js'
import type {DeviceCredentials} from '../devices/driver.js'

/** Blinks the device's LED/screen, where its driver can (`locate`). */
export async function locateDevice(target: ResolvedTarget, ctx: AppContext, options: {credentials?: DeviceCredentials} = {}): Promise<{device: string; ip: string; target: string}> {
  const device = await openDevice(target, ctx, {credentials: options.credentials, onMacChange: 'refuse'})
  const {driver, identity} = device
  if (!driver.locate) throw unsupported(identity, 'identify (blinking the device)')
  await driver.locate(identity.address, ctx, {credentials: options.credentials})
  return {device: describeDevice(identity), ip: identity.address.host, target: target.target}
}
