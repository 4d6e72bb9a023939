import {describe, expect, it} from 'vitest'

import {driver} from '../../../src/lib/devices/apollo/driver.js'
import {identifyAddress} from '../../../src/lib/discovery/identify.js'
import {createApolloSim} from '../../../src/sim/apollo.js'
import {useSimHarness} from '../../helpers/sim-harness.js'


const harness = useSimHarness()

describe('apollo driver', () => {
  it('identifies the 308 to /overview and says status is not read', async () => {
    const sim = harness.track(await createApolloSim({host: '127.0.9.41'}))
    const {ctx} = harness
    const identity = await identifyAddress(sim.address, ctx, {openPorts: [sim.address.httpPort]})
    expect(identity).toEqual({
      address: sim.address,
      asic: null,
      driver: 'apollo',
      firmware: 'FutureBit Apollo OS',
      firmwareVersion: null,
      hostname: null,
      mac: null,
      make: 'FutureBit',
      model: 'Apollo',
    })
    expect(sim.http.journal.entries.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /'])
    await expect(driver.readStatus(sim.address, ctx)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('FutureBit Apollo'),
    })
  })
})
