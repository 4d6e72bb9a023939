/** Human output of `solominer devices`: the inventory as a table. */
import type {InventoryDevice} from '../lib/inventory/store.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import {deviceEndpoint, describeModel, modelColumns} from './render-scan.js'
import {outputWidth, renderTable} from './table.js'
import {theme} from './theme.js'

const text = (value: string | null) => (value === null || value === '' ? '-' : sanitizeText(value))

export function renderDevices(devices: InventoryDevice[], path: string, width = outputWidth()): string {
  if (devices.length === 0) return `No devices yet. Find your miners with: solominer scan\n${theme.dim(`Inventory: ${path}`)}`
  const table = renderTable(
    devices,
    [
      {get: (device) => text(device.alias), header: 'ALIAS', min: 8},
      {get: (device) => deviceEndpoint(device), header: 'ADDRESS'},
      {get: (device) => text(device.hostname), header: 'HOSTNAME', min: 14},
      ...modelColumns<InventoryDevice>(2),
      // How a device is meant to mine (`devices mark`), only once some device is marked; kept longer than the MAC.
      ...(devices.some((device) => device.mining !== null) ? [{dropRank: 3.5, get: (device: InventoryDevice) => device.mining ?? '-', header: 'MINES'}] : []),
      {dropRank: 3, get: (device) => device.mac ?? '-', header: 'MAC'},
      {dropRank: 1, get: (device) => device.lastSeen.slice(0, 16).replace('T', ' '), header: 'LAST SEEN (UTC)'},
    ],
    {headerStyle: theme.heading, maxWidth: width},
  )
  return `${table}\n${theme.dim(`${devices.length} device${devices.length === 1 ? '' : 's'} in ${path}`)}`
}

export function renderDeviceChange(verb: string, device: InventoryDevice): string {
  const name = device.alias ? ` "${sanitizeText(device.alias)}"` : ''
  return `${verb} ${deviceEndpoint(device)}${name} (${describeModel(device)})`
}
