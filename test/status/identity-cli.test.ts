/**
 * `status` checks that the miner at a saved address is still the one saved (DHCP may have moved another
 * miner there), and prints totals without float noise. The built CLI against AxeOS simulators.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {seedInventory} from '../helpers/inventory.js'

const SAVED_MAC = 'aa:bb:cc:00:00:01'
let one: AxeosSim
let two: AxeosSim
let config: ReturnType<typeof tempConfig>

beforeAll(async () => {
  one = await createAxeosSim({host: '127.42.9.11', hostname: 'bitaxe', httpPort: 0, jitter: false, profile: 'axeos-2.15'})
  two = await createAxeosSim({host: '127.42.9.12', hostname: 'garage', httpPort: 0, jitter: false, profile: 'axeos-2.15'})
})

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()])
})

afterEach(() => config?.cleanup())

/** An inventory of both simulators, the first saved as "office" with another miner's MAC. */
async function inventoryWithMovedDevice(): Promise<void> {
  config = tempConfig()
  await seedInventory(config.env.SOLOMINER_CONFIG_DIR!, [one.address, two.address], (devices) => {
    Object.assign(devices.find((device) => device.ip === one.address.host)!, {alias: 'office', mac: SAVED_MAC})
  })
}

describe('status of a device whose MAC changed', () => {
  it('warns and reports the MAC the device sends', async () => {
    await inventoryWithMovedDevice()
    const result = await runCli(['status', '--json'], {env: config.env})
    expect(result.code).toBe(0)
    const [moved, kept] = result.json.devices
    const mac = (one.info().macAddr as string).toLowerCase()
    expect(moved).toMatchObject({alias: 'office', ip: '127.42.9.11', mac, ok: true})
    expect(moved.warnings).toEqual([
      {
        kind: 'identity-changed',
        message: `the device at 127.42.9.11 is not office any more (MAC ${mac}, saved ${SAVED_MAC}); run solominer scan`,
      },
    ])
    expect(kept.warnings).toEqual([])

    const human = await runCli(['status'], {env: config.env})
    expect(human.stdout).toContain(`! office (127.42.9.11): the device at 127.42.9.11 is not office any more (MAC ${mac}`)
  })
})

describe('status totals', () => {
  it('round power to 0.01 W and efficiency to 0.1 J/TH', async () => {
    config = tempConfig()
    const saved = [one, two].map((sim) => ({hashRate: sim.info().hashRate, power: sim.info().power}))
    one.setTelemetry({hashRate: 1000.1, power: 10.1})
    two.setTelemetry({hashRate: 1000.2, power: 10.2})
    try {
      const result = await runCli(['status', `127.42.9.11:${one.address.httpPort}`, `127.42.9.12:${two.address.httpPort}`, '--json'], {
        env: config.env,
      })
      expect(result.code).toBe(0)
      // 10.1 + 10.2 = 20.299999999999997 in floats; 20.3 W / 2.0003 TH/s = 10.148... J/TH
      // (rounded once: 10.15 first would round to 10.2).
      expect(result.json.totals).toMatchObject({efficiency: 10.1, power: 20.3})
      expect(result.json.devices.map((d: {efficiency: number}) => d.efficiency)).toEqual([10.1, 10.2])
    } finally {
      one.setTelemetry(saved[0]!)
      two.setTelemetry(saved[1]!)
    }
  })
})
