/**
 * Writes refuse a device whose MAC is not the one the inventory saved for its address (DHCP moved
 * another miner there): nothing is sent but the read that finds out. The built CLI against an AxeOS simulator.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {createContext} from '../../src/lib/context.js'
import {identifyAddress} from '../../src/lib/discovery/identify.js'
import {readInventory, recordScan, writeInventory} from '../../src/lib/inventory/store.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'

const SAVED_MAC = 'aa:bb:cc:00:00:02'
let sim: AxeosSim
let config: ReturnType<typeof tempConfig>

beforeAll(async () => {
  sim = await createAxeosSim({host: '127.42.9.21', hostname: 'bitaxe', httpPort: 0, jitter: false, profile: 'axeos-2.15'})
  config = tempConfig()
  const dir = config.env.SOLOMINER_CONFIG_DIR!
  const ctx = createContext({paths: {cacheDir: dir, configDir: dir, dataDir: dir}, timeoutMs: 2000})
  try {
    await recordScan(ctx, [(await identifyAddress(sim.address, ctx))!])
    const inventory = await readInventory(ctx)
    Object.assign(inventory.devices[0]!, {alias: 'office', mac: SAVED_MAC})
    await writeInventory(ctx, inventory)
  } finally {
    await ctx.close()
  }
})

afterAll(async () => {
  await sim?.stop()
  config?.cleanup()
})

describe('a write to a device whose MAC changed', () => {
  it('is refused with IDENTITY_CHANGED and changes nothing', async () => {
    sim.journals[0]!.entries.length = 0
    const result = await runCli(['config', 'set', 'hostname', 'kitchen', 'office', '--yes', '--json'], {env: config.env})
    expect(result.code).toBe(5)
    const mac = (sim.info().macAddr as string).toLowerCase()
    expect(result.json.results).toHaveLength(1)
    expect(result.json.results[0]).toMatchObject({
      error: {
        code: 'IDENTITY_CHANGED',
        message: `the device at 127.42.9.21 is not office any more (MAC ${mac}, saved ${SAVED_MAC}); run solominer scan`,
      },
      after: null,
      backup: null,
      before: null,
      status: 'failed',
    })
    expect(sim.journals[0]!.entries.every((entry) => entry.method === 'GET')).toBe(true)
    expect(sim.info().hostname).toBe('bitaxe')
  })
})
