/**
 * Writes refuse a device whose MAC is not the one the inventory saved for its address (DHCP moved
 * another miner there): nothing is sent but the read that finds out. The built CLI against an AxeOS simulator.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {seedInventory} from '../helpers/inventory.js'

const SAVED_MAC = 'aa:bb:cc:00:00:02'
let sim: AxeosSim
let config: ReturnType<typeof tempConfig>

beforeAll(async () => {
  sim = await createAxeosSim({host: '127.42.9.21', hostname: 'bitaxe', httpPort: 0, jitter: false, profile: 'axeos-2.15'})
  config = tempConfig()
  await seedInventory(config.env.SOLOMINER_CONFIG_DIR!, [sim.address], ([device]) => Object.assign(device!, {alias: 'office', mac: SAVED_MAC}))
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
