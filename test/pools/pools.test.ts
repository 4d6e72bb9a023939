/** Pool URLs, presets and the payout-address rules applied before anything is pushed. */
import {describe, expect, it} from 'vitest'

import {POOL_PRESETS, findPreset, resolvePoolInput, statsLink} from '../../src/lib/pools/presets.js'
import {parsePoolUrl} from '../../src/lib/pools/url.js'
import {checkPoolUser} from '../../src/lib/pools/user.js'
import {expandUserTemplate} from '../../src/lib/pools/worker.js'

const P2WPKH = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'
const TAPROOT = 'bc1pllhdmn9m42vcsamx24zrxgs3qrl7ahwvhw4fnzrhve25gvezzyqqc0cgpt'
const TESTNET = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx'

describe('parsePoolUrl', () => {
  it.each([
    ['stratum+tcp://solo.ckpool.org:3333', {host: 'solo.ckpool.org', port: 3333, tls: false, url: 'stratum+tcp://solo.ckpool.org:3333'}],
    ['stratum+ssl://Public-Pool.io:4333', {host: 'public-pool.io', port: 4333, tls: true, url: 'stratum+ssl://public-pool.io:4333'}],
    ['stratum+tls://pool.example:443/', {host: 'pool.example', port: 443, tls: true, url: 'stratum+ssl://pool.example:443'}],
    ['  192.168.1.10:3333 ', {host: '192.168.1.10', port: 3333, tls: false, url: 'stratum+tcp://192.168.1.10:3333'}],
    ['[::1]:3333', {host: '[::1]', port: 3333, tls: false, url: 'stratum+tcp://[::1]:3333'}],
  ])('%s', (input, expected) => {
    expect(parsePoolUrl(input)).toEqual(expected)
  })

  it.each(['http://pool:3333', 'solo.ckpool.org', 'stratum+tcp://pool', 'pool:0', 'pool:70000', 'bad host:3333', 'stratum+tcp://-x:1'])(
    'refuses %s with INVALID_INPUT',
    (input) => {
      expect(() => parsePoolUrl(input)).toThrow(expect.objectContaining({code: 'INVALID_INPUT', exitCode: 2}))
    },
  )
})

describe('presets', () => {
  it('has the solo pools of the reference with kind, fee, TLS and stats link', () => {
    expect(findPreset('ckpool')).toMatchObject({feePercent: 2, kind: 'solo', url: 'stratum+tcp://solo.ckpool.org:3333', fallback: 'ckpool-eu'})
    expect(findPreset('ckpool-eu')?.url).toBe('stratum+tcp://eusolo.ckpool.org:3333')
    expect(findPreset('ckpool-au')?.url).toBe('stratum+tcp://ausolo.ckpool.org:3333')
    expect(findPreset('public-pool')).toMatchObject({tlsUrl: 'stratum+ssl://public-pool.io:4333', url: 'stratum+tcp://public-pool.io:21496'})
    expect(findPreset('braiins-solo')).toMatchObject({feePercent: 0.5, url: 'stratum+tcp://solo.stratum.braiins.com:3333'})
    expect(findPreset('atlaspool')?.url).toBe('stratum+tcp://solo.atlaspool.io:3333')
    expect(findPreset('ocean')).toMatchObject({kind: 'non-custodial', userIsAddress: true})
    expect(findPreset('foundry')).toMatchObject({kind: 'pooled', userIsAddress: false})
    expect(statsLink(findPreset('ckpool')!, P2WPKH)).toBe(`https://solostats.ckpool.org/users/${P2WPKH}`)
  })

  it('has unique names, parseable URLs and fallbacks that exist and are solo', () => {
    expect(new Set(POOL_PRESETS.map((preset) => preset.name)).size).toBe(POOL_PRESETS.length)
    for (const preset of POOL_PRESETS) {
      expect(parsePoolUrl(preset.url).url).toBe(preset.url)
      if (preset.tlsUrl) expect(parsePoolUrl(preset.tlsUrl).tls).toBe(true)
      if (preset.fallback) expect(findPreset(preset.fallback)?.kind).toBe('solo')
    }
  })

  it('resolves a preset name, and gives a typed URL of a preset its kind', () => {
    expect(resolvePoolInput('CKPool')).toMatchObject({host: 'solo.ckpool.org', port: 3333, preset: {name: 'ckpool'}})
    expect(resolvePoolInput('public-pool.io:21496').preset?.name).toBe('public-pool')
    expect(resolvePoolInput('stratum+ssl://public-pool.io:4333').preset?.name).toBe('public-pool')
    expect(resolvePoolInput('127.0.0.1:3333').preset).toBeNull()
    expect(() => resolvePoolInput('ckpol')).toThrow(/Unknown pool preset "ckpol"/)
  })
})

