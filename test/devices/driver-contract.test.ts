import {describe, expect, it} from 'vitest'

import {prepareChange} from '../../src/lib/config/push.js'
import {type Driver, refuseUnwritable} from '../../src/lib/devices/driver.js'
import {type DeviceAddress, type DriverId, emptyStatus} from '../../src/lib/devices/model.js'
import {DRIVER_IDS, loadDriver} from '../../src/lib/devices/registry.js'
import {identifyAddress} from '../../src/lib/discovery/identify.js'
import {createAntminerSim} from '../../src/sim/antminer.js'
import {createApolloSim} from '../../src/sim/apollo.js'
import {createAvalonSim} from '../../src/sim/avalon.js'
import {createAxeosSim} from '../../src/sim/axeos.js'
import {createBraiinsSim} from '../../src/sim/braiins.js'
import {createCgminerSim} from '../../src/sim/cgminer.js'
import {createWhatsminerSim} from '../../src/sim/whatsminer.js'
import {useSimHarness} from '../helpers/sim-harness.js'

const harness = useSimHarness(3000)
const track = harness.track.bind(harness)

/** One simulator per registered family (a new family without one fails the test below). */
const simulators: Record<DriverId, (host: string) => Promise<{address: DeviceAddress; stop(): Promise<void>}>> = {
  antminer: (host) => createAntminerSim({host, httpPort: 0, rpcPort: 0, variant: 's9'}),
  apollo: (host) => createApolloSim({host, httpPort: 0, rpcPort: 0}),
  avalon: (host) => createAvalonSim({host, httpPort: 0, rpcPort: 0}),
  axeos: (host) => createAxeosSim({host, httpPort: 0, jitter: false, profile: 'axeos-2.15'}),
  braiins: (host) => createBraiinsSim({host, httpPort: 0, rpcPort: 0, variant: '25.07'}),
  cgminer: (host) => createCgminerSim({host, httpPort: 0, rpcPort: 0}),
  whatsminer: (host) => createWhatsminerSim({host, httpPort: 0, rpcPort: 0}),
}

/** Each capability and the optional method that implements it. */
const capabilityMethods = (driver: Driver): [string, boolean, boolean][] => [
  ['configRead', driver.capabilities.configRead, driver.readConfig !== undefined],
  ['configWrite', driver.capabilities.configWrite.length > 0, driver.writeConfig !== undefined],
  ['locate', driver.capabilities.locate, driver.locate !== undefined],
  ['liveStream', driver.capabilities.liveStream, driver.subscribeLive !== undefined],
  ['restart', driver.capabilities.restart, driver.restart !== undefined],
]

describe('refuseUnwritable', () => {
  it('names the fields a family cannot write, and ignores fields left undefined', () => {
    expect(() => refuseUnwritable({frequency: 600, pools: []}, ['pools'], 'Braiins OS')).toThrow(
      expect.objectContaining({code: 'UNSUPPORTED', message: 'Braiins OS: solominer changes only pools, not frequency'}),
    )
    expect(() => refuseUnwritable({fan: undefined, pools: []}, ['pools'], 'Braiins OS')).not.toThrow()
  })
})

describe.each(DRIVER_IDS.map((id, index) => [id, index] as const))('the %s driver keeps the Driver contract', (id, index) => {
  const host = `127.81.40.${index + 1}`

  it('is registered under its own id, with a label, heat limits, a poll interval and one method per capability', async () => {
    const driver = await loadDriver(id)
    expect(driver.id).toBe(id)
    expect(driver.label.length).toBeGreaterThan(0)
    expect(driver.heatLimits.chip).toBeGreaterThanOrEqual(60)
    expect(driver.heatLimits.chip).toBeLessThanOrEqual(110)
    if (driver.heatLimits.vr !== null) expect(driver.heatLimits.vr).toBeGreaterThan(driver.heatLimits.chip)
    expect(driver.minPollMs).toBeGreaterThanOrEqual(1000)
    for (const [capability, declared, implemented] of capabilityMethods(driver)) {
      expect({capability, implemented}).toEqual({capability, implemented: declared})
    }
    // Restoring a backup needs both halves; pool slot and read-back rules only mean something to a writer.
    expect(driver.readNative === undefined).toBe(driver.restoreNative === undefined)
    if (driver.poolSlots) expect(driver.capabilities.configWrite).toContain('pools')
    if (driver.readBack) {
      expect(driver.capabilities.configWrite.length).toBeGreaterThan(0)
      expect(driver.readBack.attempts).toBeGreaterThanOrEqual(1)
    }
  })

  it('is identified on its simulator and reads the uniform model with units in range (or refuses status as unsupported)', async () => {
    const sim = track(await simulators[id](host))
    const identity = await identifyAddress(sim.address, harness.ctx)
    expect(identity?.driver).toBe(id)
    const driver = await loadDriver(id)
    if (!driver.capabilities.status) {
      await expect(driver.readStatus(sim.address, harness.ctx)).rejects.toMatchObject({code: 'UNSUPPORTED'})
      return
    }
    const status = await driver.readStatus(sim.address, harness.ctx)
    expect(Object.keys(status).sort()).toEqual(Object.keys(emptyStatus()).sort())
    // Canonical units: H/s (a home miner makes 100 GH/s to 1 PH/s), W, deg C, J/TH, seconds.
    expect(status.hashrate).toBeGreaterThan(1e11)
    expect(status.hashrate).toBeLessThan(1e15)
    if (status.power !== null) expect(status.power).toBeGreaterThan(1)
    if (status.power !== null) expect(status.power).toBeLessThan(10_000)
    if (status.temperature !== null) expect(status.temperature).toBeGreaterThan(0)
    if (status.temperature !== null) expect(status.temperature).toBeLessThan(130)
    if (status.efficiency !== null) expect(status.efficiency).toBeGreaterThan(5)
    if (status.efficiency !== null) expect(status.efficiency).toBeLessThan(200)
    if (status.uptimeSeconds !== null) expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0)
  })

  it('refuses a configuration change it cannot write with the one UNSUPPORTED error, before anything is sent', async () => {
    const driver = await loadDriver(id)
    if (driver.capabilities.configWrite.includes('frequency')) return
    const sim = track(await simulators[id](host))
    const identity = (await identifyAddress(sim.address, harness.ctx))!
    const prepare = prepareChange({changeFor: () => ({frequency: 500}), fields: ['frequency']}, harness.ctx, {})
    const target = {address: sim.address, alias: null, identity, target: host}
    await expect(prepare({driver, identity, moved: null, target})).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/: setting frequency is not supported by this firmware$/),
    })
  })
})
