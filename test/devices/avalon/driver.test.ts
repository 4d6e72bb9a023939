import {describe, expect, it} from 'vitest'

import {driver} from '../../../src/lib/devices/avalon/driver.js'
import type {PoolSetting} from '../../../src/lib/devices/driver.js'
import {cgminerCommand} from '../../../src/lib/net/cgminer.js'
import {type AvalonSim, createAvalonSim} from '../../../src/sim/avalon.js'
import {useSimHarness} from '../../helpers/sim-harness.js'

const HOST = '127.0.0.1'
const harness = useSimHarness()

async function sim(options: Parameters<typeof createAvalonSim>[0] = {host: HOST}): Promise<AvalonSim> {
  return harness.track(await createAvalonSim({rebootDownMs: 300, ...options}))
}

const NANO_USER = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq.nano3s'
const rpcBodies = (device: AvalonSim) => device.journals[0]!.entries.map((entry) => entry.body)
const SOLO: PoolSetting = {password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qsoloaddress.nano'}
const FALLBACK: PoolSetting = {password: '', url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qsoloaddress.nano'}

describe('Avalon driver against the Nano 3S simulator', () => {
  it('describes the device from version and the module string', async () => {
    const device = await sim()
    expect(await driver.describe({address: device.address, openPorts: [device.address.rpcPort]}, harness.ctx)).toEqual({
      address: device.address,
      asic: 'A3197S',
      driver: 'avalon',
      firmware: 'Canaan cgminer',
      firmwareVersion: '25021401_56abae7',
      hostname: null,
      mac: '02:ca:aa:00:3f:53',
      make: 'Canaan',
      model: 'Avalon Nano 3S',
    })
    expect(rpcBodies(device)).toEqual(['{"command":"version"}', '{"command":"stats"}'])
  })

  it('reads status with one joined command, surviving the bare `nan`', async () => {
    const device = await sim({host: HOST, quirks: {bareNan: true}})
    const status = await driver.readStatus(device.address, harness.ctx)
    expect(rpcBodies(device)).toEqual(['{"command":"summary+pools+stats"}'])
    expect(status).toMatchObject({
      bestSessionDifficulty: 8_231_994,
      expectedHashrate: 6.06e12,
      fanPercent: 45,
      fanRpm: 2025,
      hashrate: 6e12,
      pool: {fallback: false, url: 'stratum+tcp://public-pool.io:21496', user: NANO_USER},
      power: 140,
      sharesAccepted: 1204,
      sharesRejected: 3,
      temperature: 66,
    })
    expect(status.hashrateAverages.map((average) => average.label)).toEqual(['1m', '5m', '15m'])
    expect(status.efficiency).toBeCloseTo(140 / 6, 9)
  })

  it('writes all three slots with setpool and the admin login, then needs a restart', async () => {
    const device = await sim({adminPassword: 's3cret', host: HOST})
    const result = await driver.writeConfig!(device.address, {pools: [SOLO, FALLBACK]}, harness.ctx, {credentials: {password: 's3cret'}})
    expect(result).toEqual({restartRequired: true})
    expect(device.journals[0]!.entries.map((entry) => [entry.method, entry.path, entry.body])).toEqual([
      ['WRITE', 'setpool', '{"command":"setpool","parameter":"admin,s3cret,0,stratum+tcp://solo.ckpool.org:3333,bc1qsoloaddress.nano,x"}'],
      ['WRITE', 'setpool', '{"command":"setpool","parameter":"admin,s3cret,1,stratum+tcp://public-pool.io:21496,bc1qsoloaddress.nano"}'],
      ['WRITE', 'setpool', '{"command":"setpool","parameter":"admin,s3cret,2,stratum+tcp://public-pool.io:21496,bc1qsoloaddress.nano"}'],
    ])
    // Not applied before the reboot, as on the real firmware.
    expect((await driver.readConfig!(device.address, harness.ctx)).pools[0]!.url).toBe('stratum+tcp://public-pool.io:21496')
  })

  it('a null password resends the one the pools reply shows for that slot (setpool always replaces it)', async () => {
    const pools = [
      {password: 'x', url: 'stratum+tcp://public-pool.io:21496', user: NANO_USER},
      {password: 'fallback-pw', url: 'stratum+tcp://solo.ckpool.org:3333', user: NANO_USER},
    ]
    const device = await sim({host: HOST, pools})
    await driver.writeConfig!(device.address, {pools: [SOLO, {...pools[1]!, password: null}]}, harness.ctx)
    expect(rpcBodies(device)).toEqual([
      '{"command":"pools"}',
      '{"command":"setpool","parameter":"admin,admin,0,stratum+tcp://solo.ckpool.org:3333,bc1qsoloaddress.nano,x"}',
      `{"command":"setpool","parameter":"admin,admin,1,stratum+tcp://solo.ckpool.org:3333,${NANO_USER},fallback-pw"}`,
      `{"command":"setpool","parameter":"admin,admin,2,stratum+tcp://solo.ckpool.org:3333,${NANO_USER},fallback-pw"}`,
    ])
  })

  it('reboot cycle: ascset 0,reboot,0, the device vanishes, returns with the new pools', async () => {
    // Down until the test ends the outage: what is checked during it cannot miss a short window.
    const device = await sim({host: HOST, rebootDownMs: 60_000})
    await driver.writeConfig!(device.address, {pools: [SOLO]}, harness.ctx)
    device.journals[0]!.clear()
    await driver.restart!(device.address, harness.ctx)
    expect(rpcBodies(device)).toEqual(['{"command":"ascset","parameter":"0,reboot,0"}'])
    await Promise.all([device.rpc.reached('down'), device.http.reached('down')])
    await expect(driver.readStatus(device.address, harness.ctx)).rejects.toMatchObject({code: 'HOST_UNREACHABLE'})
    await Promise.all([device.rpc.endOutage(), device.http.endOutage()])
    expect(device.state.reboots).toBe(1)
    expect((await driver.readConfig!(device.address, harness.ctx)).pools).toEqual([
      {passwordSet: true, tls: false, url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qsoloaddress.nano'},
      {passwordSet: true, tls: false, url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qsoloaddress.nano'},
      {passwordSet: true, tls: false, url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qsoloaddress.nano'},
    ])
  })

  it('refuses a value with a comma before sending anything', async () => {
    const device = await sim()
    const withComma = {...FALLBACK, user: 'bc1qaddress,worker'}
    await expect(driver.writeConfig!(device.address, {pools: [SOLO, withComma]}, harness.ctx)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      exitCode: 2,
      message: 'The pool 2 user contains a comma, which Avalon firmware cannot store (it splits its setpool command on commas)',
    })
    await expect(driver.writeConfig!(device.address, {pools: [SOLO]}, harness.ctx, {credentials: {password: 'a,b'}})).rejects.toMatchObject({code: 'INVALID_INPUT'})
    expect(device.journals[0]!.entries).toEqual([])
  })

  it('a wrong admin password is refused by the device as AUTH_FAILED and changes nothing', async () => {
    const device = await sim({adminPassword: 'right', host: HOST})
    await expect(driver.writeConfig!(device.address, {pools: [SOLO]}, harness.ctx, {credentials: {password: 'wrong'}})).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: expect.stringContaining('Pool set error: userpass err'),
    })
    expect(rpcBodies(device)).toEqual(['{"command":"setpool","parameter":"admin,wrong,0,stratum+tcp://solo.ckpool.org:3333,bc1qsoloaddress.nano,x"}'])
    expect(device.state.pendingPools).toBeNull()
  })

  it('falls back to `ascset|0,setpool,...` on firmware without setpool', async () => {
    const device = await sim({host: HOST, quirks: {legacySetpool: true}})
    await driver.writeConfig!(device.address, {pools: [SOLO]}, harness.ctx)
    expect(rpcBodies(device).slice(0, 2)).toEqual([
      '{"command":"setpool","parameter":"admin,admin,0,stratum+tcp://solo.ckpool.org:3333,bc1qsoloaddress.nano,x"}',
      'ascset|0,setpool,admin,admin,0,stratum+tcp://solo.ckpool.org:3333,bc1qsoloaddress.nano,x',
    ])
    expect(device.state.pendingPools?.map((pool) => pool.url)).toEqual(Array(3).fill('stratum+tcp://solo.ckpool.org:3333'))
  })

  it('sets the fan with ascset fan-spd (no restart) and refuses out-of-range speeds', async () => {
    const device = await sim()
    expect(await driver.writeConfig!(device.address, {fan: {mode: 'manual', percent: 60}}, harness.ctx)).toEqual({restartRequired: false})
    expect(await driver.writeConfig!(device.address, {fan: {mode: 'auto'}}, harness.ctx)).toEqual({restartRequired: false})
    expect(rpcBodies(device)).toEqual(['{"command":"ascset","parameter":"0,fan-spd,60"}', '{"command":"ascset","parameter":"0,fan-spd,-1"}'])
    await expect(driver.writeConfig!(device.address, {fan: {mode: 'manual', percent: 5}}, harness.ctx)).rejects.toMatchObject({code: 'INVALID_INPUT'})
    await expect(driver.writeConfig!(device.address, {frequency: 500}, harness.ctx)).rejects.toMatchObject({code: 'UNSUPPORTED'})
    expect(rpcBodies(device)).toHaveLength(2)
  })

  it('backs up and restores the native pool list', async () => {
    const device = await sim()
    const native = await driver.readNative!(device.address, harness.ctx)
    expect(native).toEqual({
      format: 'avalon-pools',
      pools: [
        {password: 'x', url: 'stratum+tcp://public-pool.io:21496', user: NANO_USER},
        {password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: NANO_USER},
        {password: 'x', url: 'stratum+tcp://eusolo.ckpool.org:3333', user: NANO_USER},
      ],
    })
    device.journals[0]!.clear()
    expect(await driver.restoreNative!(device.address, native, harness.ctx)).toEqual({restartRequired: true})
    expect(rpcBodies(device)).toEqual([
      `{"command":"setpool","parameter":"admin,admin,0,stratum+tcp://public-pool.io:21496,${NANO_USER},x"}`,
      `{"command":"setpool","parameter":"admin,admin,1,stratum+tcp://solo.ckpool.org:3333,${NANO_USER},x"}`,
      `{"command":"setpool","parameter":"admin,admin,2,stratum+tcp://eusolo.ckpool.org:3333,${NANO_USER},x"}`,
    ])
    await expect(driver.restoreNative!(device.address, {format: 'other'}, harness.ctx)).rejects.toMatchObject({code: 'INVALID_INPUT'})
  })

  it.each([
    ['nano3', 'Avalon Nano 3', 4e12, 140],
    ['mini3', 'Avalon Mini 3', 37.5e12, 800],
    ['a15-194', 'AvalonMiner 15-194', 194e12, 3731],
  ] as const)('the %s profile identifies as %s', async (profile, model, hashrate, power) => {
    const device = await sim({host: HOST, profile})
    expect((await driver.describe({address: device.address, openPorts: []}, harness.ctx)).model).toBe(model)
    expect(await driver.readStatus(device.address, harness.ctx)).toMatchObject({hashrate, power})
  })

  it.each([
    ['q', '25052801_14a19a2', 'Avalon Q'],
    ['a15-194', '24102401_25462b2_9ddf522', 'AvalonMiner 15-194'],
  ] as const)('the %s profile: the firmware build and the MAC as that firmware writes them', async (profile, firmwareVersion, model) => {
    const device = await sim({host: HOST, mac: '02:ca:aa:00:15:94', profile})
    expect(await driver.describe({address: device.address, openPorts: []}, harness.ctx)).toMatchObject({asic: 'A3197S', firmwareVersion, mac: '02:ca:aa:00:15:94', model})
  })

  it('a soft-off Q reads as the captured one: no hashrate, the board temperature, standby power', async () => {
    const device = await sim({host: HOST, profile: 'q'})
    await cgminerCommand(device.address, 'ascset', harness.ctx, {parameter: '0,softoff,1:1753434821'})
    expect(await driver.readStatus(device.address, harness.ctx)).toMatchObject({expectedHashrate: 90.9e12, fanPercent: 0, fanRpm: 0, hashrate: 0, power: 146, temperature: 28})
  })

  it('the A15 profile: three boards summed, the hottest chip, WALLPOWER', async () => {
    const device = await sim({host: HOST, profile: 'a15-194'})
    expect(await driver.readStatus(device.address, harness.ctx)).toMatchObject({expectedHashrate: 195.94e12, fanPercent: 45, fanRpm: 2032, power: 3731, temperature: 66})
  })

  it('the Avalon Q profile answers with the compact `MM ID0:Summary` form', async () => {
    const device = await sim({host: HOST, profile: 'q'})
    expect((await driver.describe({address: device.address, openPorts: []}, harness.ctx)).model).toBe('Avalon Q')
    expect(await driver.readStatus(device.address, harness.ctx)).toMatchObject({fanRpm: 2046, hashrate: 90e12, power: 1674})
  })
})