describe('checkPoolUser', () => {
  const solo = resolvePoolInput('ckpool')
  const pooled = resolvePoolInput('braiins')
  const custom = resolvePoolInput('127.0.0.1:3333')

  it('accepts every address type for a solo pool, taproot included, with or without a worker', () => {
    expect(checkPoolUser(solo, `${P2WPKH}.bitaxe`, 'mainnet')).toEqual({address: P2WPKH, warnings: []})
    expect(checkPoolUser(solo, TAPROOT, 'mainnet').address).toBe(TAPROOT)
    expect(checkPoolUser(solo, '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2.{hostname}', 'mainnet').address).toBe('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')
    expect(checkPoolUser(solo, '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'mainnet').address).toBe('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')
  })

  it('refuses a solo user that is not an address, a typo, and a wrong-network address', () => {
    expect(() => checkPoolUser(solo, 'myaccount.worker', 'mainnet')).toThrow(expect.objectContaining({code: 'INVALID_ADDRESS'}))
    expect(() => checkPoolUser(solo, `${P2WPKH.slice(0, -1)}x`, 'mainnet')).toThrow(expect.objectContaining({code: 'INVALID_ADDRESS'}))
    expect(() => checkPoolUser(solo, TESTNET, 'mainnet')).toThrow(/testnet\/signet address, not a mainnet address/)
    expect(checkPoolUser(solo, TESTNET, 'testnet').address).toBe(TESTNET)
  })

  it('warns when a pooled account is an address, and never lets a broken address through on any pool', () => {
    expect(checkPoolUser(pooled, 'myaccount.rig1', 'mainnet')).toEqual({address: null, warnings: []})
    expect(checkPoolUser(pooled, P2WPKH, 'mainnet').warnings[0]).toMatch(/pays accounts, not addresses/)
    expect(() => checkPoolUser(custom, `${TESTNET}.x`, 'mainnet')).toThrow(expect.objectContaining({code: 'INVALID_ADDRESS'}))
    expect(checkPoolUser(custom, 'account', 'mainnet').address).toBeNull()
  })

  it('refuses unknown templates, commas, quotes and empty users', () => {
    expect(() => checkPoolUser(solo, `${P2WPKH}.{serial}`, 'mainnet')).toThrow(/Unknown template \{serial\}/)
    expect(() => checkPoolUser(custom, 'a,b', 'mainnet')).toThrow(/comma/)
    expect(() => checkPoolUser(custom, 'a"b', 'mainnet')).toThrow(/quote/)
    expect(() => checkPoolUser(custom, ' ', 'mainnet')).toThrow(/empty/)
  })
})

describe('expandUserTemplate', () => {
  const device = {address: {host: '10.0.0.7'}, hostname: '02caaa003f53', mac: '02:ca:aa:00:3f:53'}

  it('fills {hostname} with the alias when the device has one, else its hostname, MAC or IP', () => {
    expect(expandUserTemplate(`${P2WPKH}.{hostname}`, {...device, alias: 'garage'})).toBe(`${P2WPKH}.garage`)
    expect(expandUserTemplate(`${P2WPKH}.{hostname}`, {...device, alias: null})).toBe(`${P2WPKH}.02caaa003f53`)
    expect(expandUserTemplate('{hostname}-{mac}-{ip}', {...device, alias: 'my garage', hostname: null})).toBe('my-garage-02caaa003f53-10.0.0.7')
    expect(expandUserTemplate('x.{hostname}', {address: {host: '10.0.0.7'}, hostname: null, mac: null})).toBe('x.10-0-0-7')
  })
})
