/** How every command names a device to a person. */
import {sanitizeText} from '../text/sanitize.js'
import type {DeviceStatusRow} from './service.js'

const DEFAULT_LABEL_WIDTH = 48

/**
 * The alias the user gave the device, else its hostname, with the address; else the target as typed.
 * Only the name is shortened to fit `maxWidth` ("bitaxe-ga… (10.0.0.5)"): the address never is.
 */
export function deviceLabel(device: Pick<DeviceStatusRow, 'alias' | 'hostname' | 'ip' | 'target'>, maxWidth = DEFAULT_LABEL_WIDTH): string {
  const name = device.alias ?? device.hostname
  if (name === null) return sanitizeText(device.target)
  const address = ` (${device.ip})`
  return `${sanitizeText(name, Math.max(2, maxWidth - address.length))}${address}`
}
