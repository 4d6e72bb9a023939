/**
 * Writes refuse a device whose MAC is not the one the inventory saved for its address (DHCP moved
 * another miner there): nothing is sent but the read that finds out. The built CLI against an AxeOS simulator.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {seedInventory} from '../helpers/inventory.js'
import {startNotAMiner} from '../helpers/not-a-miner.js'

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

describe('a host that answers but is not a miner', () => {
  it('is UNSUPPORTED (exit 5) for a write, a config read and a status read alike', async () => {
    const chatty = await startNotAMiner('127.42.9.22')
    try {
      const target = `127.42.9.22:${chatty.port}`
      const error = {code: 'UNSUPPORTED', exitCode: 5, message: '127.42.9.22 accepts connections but does not answer as a miner solominer knows'}
      const write = await runCli(['config', 'set', 'hostname', 'kitchen', target, '--yes', '--json'], {env: config.env})
      expect(write.code).toBe(5)
      expect(write.json.results[0]).toMatchObject({error, status: 'skipped'})
      const read = await runCli(['config', 'get', target, '--json'], {env: config.env})
      expect(read.code).toBe(5)
      expect(read.json.devices[0]).toMatchObject({error})
      const status = await runCli(['status', target, '--json'], {env: config.env})
      expect(status.code).toBe(5)
      expect(status.json.devices[0]).toMatchObject({error: {code: error.code, message: error.message}, ok: false})
    } finally {
      await chatty.close()
    }
  })
})
