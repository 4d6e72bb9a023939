/**
 * The inventory: every device a scan found, keyed by MAC (a DHCP lease can move a miner to another
 * address; its MAC stays), in `<configDir>/inventory.json`. Devices that did not tell their MAC are keyed by
 * their address until a later scan learns it.
 */
import {join} from 'node:path'

import type {AppContext} from '../context.js'
import {type DeviceAddress, type DeviceIdentity, type DriverId, DEFAULT_HTTP_PORT, DEFAULT_RPC_PORT} from '../devices/model.js'
import {DRIVER_IDS} from '../devices/registry.js'
import {SolominerError} from '../errors.js'
import {readJsonDocument, updateJsonDocument} from '../storage/json-document.js'
import {refuseHiddenCharacters} from '../text/sanitize.js'

export const INVENTORY_VERSION = 1

/** How the user means a device to mine (`devices mark`): status then warns only about what contradicts it. */
export type MiningMark = 'pooled' | 'solo'
export const MINING_MARKS: readonly MiningMark[] = ['pooled', 'solo']

export interface InventoryDevice {
  alias: string | null
  asic: string | null
  driver: DriverId
  firmware: string
  firmwareVersion: string | null
  /** ISO timestamps. */
  firstSeen: string
  hostname: string | null
  httpPort: number
  /** Last known address. */
  ip: string
  lastSeen: string
  mac: string | null
  make: string
  /** `devices mark`: null when the user has not said. */
  mining: MiningMark | null
  model: string
  rpcPort: number
}

export interface InventoryDocument {
  devices: InventoryDevice[]
  version: number
}

export function inventoryPath(ctx: AppContext): string {
  return join(ctx.paths.configDir, 'inventory.json')
}

const emptyInventory = (): InventoryDocument => ({devices: [], version: INVENTORY_VERSION})

export async function readInventory(ctx: AppContext): Promise<InventoryDocument> {
  return readJsonDocument(inventoryPath(ctx), emptyInventory(), validateInventory)
}

/**
 * Changes the inventory under its lock: `mutate` edits the document read under the lock (so the
 * changes of another process running meanwhile are kept); what it returns is returned.
 */
export function updateInventory<R>(ctx: AppContext, mutate: (document: InventoryDocument) => R): Promise<R> {
  return updateJsonDocument(inventoryPath(ctx), emptyInventory(), validateInventory, mutate, {signal: ctx.signal})
}

/** The entry's address as commands use it. */
export function inventoryAddress(device: InventoryDevice): DeviceAddress {
  return {host: device.ip, httpPort: device.httpPort, rpcPort: device.rpcPort}
}

export function inventoryIdentity(device: InventoryDevice): DeviceIdentity {
  return {
    address: inventoryAddress(device),
    asic: device.asic,
    driver: device.driver,
    firmware: device.firmware,
    firmwareVersion: device.firmwareVersion,
    hostname: device.hostname,
    mac: device.mac,
    make: device.make,
    model: device.model,
  }
}

const sameAddress = (device: InventoryDevice, address: DeviceAddress) =>
  device.ip === address.host && device.httpPort === address.httpPort

/**
 * Merges scan results into the inventory: a known MAC keeps its alias and first-seen date and moves to its
 * new address; an entry without MAC at the same address is taken over. Returns the updated document.
 */
export function reconcileInventory(
  document: InventoryDocument,
  identities: DeviceIdentity[],
  now: Date,
): InventoryDocument {
  let devices = [...document.devices]
  for (const identity of identities) {
    const existing =
      (identity.mac === null ? undefined : devices.find((device) => device.mac === identity.mac)) ??
      devices.find((device) => (device.mac === null || identity.mac === null) && sameAddress(device, identity.address))
    const merged = toInventoryDevice(identity, now, existing)
    devices = devices.filter((device) => device !== existing)
    devices.push(merged)
  }
  devices.sort((a, b) => compareAddresses(a.ip, b.ip) || a.httpPort - b.httpPort)
  return {devices, version: INVENTORY_VERSION}
}

