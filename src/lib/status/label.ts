/** How every command names a device to a person. */
import {sanitizeText} from '../text/sanitize.js'
import type {DeviceStatusRow} from './service.js'

/** The alias the user gave the device, else its hostname, with the address; else the target as typed. */
export function deviceLabel(device: Pick<DeviceStatusRow, 'alias' | 'hostname' | 'ip' | 'target'>): string {
  const name = device.alias ?? device.hostname
  return sanitizeText(name === null ? device.target : `${name} (${device.ip})`, 48)
}
