import {afterEach, describe, expect, it} from 'vitest'

import {type AppContext, createContext} from '../../../src/lib/context.js'
import {driver} from '../../../src/lib/devices/apollo/driver.js'
import {identifyAddress} from '../../../src/lib/discovery/identify.js'
import {type ApolloSim, createApolloSim} from '../../../src/sim/apollo.js'

const paths = {cacheDir: '/nonexistent', configDir: '/nonexistent', dataDir: '/nonexistent'}

let sim: ApolloSim | undefined
let ctx: AppContext | undefined

afterEach(async () => {
  await sim?.stop()
  await ctx?.close()
})

describe('apollo driver', () => {
  it('identifies the 308 to /overview and says status is not read', async () => {
    sim = await createApolloSim({host: '127.0.9.41'})
    ctx = createContext({paths, timeoutMs: 2000})
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
