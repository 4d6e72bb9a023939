/** How config operations (push, backup, restore, restart, identify) name a device and its failures. */
import type {DeviceIdentity} from '../devices/model.js'
import {ExitCode, SolominerError, errorMessage, isSolominerError} from '../errors.js'

export interface ResultError {
  code: string
  exitCode: number
  message: string
  suggestions: string[]
}

/** A per-device error as data (the JSON `error` field). */
export function toResultError(error: unknown): ResultError {
  if (isSolominerError(error)) return error.toJSON()
  return {code: 'DEVICE_ERROR', exitCode: ExitCode.Device, message: errorMessage(error), suggestions: []}
}

/** "The Bitaxe Gamma at 10.0.0.5 (AxeOS 2.15.0)" for per-device messages. */
export function describeDevice(identity: DeviceIdentity): string {
  const version = identity.firmwareVersion ? ` ${identity.firmwareVersion}` : ''
  return `${identity.model} at ${identity.address.host} (${identity.firmware}${version})`
}

export function unsupported(identity: DeviceIdentity, what: string): SolominerError {
  return new SolominerError('UNSUPPORTED', `${describeDevice(identity)}: ${what} is not supported by this firmware`)
}
