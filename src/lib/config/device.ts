/** How config operations (push, backup, restore, restart, identify) name a device in their messages. */
import type {DeviceIdentity} from '../devices/model.js'
import {SolominerError} from '../errors.js'

/** "The Bitaxe Gamma at 10.0.0.5 (AxeOS 2.15.0)" for per-device messages. */
export function describeDevice(identity: DeviceIdentity): string {
  const version = identity.firmwareVersion ? ` ${identity.firmwareVersion}` : ''
  return `${identity.model} at ${identity.address.host} (${identity.firmware}${version})`
}

export function unsupported(identity: DeviceIdentity, what: string): SolominerError {
  return new SolominerError('UNSUPPORTED', `${describeDevice(identity)}: ${what} is not supported by this firmware`)
}
