import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {avalonStatus, modelName} from '../../../src/lib/devices/avalon/driver.js'
import {mmModules, parseMmFields} from '../../../src/lib/devices/avalon/mm.js'
import {standardStatus} from '../../../src/lib/devices/common/cgminer-status.js'
import {type CgminerReply, cgSection, parseCgminerJson} from '../../../src/lib/net/cgminer.js'

const load = (path: string) => parseCgminerJson(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')) as CgminerReply

describe('Avalon module strings', () => {
  it('reads `Key[value]` pairs, keys with spaces and values with spaces', () => {
    expect(parseMmFields("'STATS':{Ver[Q-25052801_14a19a2] SYSTEMSTATU[Work: In Idle, Hash Board: 1] FanR[0%] PS[0 1221 4 0 0 2245 146] Nonce Mask[25]}")).toEqual({
      FanR: '0%',
      'Nonce Mask': '25',
      PS: '0 1221 4 0 0 2245 146',
      SYSTEMSTATU: 'Work: In Idle, Hash Board: 1',
      Ver: 'Q-25052801_14a19a2',
    })
  })

  it('finds `MM ID0` and `MM ID0:Summary` entries', () => {
    expect(mmModules(load('avalon/stats.json').STATS as Record<string, unknown>[]).map((fields) => fields.Core)).toEqual(['A3197S'])
    expect(mmModules(load('avalon/a15-194-stats.json').STATS as Record<string, unknown>[]).map((fields) => fields.WALLPOWER)).toEqual(['3731'])
    expect(mmModules(load('avalon/litestats.json').STATS as Record<string, unknown>[]).map((fields) => [fields.TarT, fields.SoloAllowed])).toEqual([['65', '1']])
  })
})

describe('Avalon status from real replies', () => {
  it('Avalon Q (idle, soft-off): canonical units from summary, pools and the module string', () => {
    const status = avalonStatus({pools: load('avalon/pools.json'), stats: load('avalon/stats.json'), summary: load('avalon/summary.json')})
    expect(status).toEqual({
      bestDifficulty: null,
      bestSessionDifficulty: 354_914_572,
      blocksFound: 0,
      efficiency: null,
      expectedHashrate: 55_032.79 * 1e9,
      fanPercent: 0,
      fanRpm: 0,
      hashrate: 0,
      hashrateAverages: [
        {hashrate: 0, label: '1m'},
        {hashrate: 0.06 * 1e6, label: '5m'},
        {hashrate: 52_686.37 * 1e6, label: '15m'},
        {hashrate: 44_539_601.86 * 1e6, label: 'av'},
      ],
      pool: {fallback: false, url: 'stratum+tcp://pool.example.com:4444', user: 'worker1'},
      pools: [{active: true, url: 'stratum+tcp://pool.example.com:4444', user: 'worker1'}],
      power: 146,
      sharesAccepted: 890,
      sharesRejected: 2,
      temperature: 27,
      uptimeSeconds: 37_714,
      vrTemperature: null,
      warnings: [],
    })
  })

  it('AvalonMiner 15-194: hashrate from GHSspd when there is no summary, WALLPOWER, hottest chip', () => {
    const status = avalonStatus({pools: load('avalon/a15-194-pools.json'), stats: load('avalon/a15-194-stats.json')})
    expect(status).toMatchObject({
      expectedHashrate: 201_920.42 * 1e9,
      fanPercent: 49,
      fanRpm: 4282,
      hashrate: 199_241.07 * 1e9,
      pool: {fallback: false, url: 'stratum+tcp://stratum.pool.io:3333', user: 'pool_username.real_worker'},
      power: 3731,
      temperature: 78,
    })
    expect(status.efficiency).toBeCloseTo(3731 / 199.24107, 6)
  })

  it('Avalon 10xx multi-command reply with a bare `nan` average', () => {
    const multi = load('cgminer/avalon-10xx-pools-summary-stats-bare-nan.json.txt') as Record<string, CgminerReply[]>
    const status = avalonStatus({pools: multi.pools![0]!, stats: multi.stats![0]!, summary: multi.summary![0]!})
    expect(status.hashrate).toBe(0)
    expect(status.hashrateAverages.map((average) => average.label)).toEqual(['1m', '5m', '15m'])
    expect(status).toMatchObject({fanPercent: 31, fanRpm: 2927, temperature: 64, uptimeSeconds: 155, sharesAccepted: 6})
  })

  it('DEVS reports Temperature 0 (no sensor): no temperature from it', () => {
    expect(standardStatus({devs: load('avalon/devs.json')}).temperature).toBeNull()
  })

  it('names the model from VERSION', () => {
    expect(modelName(cgSection(load('avalon/version.json'), 'VERSION'))).toBe('Avalon Q')
    expect(modelName(cgSection(load('avalon/a15-194-version.json'), 'VERSION'))).toBe('AvalonMiner 15-194')
    expect(modelName({MODEL: 'Nano3s', PROD: 'Avalon Nano3s'})).toBe('Avalon Nano 3S')
    expect(modelName({MODEL: 'Mini3'})).toBe('Avalon Mini 3')
    expect(modelName(null)).toBe('Avalon')
  })
})
