import {readFileSync} from 'node:fs'
import {afterAll, describe, expect, it} from 'vitest'

import {createContext} from '../../../src/lib/context.js'
import {driver} from '../../../src/lib/devices/cgminer/driver.js'
import {hashrateField, poolReport} from '../../../src/lib/devices/common/cgminer-fields.js'
import {poolSlots, standardStatus} from '../../../src/lib/devices/common/cgminer-status.js'
import {type CgminerReply, cgSectionList, parseCgminerJson} from '../../../src/lib/net/cgminer.js'
import {createCgminerSim} from '../../../src/sim/cgminer.js'

const load = (name: string) => parseCgminerJson(readFileSync(new URL(`../../fixtures/cgminer/${name}`, import.meta.url), 'utf8')) as CgminerReply
const ctx = createContext({paths: {cacheDir: '/nonexistent', configDir: '/nonexistent', dataDir: '/nonexistent'}, timeoutMs: 10_000})
afterAll(() => ctx.close())

describe('standard cgminer sections', () => {
  it('BOSminer summary and pools into canonical units', () => {
    const status = standardStatus({pools: load('bosminer-s9-0.2.0-pools.json'), summary: load('bosminer-s9-0.2.0-summary.json')})
    expect(status).toMatchObject({
      bestSessionDifficulty: 65_536,
      blocksFound: 0,
      hashrate: 14_274_425_317_759, // 14,274,425.317759488 MH/s, rounded to whole H/s
      pool: {fallback: false, url: 'stratum+tcp://stratum.antpool.com:3333', user: 'antminer_1'},
      sharesAccepted: 68,
      sharesRejected: 2,
      temperature: null,
      uptimeSeconds: 92,
    })
    expect(status.hashrateAverages.map((average) => average.label)).toEqual(['1m', '5m', '15m', '24h', 'av'])
  })

  it('bmminer GHS figures given as strings, and SI difficulty strings', () => {
    expect(hashrateField({'GHS 5s': '13883.81'}, '5s')).toBe(13_883.81 * 1e9)
    expect(hashrateField({'MHS 5s': 'n/a'}, '5s')).toBeNull()
    expect(standardStatus({summary: {SUMMARY: [{'Best Share': '32.8K', 'GHS 5s': '1.5'}]}})).toMatchObject({bestSessionDifficulty: 32_800, hashrate: 1.5e9})
  })

  it('pool slots in priority order; an empty slot stays empty; a fallback in use is flagged', () => {
    const pools = cgSectionList(load('bmminer-s9-pools.json'), 'POOLS')
    expect(poolSlots(pools).map((slot) => slot.url)).toEqual(['stratum+tcp://ss.antpool.com:3333', 'stratum+tcp://ss.antpool.com:443', ''])
    const onFallback = [
      {POOL: 0, Priority: 0, Status: 'Dead', 'Stratum Active': false, URL: 'stratum+tcp://a.example:3333', User: 'u'},
      {POOL: 1, Priority: 1, Status: 'Alive', 'Stratum Active': true, URL: 'b.example:3334', User: 'u2'},
    ]
    expect(poolReport(onFallback)).toEqual({
      pool: {fallback: true, url: 'stratum+tcp://b.example:3334', user: 'u2'},
      pools: [
        {active: false, url: 'stratum+tcp://a.example:3333', user: 'u'},
        {active: true, url: 'stratum+tcp://b.example:3334', user: 'u2'},
      ],
    })
    expect(poolReport([])).toEqual({pool: null, pools: []})
  })
})

describe('generic cgminer driver against the simulator', () => {
  it('identifies and reads status with summary+pools+devs', async () => {
    const sim = await createCgminerSim({host: '127.0.0.1'})
    try {
      const evidence = {address: sim.address, openPorts: [sim.address.rpcPort]}
      expect(await driver.describe(evidence, ctx)).toEqual({
        address: sim.address,
        asic: null,
        driver: 'cgminer',
        firmware: 'cgminer',
        firmwareVersion: '4.12.0',
        hostname: null,
        mac: null,
        make: 'Unknown',
        model: 'cgminer-compatible miner',
      })
      const status = await driver.readStatus(sim.address, ctx)
      expect(status).toMatchObject({
        bestSessionDifficulty: 1_234_567,
        hashrate: 14e12,
        pool: {fallback: false, url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexampleaddress.generic'},
        sharesAccepted: 120,
        sharesRejected: 1,
        temperature: 61.5,
      })
      expect(sim.journals[0]!.entries.map((entry) => entry.body)).toEqual(['{"command":"version"}', '{"command":"summary+pools+devs"}'])
    } finally {
      await sim.stop()
    }
  })

  it('uses the identification evidence instead of asking again', async () => {
    const version = readFileSync(new URL('../../fixtures/cgminer/bmminer-s9-version.json', import.meta.url), 'utf8')
    const identity = await driver.describe({address: {host: '127.0.0.1', httpPort: 0, rpcPort: 1}, openPorts: [], rpcVersion: version}, ctx)
    expect(identity).toMatchObject({firmware: 'bmminer', firmwareVersion: '2.0.0', model: 'Antminer S9'})
  })
})
