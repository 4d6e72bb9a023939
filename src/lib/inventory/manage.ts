/** `solominer devices alias|forget`: edits of the inventory by any name a user knows a device by. */
import type {AppContext} from '../context.js'
import {SolominerError} from '../errors.js'
import {findInventoryDevice} from './resolve.js'
import {type InventoryDevice, type MiningMark, updateInventory, validateAlias} from './store.js'

/** Gives the device named by `target` the alias `name` (unique: taken from any other device). */
export async function setAlias(ctx: AppContext, target: string, name: string): Promise<InventoryDevice> {
  const alias = validateAlias(name)
  return updateInventory(ctx, (document) => {
    const device = requireDevice(target, document.devices)
    const holder = document.devices.find((other) => other !== device && other.alias?.toLowerCase() === alias.toLowerCase())
    if (holder) {
      // Never suggest `devices forget`: it would drop the other device, not just its name.
      throw new SolominerError('INVALID_INPUT', `The alias "${alias}" already names ${holder.ip}`, {
        suggestions: [
          `Pick another name for ${target}`,
          `Or first give ${holder.ip} another name: solominer devices alias ${holder.mac ?? holder.ip} <other-name>`,
        ],
      })
    }
    device.alias = alias
    return device
  })
}

/** Marks the device named by `target` as mined pooled or solo (null: unmarked); returns it. */
export function markDevice(ctx: AppContext, target: string, mining: MiningMark | null): Promise<InventoryDevice> {
  return updateInventory(ctx, (document) => {
    const device = requireDevice(target, document.devices)
    device.mining = mining
    return device
  })
}

/** Removes the device named by `target` from the inventory; returns what was removed. */
export function forgetDevice(ctx: AppContext, target: string): Promise<InventoryDevice> {
  return updateInventory(ctx, (document) => {
    const device = requireDevice(target, document.devices)
    document.devices = document.devices.filter((other) => other !== device)
    return device
  })
}

function requireDevice(target: string, devices: InventoryDevice[]): InventoryDevice {
  const device = findInventoryDevice(target, devices)
  if (device) return device
  throw new SolominerError('UNKNOWN_TARGET', `No device "${target}" in the inventory`, {
    suggestions: [devices.length === 0 ? 'Run `solominer scan` first' : 'See the known devices with `solominer devices`'],
  })
}
