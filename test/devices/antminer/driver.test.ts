import {describe, expect, it} from 'vitest'

import {createContext} from '../../../src/lib/context.js'
import {driver} from '../../../src/lib/devices/antminer/driver.js'
import {identifyAddress} from '../../../src/lib/discovery/identify.js'
import {type AntminerSim, type AntminerSimOptions, createAntminerSim} from '../../../src/sim/antminer.js'
import {fixtureText, useSimHarness} from '../../helpers/sim-harness.js'

const fixture = (name: string) => fixtureText(`antminer/${name}`)

const TEST_POOLS = [1, 2, 3].map((n) => ({
  password: `my-test-password${n}`,
  url: `stratum+tcp://my-test-pool${n}.com:5588`,
  user: `my-test-username${n}`,
}))

const harness = useSimHarness()

async function start(variant: 's19' | 's9', host: string, extra: Partial<AntminerSimOptions> = {}) {
  return {ctx: harness.ctx, sim: harness.track(await createAntminerSim({host, variant, ...extra}))}
}

function httpEntries(device: AntminerSim) {
  return device.http.journal.entries.map((entry) => ({
    authorized: typeof entry.headers.authorization === 'string' && entry.headers.authorization.startsWith('Digest '),
    method: entry.method,
    path: entry.path,
  }))
}

