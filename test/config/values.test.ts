/** Values `config set` accepts, the diff/read-back model and worker templates. */
import {describe, expect, it} from 'vitest'

import {type DeviceConfig, READ_BACK_DEFAULT} from '../../src/lib/devices/driver.js'
import {driver as axeos} from '../../src/lib/devices/axeos/driver.js'
import {checkReadBack, diffConfig, poolsWithSlot} from '../../src/lib/config/plan.js'
import {changeFromConfig} from '../../src/lib/config/restore.js'
import {parseFanSetting, parseFrequency, parseHostname, parseTempTarget, parseVoltage} from '../../src/lib/config/values.js'
import {expandUserTemplate} from '../../src/lib/pools/worker.js'

const CONFIG: DeviceConfig = {
  coreVoltage: 1150,
  fan: {minPercent: 25, mode: 'auto', percent: null, targetTemperature: 60},
  frequency: 525,
  hostname: 'bitaxe',
  pools: [
    {passwordSet: true, tls: false, url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qa.bitaxe'},
    {passwordSet: true, tls: false, url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qa.bitaxe'},
  ],
}

describe('value parsing', () => {
  it('fan: auto or 0-100 %', () => {
    expect(parseFanSetting('AUTO')).toEqual({mode: 'auto'})
    expect(parseFanSetting('75%')).toEqual({mode: 'manual', percent: 75})
    expect(parseFanSetting('0')).toEqual({mode: 'manual', percent: 0})
    for (const bad of ['101', '-5', 'fast', '50.5']) expect(() => parseFanSetting(bad)).toThrow(/Invalid fan setting/)
  })

  it('temperature, frequency and voltage in their units', () => {
    expect(parseTempTarget('60')).toBe(60)
    expect(parseTempTarget('58C')).toBe(58)
    expect(() => parseTempTarget('20')).toThrow(/Invalid target temperature/)
    expect(parseFrequency('525')).toBe(525)
    expect(parseFrequency('562.5 MHz')).toBe(562.5)
    expect(() => parseFrequency('0')).toThrow(expect.objectContaining({suggestions: ['Give the ASIC frequency in MHz, e.g. 525']}))
    expect(parseVoltage('1150')).toBe(1150)
    expect(parseVoltage('1200mV')).toBe(1200)
    expect(() => parseVoltage('1.15')).toThrow(expect.objectContaining({code: 'INVALID_INPUT', message: 'Invalid core voltage "1.15"'}))
  })

  it('hostname: one DNS label up to 63 characters, .local dropped', () => {
    expect(parseHostname('bitaxe-garage.local')).toBe('bitaxe-garage')
    expect(parseHostname('x'.repeat(63))).toBe('x'.repeat(63))
    for (const bad of ['-x', 'a b', 'a.b', 'x'.repeat(64), '']) expect(() => parseHostname(bad)).toThrow(/Invalid hostname/)
  })

  it('worker templates per device, with fallbacks when the device lacks a hostname or MAC', () => {
    const identity = {address: {host: '10.0.0.5', httpPort: 80, rpcPort: 4028}, hostname: 'bitaxe gamma', mac: 'aa:bb:cc:dd:ee:ff'}
    expect(expandUserTemplate('bc1qa.{hostname}', identity)).toBe('bc1qa.bitaxe-gamma')
    expect(expandUserTemplate('bc1qa.{mac}-{ip}', identity)).toBe('bc1qa.aabbccddeeff-10.0.0.5')
    expect(expandUserTemplate('bc1qa.{hostname}', {...identity, hostname: null})).toBe('bc1qa.aabbccddeeff')
    expect(expandUserTemplate('bc1qa.{hostname}', {...identity, hostname: null, mac: null})).toBe('bc1qa.10-0-0-5')
    expect(expandUserTemplate('bc1qa.{mac}', {...identity, hostname: null, mac: null})).toBe('bc1qa.10-0-0-5')
  })
})

describe('plan and read-back', () => {
  it('diffs only what changes, comparing URLs in canonical form', () => {
    expect(diffConfig(CONFIG, {pools: [{password: 'x', url: 'public-pool.io:21496', user: 'bc1qa.bitaxe'}]}, READ_BACK_DEFAULT)).toEqual([])
    expect(diffConfig(CONFIG, {fan: {mode: 'manual', percent: 80}, frequency: 525.2, hostname: 'BITAXE'}, axeos.readBack!)).toEqual([
      {after: '80%', before: 'auto', field: 'fan'},
    ])
    expect(diffConfig(CONFIG, {pools: [{password: 'x', url: 'solo.ckpool.org:3333', user: 'bc1qb'}], coreVoltage: 1200}, READ_BACK_DEFAULT)).toEqual([
      {after: 'stratum+tcp://solo.ckpool.org:3333', before: 'stratum+tcp://public-pool.io:21496', field: 'pool.url'},
      {after: 'bc1qb', before: 'bc1qa.bitaxe', field: 'pool.user'},
      {after: 1200, before: 1150, field: 'voltage'},
    ])
    // AxeOS keeps the frequency as a float and may show it rounded; a firmware that declares no tolerance does not.
    expect(checkReadBack(CONFIG, {frequency: 525.4}, axeos.readBack!)).toEqual({unapplied: [], unverifiable: []})
    expect(checkReadBack(CONFIG, {frequency: 525.4}, READ_BACK_DEFAULT)).toEqual({unapplied: ['frequency'], unverifiable: []})
    expect(checkReadBack(CONFIG, {frequency: 526}, axeos.readBack!)).toEqual({unapplied: ['frequency'], unverifiable: []})
    expect(checkReadBack(CONFIG, {temperatureTarget: 55}, READ_BACK_DEFAULT)).toEqual({unapplied: ['temp-target'], unverifiable: []})
    const unreported = {...CONFIG, fan: null, frequency: null, pools: []}
    expect(checkReadBack(unreported, {fan: {mode: 'auto'}, frequency: 500, pools: [{password: 'x', url: 'a:1', user: 'u'}]}, READ_BACK_DEFAULT)).toEqual({
      unapplied: ['pool.url', 'pool.user'],
      unverifiable: ['fan', 'frequency'],
    })
  })

  it('replaces one slot and keeps the other (its password too: null), refusing a fallback without a primary', () => {
    const pool = {password: 'p', url: 'stratum+tcp://eusolo.ckpool.org:3333', user: 'bc1qz'}
    expect(poolsWithSlot(CONFIG.pools, 1, pool)).toEqual([{password: null, url: CONFIG.pools[0]!.url, user: 'bc1qa.bitaxe'}, pool])
    expect(poolsWithSlot([], 0, pool)).toEqual([pool])
    expect(() => poolsWithSlot([], 1, pool)).toThrow(/no primary pool configured/)
  })

  it('turns a backup into the change a restore is verified against', () => {
    expect(changeFromConfig(CONFIG)).toEqual({
      coreVoltage: 1150,
      fan: {mode: 'auto'},
      frequency: 525,
      hostname: 'bitaxe',
      pools: CONFIG.pools.map((slot) => ({password: null, url: slot.url, user: slot.user})),
      temperatureTarget: 60,
    })
    expect(diffConfig(CONFIG, changeFromConfig(CONFIG), READ_BACK_DEFAULT)).toEqual([])
  })
})
