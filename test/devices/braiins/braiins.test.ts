import {describe, expect, it} from 'vitest'

import {driver} from '../../../src/lib/devices/braiins/driver.js'
import {bosminerVersion, parseBosminerStatus} from '../../../src/lib/devices/braiins/status.js'
import {identifyAddress} from '../../../src/lib/discovery/identify.js'
import {cgSection, parseCgminerJson} from '../../../src/lib/net/cgminer.js'
import {type BraiinsSim, type BraiinsSimOptions, createBraiinsSim} from '../../../src/sim/braiins.js'
import {HttpSim} from '../../../src/sim/http-sim.js'
import {fixtureText, useSimHarness} from '../../helpers/sim-harness.js'

const reply = (name: string) => parseCgminerJson(fixtureText(`braiins/${name}`)) as Record<string, unknown>

describe('bosminer status parsing (real replies)', () => {
  it('reads summary, pools, fans and temps of BOSminer 0.2.0', () => {
    const status = parseBosminerStatus({
      fans: reply('bosminer-s9-0.2.0-fans.json'),
      pools: reply('bosminer-s9-0.2.0-pools.json'),
      summary: reply('bosminer-s9-0.2.0-summary.json'),
      temps: reply('bosminer-s9-0.2.0-temps.json'),
    })
    expect(status.hashrate).toBeCloseTo(14274425.317759488e6, -3)
    expect(status.hashrateAverages.map((average) => average.label)).toEqual(['1m', '5m', '15m', '24h', 'av'])
    expect(status.temperature).toBe(53)
    expect(status.fanRpm).toBe(1560)
    expect(status.uptimeSeconds).toBe(92)
    expect(status.sharesAccepted).toBe(68)
    expect(status.sharesRejected).toBe(2)
    expect(status.bestSessionDifficulty).toBe(65536)
    expect(status.blocksFound).toBe(0)
    expect(status.pool).toEqual({fallback: false, url: 'stratum+tcp://stratum.antpool.com:3333', user: 'antminer_1'})
  })

  it('names the firmware from BOSminer and BOSer version replies', () => {
    expect(bosminerVersion(cgSection(reply('bosminer-s9-0.2.0-version.json'), 'VERSION'))).toBe('BOSminer 0.2.0-d360818')
    expect(bosminerVersion(cgSection(reply('v25_05-rpc-version.json'), 'VERSION'))).toBe('BOSer boser-buildroot 0.1.0-45f356ea')
  })
})

const harness = useSimHarness()

async function start(host: string, extra: Partial<BraiinsSimOptions> = {}) {
  return {ctx: harness.ctx, sim: harness.track(await createBraiinsSim({host, ...extra}))}
}

const requests = (device: BraiinsSim) =>
  device.http.journal.entries.map((entry) => `${entry.method} ${entry.path}${entry.headers.authorization ? ' (token)' : ''}`)

