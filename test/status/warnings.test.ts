import {describe, expect, it} from 'vitest'

import {classifyPool} from '../../src/lib/pools/classify.js'
import {loadDriver} from '../../src/lib/devices/registry.js'
import {isOverheating, withFleetWarnings} from '../../src/lib/status/warnings.js'

const ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
const TESTNET_ADDRESS = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx'
const {heatLimits: axeos} = await loadDriver('axeos')
const {heatLimits: antminer} = await loadDriver('antminer')
const cool = {heatLimits: axeos, temperature: 55, vrTemperature: 60}

describe('classifyPool', () => {
  it('uses the presets first, then a "solo" host name', () => {
    expect(classifyPool('stratum+tcp://public-pool.io:21496')).toMatchObject({kind: 'solo', preset: {name: 'public-pool'}})
    expect(classifyPool('stratum+tcp://stratum.braiins.com:3333')).toMatchObject({kind: 'pooled', preset: {name: 'braiins'}})
    expect(classifyPool('stratum+tcp://solo.example.net:3333')).toEqual({kind: 'solo', preset: null})
    expect(classifyPool('stratum+tcp://192.168.1.20:2018')).toEqual({kind: 'unknown', preset: null})
    expect(classifyPool('not a url')).toEqual({kind: 'unknown', preset: null})
  })
})

describe('withFleetWarnings', () => {
  it('adds nothing for a cool device on a solo pool paying a valid address', () => {
    const pool = {fallback: false, url: 'stratum+tcp://solo.ckpool.org:3333', user: `${ADDRESS}.gamma`}
    expect(withFleetWarnings([], {...cool, pool})).toEqual([])
  })

  it('warns about a shared-reward pool by its preset label', () => {
    const pool = {fallback: false, url: 'stratum+tcp://stratum.braiins.com:3333', user: 'alice.worker1'}
    expect(withFleetWarnings([], {...cool, pool})).toEqual([
      {kind: 'not-solo', message: 'Pool Braiins Pool (FPPS) is a shared-reward pool, not solo mining'},
    ])
  })

  it('treats an unknown pool with an address as user as solo, and one with an account as pooled', () => {
    const own = {fallback: false, url: 'stratum+tcp://192.168.1.20:2018', user: ADDRESS}
    expect(withFleetWarnings([], {...cool, pool: own})).toEqual([])
    const account = {...own, user: 'alice'}
    expect(withFleetWarnings([], {...cool, pool: account})).toEqual([
      {
        kind: 'not-solo',
        message: 'Pool stratum+tcp://192.168.1.20:2018 is not a known solo pool and the user is not a Bitcoin address: rewards are probably shared',
      },
    ])
  })

  it('tells a pool account name (antminer_1) from a mistyped address, and never cuts the account at "_"', () => {
    const antpoolSolo = {fallback: false, url: 'stratum+tcp://solo.antpool.com:3333', user: 'antminer_1'}
    expect(withFleetWarnings([], {...cool, pool: antpoolSolo})).toEqual([
      {kind: 'solo-user-invalid', message: 'Solo pool stratum+tcp://solo.antpool.com:3333: the user antminer_1 is an account name, not a payout address'},
    ])
    expect(withFleetWarnings([], {...cool, mining: 'pooled', pool: antpoolSolo})).toEqual([])
    const typo = {fallback: false, url: 'stratum+tcp://192.168.1.20:2018', user: `${ADDRESS.slice(0, -1)}5.rig`}
    const [warning] = withFleetWarnings([], {...cool, mining: 'pooled', pool: typo})
    expect(warning).toMatchObject({kind: 'solo-user-invalid'})
    expect(warning?.message).toBe(
      `Pool stratum+tcp://192.168.1.20:2018: the user is not a valid payout address: ${ADDRESS.slice(0, -1)}5 is not a valid Bitcoin address (bad checksum, characters or length)`,
    )
  })

  it('checks every slot: a fallback or pool 3 paying someone else is named by its slot', () => {
    const other = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'
    const pools = [
      {active: true, url: 'stratum+tcp://solo.ckpool.org:3333', user: `${ADDRESS}.gamma`},
      {active: false, url: 'stratum+tcp://eusolo.ckpool.org:3333', user: `${other}.gamma`},
      {active: false, url: 'stratum+tcp://stratum.braiins.com:3333', user: 'alice.gamma'},
      {active: false, url: '', user: ''},
    ]
    const expectedPayout = {addresses: [ADDRESS], keys: new Set([ADDRESS])}
    expect(withFleetWarnings([], {...cool, expectedPayout, pool: null, pools})).toEqual([
      {kind: 'payout-mismatch', message: `Solo fallback pool stratum+tcp://eusolo.ckpool.org:3333 pays ${other}, not your address ${ADDRESS}`},
      {kind: 'not-solo', message: 'Pool 3 Braiins Pool (FPPS) is a shared-reward pool, not solo mining'},
    ])
  })

  it('flags a solo pool whose user is not a mainnet payout address, naming the network', () => {
    const pool = {fallback: false, url: 'stratum+tcp://public-pool.io:21496', user: `${TESTNET_ADDRESS}.bitaxe`}
    const [warning] = withFleetWarnings([], {...cool, pool})
    expect(warning?.kind).toBe('solo-user-invalid')
    expect(warning?.message).toMatch(/^Solo pool stratum\+tcp:\/\/public-pool\.io:21496: the user is not a valid payout address: /)
    expect(warning?.message).toMatch(/testnet/i)
  })

  it('uses the family\'s temperature limits (its driver\'s heatLimits) and keeps a driver warning of the same kind', () => {
    expect(isOverheating({heatLimits: axeos, temperature: 75, vrTemperature: 50})).toBe(true)
    expect(isOverheating({heatLimits: axeos, temperature: 74.9, vrTemperature: 104})).toBe(false)
    expect(isOverheating({heatLimits: axeos, temperature: 60, vrTemperature: 105})).toBe(true)
    expect(isOverheating({heatLimits: antminer, temperature: 80, vrTemperature: null})).toBe(false)
    expect(withFleetWarnings([], {heatLimits: axeos, pool: null, temperature: 76.25, vrTemperature: 110})).toEqual([
      {kind: 'overheating', message: 'Overheating: chip 76.3 °C (limit 75 °C), regulator 110.0 °C (limit 105 °C)'},
    ])
    const fromDriver = {kind: 'overheating' as const, message: 'Overheat mode: the device throttled itself'}
    expect(withFleetWarnings([fromDriver], {heatLimits: axeos, pool: null, temperature: 80, vrTemperature: null})).toEqual([fromDriver])
  })
})
