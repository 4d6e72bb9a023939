/** How config operations (push, backup, restore, restart, identify) name a device in their messages. */
import type {DeviceIdentity} from '../devices/model.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {SolominerError} from '../errors.js'

/** How a result names a device: the alias the user gave it, else its hostname; null when it has neither. */
export function deviceName(target: ResolvedTarget, identity: DeviceIdentity | null): string | null {
  return target.alias ?? identity?.hostname ?? null
}

/** "The Bitaxe Gamma at 10.0.0.5 (AxeOS 2.15.0)" for per-device messages. */
export function describeDevice(identity: DeviceIdentity): string {
  const version = identity.firmwareVersion ? ` ${identity.firmwareVersion}` : ''
  return `${identity.model} at ${identity.address.host} (${identity.firmware}${version})`
}

export function unsupported(identity: DeviceIdentity, what: string): SolominerError {
  return new SolominerError('UNSUPPORTED', `${describeDevice(identity)}: ${what} is not supported by this firmware`)
}
