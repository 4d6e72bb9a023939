/** Human output of `solominer devices`: the inventory as a table. */
import type {InventoryDevice} from '../lib/inventory/store.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import {deviceEndpoint, describeModel} from './render-scan.js'
import {renderTable} from './table.js'
import {theme} from './theme.js'

const text = (value: string | null) => (value === null || value === '' ? '-' : sanitizeText(value))

export function renderDevices(devices: InventoryDevice[], path: string): string {
  if (devices.length === 0) return `No devices yet. Find your miners with: solominer scan\n${theme.dim(`Inventory: ${path}`)}`
  const table = renderTable(
    devices,
    [
      {get: (device) => text(device.alias), header: 'ALIAS'},
      {get: (device) => deviceEndpoint(device), header: 'ADDRESS'},
      {get: (device) => text(device.hostname), header: 'HOSTNAME'},
      {get: (device) => describeModel(device), header: 'MODEL'},
      {get: (device) => text([device.firmware, device.firmwareVersion].filter(Boolean).join(' ')), header: 'FIRMWARE'},
      {get: (device) => device.mac ?? '-', header: 'MAC'},
      {get: (device) => device.lastSeen.slice(0, 16).replace('T', ' '), header: 'LAST SEEN (UTC)'},
    ],
    theme.heading,
  )
  return `${table}\n${theme.dim(`${devices.length} device${devices.length === 1 ? '' : 's'} in ${path}`)}`
}

export function renderDeviceChange(verb: string, device: InventoryDevice): string {
  const name = device.alias ? ` "${sanitizeText(device.alias)}"` : ''
  return `${verb} ${deviceEndpoint(device)}${name} (${describeModel(device)})`
}