function toInventoryDevice(identity: DeviceIdentity, now: Date, existing?: InventoryDevice): InventoryDevice {
  return {
    alias: existing?.alias ?? null,
    asic: identity.asic,
    driver: identity.driver,
    firmware: identity.firmware,
    firmwareVersion: identity.firmwareVersion,
    firstSeen: existing?.firstSeen ?? now.toISOString(),
    hostname: identity.hostname ?? existing?.hostname ?? null,
    httpPort: identity.address.httpPort,
    ip: identity.address.host,
    lastSeen: now.toISOString(),
    mac: identity.mac ?? existing?.mac ?? null,
    make: identity.make,
    mining: existing?.mining ?? null,
    model: identity.model,
    rpcPort: identity.address.rpcPort,
  }
}

/** Saves scan results (read, reconcile, write). */
export async function recordScan(ctx: AppContext, identities: DeviceIdentity[], now = new Date()): Promise<void> {
  if (identities.length === 0) return
  await updateInventory(ctx, (document) => {
    document.devices = reconcileInventory(document, identities, now).devices
  })
}

/** Numeric order for IPv4 dotted quads, text order otherwise. */
export function compareAddresses(a: string, b: string): number {
  const key = (ip: string) => ip.split('.').map((part) => part.padStart(3, '0')).join('.')
  return key(a).localeCompare(key(b))
}

/** Aliases are names people type: letters, digits, dot, dash, underscore; not an IP, MAC or "all". */
export function validateAlias(name: string): string {
  const alias = refuseHiddenCharacters(name, 'alias').trim()
  if (!/^[A-Za-z0-9][\w.-]{0,39}$/.test(alias) || /^\d+(\.\d+){3}$/.test(alias) || alias.toLowerCase() === 'all') {
    throw new SolominerError('INVALID_INPUT', `"${alias}" cannot be an alias`, {
      suggestions: ['Use 1-40 letters, digits, ".", "-" or "_", starting with a letter or digit (not an IP or "all")'],
    })
  }
  return alias
}

function validateInventory(value: unknown): InventoryDocument {
  const {devices} = value as {devices?: unknown}
  if (!Array.isArray(devices)) throw new Error('"devices" must be a list')
  return {devices: devices.map((device, index) => validateDevice(device, index)), version: INVENTORY_VERSION}
}

function validateDevice(value: unknown, index: number): InventoryDevice {
  const device = value as Partial<InventoryDevice> | null
  if (typeof device !== 'object' || device === null) throw new Error(`device ${index} is not an object`)
  if (typeof device.ip !== 'string' || device.ip === '') throw new Error(`device ${index} has no "ip"`)
  if (!DRIVER_IDS.includes(device.driver as DriverId)) throw new Error(`device ${index} has an unknown "driver"`)
  const text = (field: unknown) => (typeof field === 'string' ? field : null)
  const port = (field: unknown, fallback: number) =>
    Number.isInteger(field) && (field as number) > 0 && (field as number) < 65_536 ? (field as number) : fallback
  return {
    alias: text(device.alias),
    asic: text(device.asic),
    driver: device.driver as DriverId,
    firmware: text(device.firmware) ?? '',
    firmwareVersion: text(device.firmwareVersion),
    firstSeen: text(device.firstSeen) ?? '',
    hostname: text(device.hostname),
    httpPort: port(device.httpPort, DEFAULT_HTTP_PORT),
    ip: device.ip,
    lastSeen: text(device.lastSeen) ?? '',
    mac: text(device.mac),
    make: text(device.make) ?? '',
    mining: MINING_MARKS.includes(device.mining as MiningMark) ? (device.mining as MiningMark) : null,
    model: text(device.model) ?? '',
    rpcPort: port(device.rpcPort, DEFAULT_RPC_PORT),
  }
}
