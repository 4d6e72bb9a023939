/** `odds --fleet`: the inventory's current hashrate (an AxeOS simulator on loopback) joins --hashrate. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {createContext} from '../../src/lib/context.js'
import {updateInventory} from '../../src/lib/inventory/store.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'

let sim: AxeosSim
const config = tempConfig()

beforeAll(async () => {
  sim = await createAxeosSim({host: '127.43.7.1', httpPort: 0, jitter: false, profile: 'axeos-2.15'})
  const ctx = createContext({paths: {cacheDir: config.env.SOLOMINER_CACHE_DIR!, configDir: config.env.SOLOMINER_CONFIG_DIR!, dataDir: config.env.SOLOMINER_DATA_DIR!}})
  const now = new Date().toISOString()
  await updateInventory(ctx, (inventory) => {
    inventory.devices = [
      {
        alias: null, asic: 'BM1370', driver: 'axeos', firmware: 'AxeOS', firmwareVersion: null, firstSeen: now, hostname: null,
        httpPort: sim.address.httpPort, ip: sim.address.host, lastSeen: now, mac: null, make: 'Bitaxe', mining: null, model: 'Gamma', rpcPort: 4028,
      },
    ]
  })
  await ctx.close()
})

afterAll(async () => {
  await sim?.stop()
  config.cleanup()
})

describe('odds --fleet', () => {
  it('adds the hashrate the inventory reports now to --hashrate', async () => {
    const result = await runCli(['odds', '--fleet', '--hashrate', '1TH', '--difficulty', '100T', '--json'], {env: {...config.env, HOME: config.dir}})
    expect(result.code).toBe(0)
    const deviceHashrate = Number(sim.info().hashRate) * 1e9
    expect(result.json.fleet).toEqual({hashrate: expect.closeTo(deviceHashrate, 0), online: 1, total: 1})
    expect(result.json.hashrate).toBeCloseTo(1e12 + deviceHashrate, 0)
    expect(sim.journals[0]!.entries.some((entry) => entry.path === '/api/system/info')).toBe(true)
  })
})
