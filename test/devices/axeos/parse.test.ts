import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {buildPatch, configFromInfo, nativeFromInfo, restoreBody} from '../../../src/lib/devices/axeos/config.js'
import {mergeLiveUpdate} from '../../../src/lib/devices/axeos/live.js'
import {isAxeosInfo, parseIdentity, parseStatus, poolUrl} from '../../../src/lib/devices/axeos/parse.js'
import {builtInOptions, optionsFromAsic} from '../../../src/lib/devices/axeos/safe-options.js'

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/axeos/${name}`, import.meta.url), 'utf8'))
const address = {host: '192.168.1.50', httpPort: 80, rpcPort: 4028}

describe('AxeOS 2.4.5 /api/system/info (real Bitaxe Supra reply)', () => {
  const info = fixture('bitaxe-supra-2.4.5-system-info.json')

  it('is recognised as an AxeOS document', () => {
    expect(isAxeosInfo(info)).toBe(true)
    expect(isAxeosInfo({hashRate: 1})).toBe(false)
  })

  it('parses the status in canonical units, with SI-string difficulties', () => {
    expect(parseStatus(info)).toEqual({
      bestDifficulty: 483_000,
      bestSessionDifficulty: 0,
      blocksFound: null,
      efficiency: 2.650_000_095_367_43,
      expectedHashrate: null,
      fanPercent: 35,
      fanRpm: 3517,
      hashrate: 1e12,
      hashrateAverages: [],
      pool: {fallback: false, url: 'stratum+tcp://btc.example.pool:3333', user: 'asic-rs.test'},
      pools: [
        {active: true, url: 'stratum+tcp://btc.example.pool:3333', user: 'asic-rs.test'},
        {active: false, url: 'stratum+tcp://btc2.example.pool:3333', user: 'asic-rs.test'},
      ],
      power: 2.650_000_095_367_43,
      sharesAccepted: 0,
      sharesRejected: 0,
      temperature: 59.875,
      uptimeSeconds: 4,
      vrTemperature: 78,
      warnings: [],
    })
  })

  it('names the board from boardVersion when there is no /api/system/asic', () => {
    expect(parseIdentity(address, info, null)).toEqual({
      address,
      asic: 'BM1368',
      driver: 'axeos',
      firmware: 'AxeOS',
      firmwareVersion: 'v2.4.5-3-gb5d1e36-dirty',
      hostname: 'bitaxe',
      mac: 'aa:bb:cc:dd:ee:ff',
      make: 'Bitaxe',
      model: 'Supra 401',
    })
  })

  it('reads the configuration: both pools, automatic fan, clocks', () => {
    expect(configFromInfo(info)).toEqual({
      coreVoltage: 1166,
      fan: {minPercent: null, mode: 'auto', percent: null, targetTemperature: null},
      frequency: 490,
      hostname: 'bitaxe',
      pools: [
        {passwordSet: true, tls: false, url: 'stratum+tcp://btc.example.pool:3333', user: 'asic-rs.test'},
        {passwordSet: true, tls: false, url: 'stratum+tcp://btc2.example.pool:3333', user: 'asic-rs.test'},
      ],
    })
  })

  it('falls back to the built-in BM1368 option lists', () => {
    expect(builtInOptions(info)).toEqual({
      coreVoltages: [1100, 1150, 1166, 1200, 1250, 1300],
      frequencies: [400, 425, 450, 475, 485, 490, 500, 525, 550, 575],
    })
  })

  it('writes pools as flat keys with the host only', () => {
    const change = {pools: [{password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexample.rig'}]}
    expect(buildPatch(info, change)).toEqual({
      body: {stratumPassword: 'x', stratumPort: 3333, stratumURL: 'solo.ckpool.org', stratumUser: 'bc1qexample.rig'},
      restartRequired: true,
    })
  })

  it('refuses TLS on firmware without stratumTLS', () => {
    const change = {pools: [{password: 'x', url: 'stratum+ssl://solo.ckpool.org:443', user: 'u'}]}
    expect(() => buildPatch(info, change)).toThrow(/no stratum TLS/)
  })
})

describe('NerdQAxe++ v1.1.0-beta1 (real reply)', () => {
  const info = fixture('nerdqaxe-plusplus-1.1.0-beta1-system-info.json')
  const asic = fixture('nerdqaxe-plusplus-1.1.0-beta1-system-asic.json')

  it('parses status with number difficulties, 1m..1d averages and stratum.usingFallback', () => {
    const status = parseStatus(info)
    expect(status.hashrate).toBe(5455.551e9)
    expect(status.hashrateAverages).toEqual([
      {hashrate: 5511.287e9, label: '1m'},
      {hashrate: 5512.898e9, label: '10m'},
      {hashrate: 5509.091e9, label: '1h'},
      {hashrate: 2748.972e9, label: '1d'},
    ])
    expect(status.bestDifficulty).toBe(13_790_464_144)
    expect(status.bestSessionDifficulty).toBe(14_137_811)
    expect(status.blocksFound).toBe(0)
    expect(status.temperature).toBe(59.875)
    expect(status.vrTemperature).toBe(55.9375)
    expect(status.power).toBe(103)
    expect(status.efficiency).toBeCloseTo(103 / 5.455551, 10)
    expect(status.fanRpm).toBe(1796)
    expect(status.fanPercent).toBe(54)
    expect([status.sharesAccepted, status.sharesRejected]).toEqual([3492, 3])
    expect(status.pool).toEqual({fallback: false, url: 'stratum+tcp://172.17.1.6:2018', user: 'abc.qaxe6'})
    expect(status.warnings).toEqual([])
  })

  it('identifies the NerdQAxe family and model from deviceModel', () => {
    expect(parseIdentity(address, info, asic)).toMatchObject({
      asic: 'BM1370',
      firmware: 'NerdQAxe',
      firmwareVersion: 'v1.1.0-beta1',
      hostname: 'qaxe6',
      mac: 'ac:a7:04:fb:77:d0',
      make: 'NerdQAxe',
      model: 'NerdQAxe++',
    })
  })

  it('reads autofanspeed 2 as automatic (PID) with pidTargetTemp', () => {
    expect(configFromInfo(info).fan).toEqual({minPercent: null, mode: 'auto', percent: 100, targetTemperature: 60})
    expect(configFromInfo(info).frequency).toBe(680)
  })

  it('takes the safe options from its /api/system/asic', () => {
    expect(optionsFromAsic(asic)).toEqual({
      coreVoltages: [1120, 1130, 1140, 1150, 1160, 1170, 1180, 1190, 1200],
      frequencies: [500, 515, 525, 550, 575, 590, 600],
    })
  })

  it('writes NerdQAxe types: boolean TLS, autofanspeed 2, pidTargetTemp; pools apply without restart', () => {
    const change = {
      fan: {mode: 'auto' as const},
      pools: [{password: 'x', url: 'stratum+ssl://solo.example.org:4333', user: 'bc1qexample'}],
      temperatureTarget: 62,
    }
    expect(buildPatch(info, change)).toEqual({
      body: {
        autofanspeed: 2,
        pidTargetTemp: 62,
        stratumPassword: 'x',
        stratumPort: 4333,
        stratumTLS: true,
        stratumURL: 'solo.example.org',
        stratumUser: 'bc1qexample',
      },
      restartRequired: false,
    })
  })
})

describe('real Bitaxe Supra /api/system/asic', () => {
  it('gives the device option lists', () => {
    expect(optionsFromAsic(fixture('bitaxe-supra-system-asic.json'))).toEqual({
      coreVoltages: [1100, 1150, 1166, 1200, 1250, 1300],
      frequencies: [400, 425, 450, 475, 485, 490, 500, 525, 550, 575],
    })
  })
})

describe('version quirks', () => {
  const base = {ASICModel: 'BM1370', hashRate: 1000.5, version: 'v2.12.0'}

  it('treats 0/1 and booleans alike for the fallback flag', () => {
    const info = {...base, fallbackStratumPort: 21496, fallbackStratumURL: 'public-pool.io', fallbackStratumUser: 'w', stratumPort: 3333, stratumURL: 'a.example', stratumUser: 'u'}
    expect(parseStatus({...info, isUsingFallbackStratum: 1}).pool).toEqual({fallback: true, url: 'stratum+tcp://public-pool.io:21496', user: 'w'})
    expect(parseStatus({...info, isUsingFallbackStratum: true}).pool?.fallback).toBe(true)
    expect(parseStatus({...info, isUsingFallbackStratum: false}).pool?.fallback).toBe(false)
  })

  it('normalises stratumURL values users typed with a scheme or port', () => {
    expect(poolUrl('stratum+tcp://Test.Pool.com', 4334, false)).toBe('stratum+tcp://test.pool.com:4334')
    expect(poolUrl('stratum+ssl://pool.example:443', 0, false)).toBe('stratum+ssl://pool.example:443')
    expect(poolUrl('solo.ckpool.org', 3333, true)).toBe('stratum+ssl://solo.ckpool.org:3333')
    expect(poolUrl('', 3333, false)).toBeNull()
  })

  it('reports firmware faults and found blocks as warnings', () => {
    const status = parseStatus({...base, blockFound: 1, fanrpm: 0, fanspeed: 60, overheat_mode: 1, power_fault: 'VIN undervoltage'})
    expect(status.warnings.map((warning) => warning.kind)).toEqual(['overheating', 'power-fault', 'fan-fault', 'block-found'])
    expect(status.warnings[1]!.message).toBe('Power fault: VIN undervoltage')
  })

  it('strips terminal escapes from device strings', () => {
    expect(parseIdentity(address, {...base, hostname: 'evil\u001B[31mred'}, null).hostname).toBe('evilred')
  })

  it('names LV06 ports "Lucky Miner" and stock Lucky Miner by minerModel', () => {
    expect(parseIdentity(address, {...base, boardVersion: '301_'}, {deviceModel: 'LV06'})).toMatchObject({make: 'Lucky Miner', model: 'LV06'})
    expect(parseIdentity(address, {...base, initMiner: 'lucky', minerModel: 'LV07'}, null)).toMatchObject({
      firmware: 'Lucky Miner',
      make: 'Lucky Miner',
      model: 'LV07',
    })
  })

  it('writes pools[] for 2.15 into the slots in use, carrying over the slot fields', () => {
    const info = {
      ...base,
      pools: [
        {id: 2, stratumPassword: '*****', stratumPort: 3333, stratumProtocol: 'SV1', stratumSuggestedDifficulty: 1000, stratumTLS: 0, stratumURL: 'old.example', stratumUser: 'old'},
      ],
      primaryPoolIndex: 2,
      secondaryPoolIndex: 5,
      version: 'v2.15.0',
    }
    const change = {
      pools: [
        {password: 'p1', url: 'stratum+ssl://solo.example:443', user: 'bc1qa'},
        {password: 'x', url: 'public-pool.io:21496', user: 'bc1qa'},
      ],
    }
    expect(buildPatch(info, change)).toEqual({
      body: {
        pools: [
          {id: 2, stratumCert: '', stratumPassword: 'p1', stratumPort: 443, stratumProtocol: 'SV1', stratumSuggestedDifficulty: 1000, stratumTLS: 1, stratumURL: 'solo.example', stratumUser: 'bc1qa'},
          {id: 5, stratumPassword: 'x', stratumPort: 21496, stratumTLS: 0, stratumURL: 'public-pool.io', stratumUser: 'bc1qa'},
        ],
        primaryPoolIndex: 2,
        secondaryPoolIndex: 5,
      },
      restartRequired: true,
    })
  })

  it('uses the ≤ 2.10 fan key and the 2.11+ one', () => {
    expect(buildPatch({...base, autofanspeed: 1, version: 'v2.9.0'}, {fan: {mode: 'manual', percent: 40}}).body).toEqual({autofanspeed: 0, fanspeed: 40})
    expect(buildPatch({...base, autofanspeed: 1, manualFanSpeed: 100}, {fan: {mode: 'manual', percent: 40}}).body).toEqual({autofanspeed: 0, manualFanSpeed: 40})
  })

  it('checks the target temperature range and that hostnames need a restart before 2.15', () => {
    expect(() => buildPatch({...base, temptarget: 60}, {temperatureTarget: 70})).toThrow(/35 to 66/)
    expect(buildPatch(base, {hostname: 'rig-1'})).toEqual({body: {hostname: 'rig-1'}, restartRequired: true})
    expect(buildPatch({...base, version: 'v2.15.0'}, {hostname: 'rig-1.local'})).toEqual({body: {hostname: 'rig-1'}, restartRequired: false})
  })

  it('restores only the keys that differ, flagging pool keys as needing a restart', () => {
    const saved = nativeFromInfo({...base, frequency: 525, stratumPort: 3333, stratumURL: 'a.example', stratumUser: 'u'})
    const now = {...base, frequency: 600, stratumPort: 3333, stratumURL: 'b.example', stratumUser: 'u'}
    expect(restoreBody(now, saved)).toEqual({body: {frequency: 525, stratumURL: 'a.example'}, restartRequired: true})
    expect(restoreBody({...now, stratumURL: 'a.example'}, saved)).toEqual({body: {frequency: 525}, restartRequired: false})
  })

  it('merges live diffs: objects recursively, arrays replaced, absent keys kept', () => {
    const state = {hashRate: 1, hashrateMonitor: {asics: [1, 2], total: 3}, power: 15, stratum: {usingFallback: false, x: 1}}
    expect(mergeLiveUpdate(state, {hashrateMonitor: {asics: [4]}, power: 16, stratum: {usingFallback: true}})).toEqual({
      hashRate: 1,
      hashrateMonitor: {asics: [4], total: 3},
      power: 16,
      stratum: {usingFallback: true, x: 1},
    })
  })
})