describe('antminer driver against the stock S9 simulator', () => {
  it('identifies the S9 from RPC version and get_system_info.cgi (digest)', async () => {
    const {ctx, sim} = await start('s9', '127.0.9.1', {hostname: 'garage-s9', mac: '02:00:a9:00:00:91'})
    const identity = await identifyAddress(sim.address, ctx)
    expect(identity).toEqual({
      address: sim.address,
      asic: null,
      driver: 'antminer',
      firmware: 'bmminer',
      firmwareVersion: 'Fri Nov 17 17:37:49 CST 2017',
      hostname: 'garage-s9',
      mac: '02:00:a9:00:00:91',
      make: 'Bitmain',
      model: 'Antminer S9',
    })
    expect(httpEntries(sim)).toContainEqual({authorized: true, method: 'GET', path: '/cgi-bin/get_system_info.cgi'})
  })

  it('strips terminal escape sequences from what the device reports', async () => {
    const {ctx, sim} = await start('s9', '127.0.9.12', {hostname: 'evil\u001b[31m-s9\u0007'})
    expect((await identifyAddress(sim.address, ctx))?.hostname).toBe('evil-s9')
  })

  it('reads status over RPC in canonical units', async () => {
    const {ctx, sim} = await start('s9', '127.0.9.2')
    const status = await driver.readStatus(sim.address, ctx)
    expect(status.hashrate).toBeCloseTo(13883.81e9, -3)
    expect(status.temperature).toBe(62)
    expect(status.fanRpm).toBe(3720)
    expect(status.sharesAccepted).toBe(22673)
    expect(status.pool).toEqual({fallback: false, url: 'stratum+tcp://solo.antpool.com:3333', user: 'antminer_1'})
    expect(sim.rpc.journal.entries.map((entry) => entry.body)).toEqual(['{"command":"summary+stats+pools"}'])
  })

  it('writes the pools with the exact legacy form, digest auth, everything else kept', async () => {
    const {ctx, sim} = await start('s9', '127.0.9.3')
    const result = await driver.writeConfig!(sim.address, {pools: TEST_POOLS}, ctx)
    expect(result).toEqual({restartRequired: false})
    expect(httpEntries(sim)).toEqual([
      {authorized: false, method: 'GET', path: '/cgi-bin/get_miner_conf.cgi'},
      {authorized: true, method: 'GET', path: '/cgi-bin/get_miner_conf.cgi'},
      {authorized: false, method: 'POST', path: '/cgi-bin/set_miner_conf.cgi'},
      {authorized: true, method: 'POST', path: '/cgi-bin/set_miner_conf.cgi'},
    ])
    const post = sim.http.journal.entries.at(-1)!
    expect(post.body).toBe(fixture('antminer-s9-set_miner_conf-request-body.form.txt'))
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=UTF-8')
    expect(sim.state.conf.pools[1]).toEqual({pass: 'my-test-password2', url: 'stratum+tcp://my-test-pool2.com:5588', user: 'my-test-username2'})
    expect(sim.state.conf['bitmain-freq']).toBe('550')

    const config = await driver.readConfig!(sim.address, ctx)
    expect(config.pools.map((pool) => pool.url)).toEqual(TEST_POOLS.map((pool) => pool.url))
    expect(config.frequency).toBe(550)
  })

  it('refuses a password the legacy form cannot carry before sending anything', async () => {
    const {ctx, sim} = await start('s9', '127.0.9.4')
    const pools = [{password: 'say "hi"', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1q'}]
    await expect(driver.writeConfig!(sim.address, {pools}, ctx)).rejects.toMatchObject({code: 'INVALID_INPUT'})
    expect(sim.http.journal.writes()).toEqual([])
  })

  it('fails with AUTH_FAILED on a wrong web password, and uses given credentials', async () => {
    const {ctx, sim} = await start('s9', '127.0.9.5', {credentials: {password: 's3cret', user: 'root'}})
    await expect(driver.readConfig!(sim.address, ctx)).rejects.toMatchObject({code: 'AUTH_FAILED'})
    const config = await driver.readConfig!(sim.address, ctx, {credentials: {password: 's3cret', user: 'root'}})
    expect(config.pools).toHaveLength(3)
  })

  it('reboots (vanishes, returns) and keeps the written pools; restoreNative puts the backup back', async () => {
    // Down until the test ends the outage: what is checked during it cannot miss a short window.
    const {ctx, sim} = await start('s9', '127.0.9.6', {rebootDownMs: 60_000})
    const backup = await driver.readNative!(sim.address, ctx)
    await driver.writeConfig!(sim.address, {pools: TEST_POOLS.slice(0, 1)}, ctx)
    await driver.restart!(sim.address, ctx)
    expect(sim.state.reboots).toBe(1)
    // The device vanishes (both listeners closed), then answers again with the written pools.
    await Promise.all([sim.http.reached('down'), sim.rpc.reached('down')])
    await expect(driver.readStatus(sim.address, ctx)).rejects.toMatchObject({code: 'HOST_UNREACHABLE'})
    await expect(driver.readConfig!(sim.address, ctx)).rejects.toMatchObject({code: 'HOST_UNREACHABLE'})
    await Promise.all([sim.http.endOutage(), sim.rpc.endOutage()])
    const after = await driver.readConfig!(sim.address, ctx)
    expect(after.pools.map((pool) => pool.url)).toEqual(['stratum+tcp://my-test-pool1.com:5588', '', ''])
    expect((await driver.readStatus(sim.address, ctx)).pool?.url).toBe('stratum+tcp://my-test-pool1.com:5588')

    sim.http.journal.clear()
    await driver.restoreNative!(sim.address, backup, ctx)
    expect(sim.http.journal.entries.at(-1)!.body).toBe(
      '_ant_pool1url=solo.antpool.com%3A3333&_ant_pool1user=antminer_1&_ant_pool1pw=123' +
        '&_ant_pool2url=stratum.antpool.com%3A3333&_ant_pool2user=antminer_1&_ant_pool2pw=123' +
        '&_ant_pool3url=stratum%2Btcp%3A%2F%2Fcn.ss.btc.com%3A3333&_ant_pool3user=antminer.1&_ant_pool3pw=123' +
        '&_ant_nobeeper=false&_ant_notempoverctrl=false&_ant_fan_customize_switch=false&_ant_fan_customize_value=&_ant_freq=550',
    )
    expect(sim.state.conf.pools[0]).toEqual({pass: '123', url: 'solo.antpool.com:3333', user: 'antminer_1'})
  })

  it('waits for the legacy write, which answers only after bmminer restarted (longer than the usual timeout)', async () => {
    const {sim} = await start('s9', '127.0.9.9', {writeDelayMs: 1200})
    const ctx = createContext({paths: harness.ctx.paths, timeoutMs: 400})
    harness.track({stop: () => ctx.close()})
    expect(await driver.writeConfig!(sim.address, {pools: TEST_POOLS}, ctx)).toEqual({restartRequired: false})
    expect(sim.state.conf.pools[0]!.url).toBe(TEST_POOLS[0]!.url)
  })

  it('starts with the given pools, as the RPC then reports them', async () => {
    const pools = [{pass: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq.s9'}]
    const {ctx, sim} = await start('s9', '127.0.9.11', {pools})
    expect((await driver.readStatus(sim.address, ctx)).pool).toEqual({fallback: false, url: pools[0]!.url, user: pools[0]!.user})
    expect((await driver.readConfig!(sim.address, ctx)).pools.map((pool) => pool.url)).toEqual([pools[0]!.url, '', ''])
  })

  it('refuses changes other than pools', async () => {
    const {ctx, sim} = await start('s9', '127.0.9.7')
    await expect(driver.writeConfig!(sim.address, {frequency: 600}, ctx)).rejects.toMatchObject({code: 'UNSUPPORTED'})
    expect(sim.http.journal.entries).toEqual([])
  })
})

describe('antminer driver against the modern (S19) simulator', () => {
  it('identifies, reads status with single commands, and writes the JSON body', async () => {
    const {ctx, sim} = await start('s19', '127.0.9.8')
    const identity = await identifyAddress(sim.address, ctx)
    expect(identity?.model).toBe('Antminer S19 Pro')
    expect(identity?.firmwareVersion).toBe('Tue Dec  6 16:12:30 CST 2022')

    const status = await driver.readStatus(sim.address, ctx)
    expect(status.hashrate).toBeCloseTo(110566.89e9, -3)
    expect(sim.rpc.journal.entries.map((entry) => entry.path).sort()).toEqual(['pools', 'stats', 'summary', 'summary+stats+pools', 'version'])

    sim.http.journal.clear()
    await driver.writeConfig!(sim.address, {pools: TEST_POOLS}, ctx)
    const post = sim.http.journal.entries.at(-1)!
    expect(post).toMatchObject({method: 'POST', path: '/cgi-bin/set_miner_conf.cgi'})
    expect(post.headers.authorization).toMatch(/^Digest username="root", realm="antMiner Configuration"/)
    expect(post.body).toBe(fixture('antminer-s19pro-set_miner_conf-request-body.json'))
    expect(post.headers['content-type']).toBe('application/json')
    expect(sim.state.conf['bitmain-voltage']).toBe('1280')
    expect((await driver.readConfig!(sim.address, ctx)).pools[2]!.url).toBe('stratum+tcp://my-test-pool3.com:5588')
  })
})