describe('braiins driver against the 25.07 simulator (REST)', () => {
  it('identifies from RPC version and REST miner details', async () => {
    const {ctx, sim} = await start('127.0.9.21', {hostname: 'bos-s9', mac: '02:00:b0:00:00:21'})
    expect(await identifyAddress(sim.address, ctx)).toEqual({
      address: sim.address,
      asic: null,
      driver: 'braiins',
      firmware: 'Braiins OS+',
      firmwareVersion: '2025-08-06-0-3881c51d-25.07-plus',
      hostname: 'bos-s9',
      mac: '02:00:b0:00:00:21',
      make: 'Braiins',
      model: 'Antminer S9',
    })
  })

  it('reads status over RPC', async () => {
    const {ctx, sim} = await start('127.0.9.22')
    const status = await driver.readStatus(sim.address, ctx)
    expect(status.hashrate).toBeCloseTo(14274425.317759488e6, -3)
    expect(status.pool).toEqual({fallback: false, url: 'stratum+tcp://stratum.antpool.com:3333', user: 'antminer_1'})
  })

  it('logs in and replaces the pools with one PUT pools/batch, then reads them back', async () => {
    const {ctx, sim} = await start('127.0.9.23')
    const pools = [
      {password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexample.bos'},
      {password: 'y', url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qexample.bos'},
    ]
    expect(await driver.writeConfig!(sim.address, {pools}, ctx)).toEqual({restartRequired: false})
    expect(requests(sim)).toEqual(['GET /api/v1/version/', 'POST /api/v1/auth/login', 'PUT /api/v1/pools/batch (token)'])
    const login = sim.http.journal.entries[1]!
    expect(JSON.parse(login.body)).toEqual({password: 'root', username: 'root'})
    expect(JSON.parse(sim.http.journal.entries[2]!.body)).toEqual([
      {
        load_balance_strategy: {quota: {value: 1}},
        name: 'solominer',
        pools: [
          {enabled: true, password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexample.bos'},
          {enabled: true, password: 'y', url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qexample.bos'},
        ],
      },
    ])
    const config = await driver.readConfig!(sim.address, ctx)
    expect(config.pools).toEqual([
      {passwordSet: false, tls: false, url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexample.bos'},
      {passwordSet: false, tls: false, url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qexample.bos'},
    ])
    expect((await driver.readStatus(sim.address, ctx)).pool?.url).toBe('stratum+tcp://solo.ckpool.org:3333')
  })

  it('restores a backup of the pool groups (URLs and users; the API never returns passwords: "x" is written)', async () => {
    const {ctx, sim} = await start('127.0.9.27')
    const backup = await driver.readNative!(sim.address, ctx)
    await driver.writeConfig!(sim.address, {pools: [{password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1q'}]}, ctx)
    await driver.restoreNative!(sim.address, backup, ctx)
    expect(sim.state.groups.map((group) => [group.name, group.pools.map((pool) => [pool.url, pool.user, pool.password])])).toEqual([
      [
        'Default',
        [
          ['stratum+tcp://stratum.antpool.com:3333', 'antminer_1', 'x'],
          ['stratum+tcp://stratum.slushpool.com:3333', '!non-existent-user!', 'x'],
        ],
      ],
    ])
    await expect(driver.restoreNative!(sim.address, {not: 'groups'}, ctx)).rejects.toMatchObject({code: 'CONFIG_INVALID'})
  })

  it('reports a refused login as AUTH_FAILED', async () => {
    const {ctx, sim} = await start('127.0.9.24', {credentials: {password: 'other', user: 'root'}})
    await expect(driver.readConfig!(sim.address, ctx)).rejects.toMatchObject({code: 'AUTH_FAILED'})
    const config = await driver.readConfig!(sim.address, ctx, {credentials: {password: 'other', user: 'root'}})
    expect(config.pools).toHaveLength(2)
  })

  it('a REST reply that is not JSON is BAD_RESPONSE, not a crash', async () => {
    const web = harness.track(
      new HttpSim({host: '127.0.9.18', port: 0}, (request) => {
        if (request.path === '/api/v1/version/') return {body: '{"major":1}', status: 200}
        if (request.path === '/api/v1/auth/login') return {body: '{"token":"t"}', status: 200}
        return {body: '<html>busy</html>', status: 200}
      }),
    )
    await web.start()
    const address = {host: '127.0.9.18', httpPort: web.port, rpcPort: 4028}
    await expect(driver.readConfig!(address, harness.ctx)).rejects.toMatchObject({code: 'BAD_RESPONSE'})
  })

  it('reboots through PUT actions/reboot (the device vanishes and returns)', async () => {
    // Down until the test ends the outage: what is checked during it cannot miss a short window.
    const {ctx, sim} = await start('127.0.9.25', {rebootDownMs: 60_000})
    await driver.restart!(sim.address, ctx)
    expect(requests(sim).at(-1)).toBe('PUT /api/v1/actions/reboot (token)')
    expect(sim.state.reboots).toBe(1)
    await Promise.all([sim.http.reached('down'), sim.rpc.reached('down')])
    await expect(driver.readStatus(sim.address, ctx)).rejects.toMatchObject({code: 'HOST_UNREACHABLE'})
    await Promise.all([sim.http.endOutage(), sim.rpc.endOutage()])
    expect((await driver.readStatus(sim.address, ctx)).pool).toEqual({fallback: false, url: 'stratum+tcp://stratum.antpool.com:3333', user: 'antminer_1'})
  })
})

describe('braiins driver against a 22.08 simulator (GraphQL)', () => {
  const graphqlRequests = (device: BraiinsSim) =>
    device.http.journal.entries
      .filter((entry) => entry.path === '/graphql')
      .map((entry) => {
        const body = JSON.parse(entry.body) as {query: string; variables?: unknown}
        const operation = ['updateGroups', 'login', 'restart', 'reboot', 'hostname', '__typename', 'groups'].find((name) => body.query.includes(name))
        return {cookie: typeof entry.headers.cookie === 'string', operation, variables: body.variables}
      })

  it('identifies the release, hostname and model through GraphQL (root, empty password)', async () => {
    const {ctx, sim} = await start('127.0.9.28', {hostname: 'bos-2208', variant: '22.08'})
    expect(await identifyAddress(sim.address, ctx)).toEqual({
      address: sim.address,
      asic: null,
      driver: 'braiins',
      firmware: 'Braiins OS+',
      firmwareVersion: '2022-09-13-0-11012d53-22.08-plus',
      hostname: 'bos-2208',
      mac: null,
      make: 'Braiins',
      model: 'Antminer S9',
    })
  })

  it('replaces the pools with updateGroups, restarts bosminer, and reads them back with passwords set', async () => {
    const {ctx, sim} = await start('127.0.9.29', {variant: '22.08'})
    const pools = [
      {password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexample.s9'},
      {password: 'y', url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qexample.s9'},
    ]
    expect(await driver.writeConfig!(sim.address, {pools}, ctx)).toEqual({restartRequired: false})
    expect(requests(sim).filter((line) => !line.startsWith('POST /graphql'))).toEqual(['GET /api/v1/version/'])
    expect(graphqlRequests(sim)).toEqual([
      {cookie: false, operation: '__typename', variables: undefined},
      {cookie: false, operation: 'login', variables: {password: '', username: 'root'}},
      {
        cookie: true,
        operation: 'updateGroups',
        variables: {
          groups: [
            {
              name: 'solominer',
              pools: [
                {enabled: true, password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexample.s9'},
                {enabled: true, password: 'y', url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qexample.s9'},
              ],
              quota: 1,
            },
          ],
        },
      },
      {cookie: true, operation: 'restart', variables: undefined},
    ])
    expect(sim.state.minerRestarts).toBe(1)
    const config = await driver.readConfig!(sim.address, ctx)
    expect(config.pools).toEqual([
      {passwordSet: true, tls: false, url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexample.s9'},
      {passwordSet: true, tls: false, url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qexample.s9'},
    ])
  })

  it('a null password keeps the one GraphQL shows for that slot', async () => {
    const {ctx, sim} = await start('127.0.9.19', {variant: '22.08'})
    sim.state.groups[0]!.pools[1]!.password = 'fallback-pw'
    const pools = [
      {password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexample.s9'},
      {password: null, url: 'stratum+tcp://stratum.slushpool.com:3333', user: '!non-existent-user!'},
    ]
    await driver.writeConfig!(sim.address, {pools}, ctx)
    expect(sim.state.groups.flatMap((group) => group.pools.map((pool) => pool.password))).toEqual(['x', 'fallback-pw'])
  })

  it('restores a backup with its passwords, and reports a refused login as AUTH_FAILED', async () => {
    const {ctx, sim} = await start('127.0.9.30', {variant: '22.08'})
    const backup = await driver.readNative!(sim.address, ctx)
    await driver.writeConfig!(sim.address, {pools: [{password: 'z', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1q'}]}, ctx)
    await driver.restoreNative!(sim.address, backup, ctx)
    expect(sim.state.groups.map((group) => [group.name, group.pools.map((pool) => [pool.url, pool.password])])).toEqual([
      ['Default', [['stratum+tcp://stratum.antpool.com:3333', 'x'], ['stratum+tcp://stratum.slushpool.com:3333', 'x']]],
    ])
    await expect(driver.readConfig!(sim.address, ctx, {credentials: {password: 'wrong', user: 'root'}})).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    })
  })
})

describe('braiins driver against a 20.09 simulator (LuCI only)', () => {
  it('says clearly that configuration is not supported, sending no write', async () => {
    const {ctx, sim} = await start('127.0.9.26', {variant: '20.09'})
    const pools = [{password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1q'}]
    await expect(driver.writeConfig!(sim.address, {pools}, ctx)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/not supported on Braiins OS BOSminer 0\.2\.0-d360818 .*use the Braiins OS web interface/),
    })
    expect(sim.http.journal.writes().map((entry) => entry.path)).toEqual(['/graphql'])
  })

  it('reads the model of a BOSminer S9 from RPC devdetails (no configuration API to ask)', async () => {
    const {ctx, sim} = await start('127.0.9.27', {variant: '20.09'})
    const identity = await identifyAddress(sim.address, ctx)
    expect(identity).toMatchObject({driver: 'braiins', firmware: 'Braiins OS', firmwareVersion: 'BOSminer 0.2.0-d360818', mac: null, make: 'Braiins', model: 'Antminer S9'})
    expect(sim.rpc.journal.entries.map((entry) => entry.path)).toContain('devdetails')
  })
})
