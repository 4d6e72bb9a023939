/** Seeds a test's inventory the way `scan` would: identify each simulator for real, record it, then edit. */
import {createContext} from '../../src/lib/context.js'
import type {DeviceAddress} from '../../src/lib/devices/model.js'
import {identifyAddress} from '../../src/lib/discovery/identify.js'
import {type InventoryDevice, recordScan, updateInventory} from '../../src/lib/inventory/store.js'

export async function seedInventory(
  configDir: string,
  addresses: DeviceAddress[],
  edit: (devices: InventoryDevice[]) => void = () => {},
): Promise<void> {
  const ctx = createContext({paths: {cacheDir: configDir, configDir, dataDir: configDir}, timeoutMs: 10_000})
  try {
    const identities = await Promise.all(addresses.map((address) => identifyAddress(address, ctx)))
    const missing = addresses.filter((_, index) => identities[index] === null)
    if (missing.length > 0) throw new Error(`seedInventory: not identified: ${missing.map((address) => address.host).join(', ')}`)
    await recordScan(ctx, identities.map((identity) => identity!))
    await updateInventory(ctx, (inventory) => edit(inventory.devices))
  } finally {
    await ctx.close()
  }
}
