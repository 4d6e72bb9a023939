/**
 * readFleetHashrate (behind `odds --fleet`): the inventory's devices read through the status service,
 * summed over the ones that answer.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AppContext, createContext} from '../../src/lib/context.js'
import {identifyAddress} from '../../src/lib/discovery/identify.js'
import {recordScan} from '../../src/lib/inventory/store.js'
import {readFleetHashrate} from '../../src/lib/status/fleet.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'

let sims: AxeosSim[]
let ctx: AppContext
let dir: string

beforeAll(async () => {
  sims = await Promise.all([
    createAxeosSim({host: '127.42.5.1', hostname: 'one', httpPort: 0, jitter: false, profile: 'axeos-2.15'}),
    createAxeosSim({host: '127.42.5.2', hostname: 'two', httpPort: 0, jitter: false, profile: 'nerdqaxe++'}),
  ])
  dir = mkdtempSync(join(tmpdir(), 'solominer-fleet-'))
  ctx = createContext({paths: {cacheDir: dir, configDir: dir, dataDir: dir}, timeoutMs: 10_000})
  const identities = await Promise.all(sims.map((sim) => identifyAddress(sim.address, ctx)))
  await recordScan(ctx, identities.map((identity) => identity!))
})

afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.stop()))
  await ctx?.close()
  rmSync(dir, {force: true, recursive: true})
})

describe('readFleetHashrate', () => {
  it('sums the hashrate of the inventory devices that answer', async () => {
    const expected = sims.reduce((total, sim) => total + (sim.info().hashRate as number) * 1e9, 0)
    expect(await readFleetHashrate([], ctx)).toEqual({hashrate: expected, online: 2, total: 2})

    await sims[1]!.stop()
    const partial = await readFleetHashrate(['all'], ctx)
    expect(partial).toEqual({hashrate: (sims[0]!.info().hashRate as number) * 1e9, online: 1, total: 2})
  })
})
