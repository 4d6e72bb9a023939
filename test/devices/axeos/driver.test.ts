/**
 * The AxeOS driver against the simulator on loopback: exact requests per firmware version (journal),
 * read-back, the restart cycle, the RFC1918 401, NerdQAxe OTP and the live websocket.
 */
import type {AddressInfo} from 'node:net'

import {describe, expect, it} from 'vitest'
import {WebSocketServer} from 'ws'

import {driver} from '../../../src/lib/devices/axeos/driver.js'
import {subscribeLive} from '../../../src/lib/devices/axeos/live.js'
import type {DeviceStatus} from '../../../src/lib/devices/model.js'
import {SolominerError} from '../../../src/lib/errors.js'
import {type AxeosProfile, type AxeosSim, type AxeosSimOptions, createAxeosSim} from '../../../src/sim/axeos.js'
import {useSimHarness} from '../../helpers/sim-harness.js'

const harness = useSimHarness()
let nextHost = 10

async function sim(profile: AxeosProfile, options: Partial<AxeosSimOptions> = {}): Promise<AxeosSim> {
  return harness.track(await createAxeosSim({host: `127.0.33.${nextHost++}`, httpPort: 0, jitter: false, profile, ...options}))
}

const evidence = (device: AxeosSim) => ({address: device.address, openPorts: [device.address.httpPort]})
const writes = (device: AxeosSim) =>
  device.http.journal.writes().map((entry) => ({body: entry.body === '' ? '' : JSON.parse(entry.body), method: entry.method, path: entry.path}))

async function rejection(promise: Promise<unknown>): Promise<SolominerError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(SolominerError)
  return error as SolominerError
}

const newPools = [
  {password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qexample.rig'},
  {password: 'y', url: 'public-pool.io:21496', user: 'bc1qexample.rig'},
]

describe('identification', () => {
  it.each([
    ['axeos-2.0', 'Bitaxe', 'Max', 'v2.0.3'],
    ['axeos-2.4', 'Bitaxe', 'Supra 401', 'v2.4.5-3-gb5d1e36-dirty'],
    ['axeos-2.9', 'Bitaxe', 'Supra 401', 'v2.9.0'],
    ['axeos-2.15', 'Bitaxe', 'Gamma 601', 'v2.15.0'],
    ['lv06', 'Lucky Miner', 'LV06', 'v2.9.0-lvxx'],
    ['nerdqaxe++', 'NerdQAxe', 'NerdQAxe++', 'v1.1.0-beta1'],
  ] as const)('%s is a %s %s', async (profile, make, model, version) => {
    const device = await sim(profile)
    const identity = await driver.describe(evidence(device), harness.ctx)
    // macAddr is in /info since 2.3.
    const mac = profile === 'axeos-2.0' ? null : device.mac
    expect(identity).toMatchObject({driver: 'axeos', firmwareVersion: version, mac, make, model})
  })
})

describe('requests', () => {
  it('asks /api/system/asic only where it can exist (2.7+, forks)', async () => {
    const [old, current, nerd] = await Promise.all([sim('axeos-2.4'), sim('axeos-2.9'), sim('nerdqaxe++')])
    for (const device of [old, current, nerd]) await driver.describe(evidence(device), harness.ctx)
    const paths = (device: AxeosSim) => device.http.journal.entries.map((entry) => `${entry.method} ${entry.path}`)
    expect(paths(old)).toEqual(['GET /api/system/info'])
    expect(paths(current)).toEqual(['GET /api/system/info', 'GET /api/system/asic'])
    expect(paths(nerd)).toEqual(['GET /api/system/info', 'GET /api/system/asic'])
  })
})

describe('status', () => {
  it('reads the string best difficulty of 2.0 and the number of 2.15 alike', async () => {
    const old = await sim('axeos-2.0')
    const current = await sim('axeos-2.15')
    const [a, b] = await Promise.all([driver.readStatus(old.address, harness.ctx), driver.readStatus(current.address, harness.ctx)])
    expect(old.info().bestDiff).toBe('5.88G')
    expect(a.bestDifficulty).toBe(5.88e9)
    expect(b.bestDifficulty).toBe(5_884_105_196)
    expect(b.hashrate).toBe(1054.94e9)
    expect(b.pool).toEqual({fallback: false, url: 'stratum+tcp://public-pool.io:21496', user: expect.stringMatching(/^bc1q/)})
  })

  it('reports firmware faults injected into /info', async () => {
    const device = await sim('axeos-2.14')
    device.setTelemetry({power_fault: 'Input voltage too low'})
    const status = await driver.readStatus(device.address, harness.ctx)
    expect(status.warnings).toEqual([{kind: 'power-fault', message: 'Power fault: Input voltage too low'}])
  })

  it('explains the 401 a device sends to a client outside RFC1918', async () => {
    const device = await sim('axeos-2.12', {allowLoopback: false})
    const error = await rejection(driver.readStatus(device.address, harness.ctx))
    expect(error.code).toBe('AUTH_FAILED')
    expect(error.message).toContain('AxeOS only answers clients with a private LAN address')
    expect(error.message).toContain('Tailscale')
  })

  it('sends no Origin header (the firmware rejects cross-origin requests)', async () => {
    const device = await sim('axeos-2.13')
    await driver.readStatus(device.address, harness.ctx)
    expect(device.http.journal.entries[0]!.headers.origin).toBeUndefined()
  })
})

describe('configuration writes', () => {
  it('≤ 2.14: one PATCH of flat keys, host only; saved at once, mined only after a restart', async () => {
    const device = await sim('axeos-2.12')
    const result = await driver.writeConfig!(device.address, {pools: newPools}, harness.ctx)
    expect(result).toEqual({restartRequired: true})
    expect(writes(device)).toEqual([
      {
        body: {
          fallbackStratumPassword: 'y',
          fallbackStratumPort: 21496,
          fallbackStratumURL: 'public-pool.io',
          fallbackStratumUser: 'bc1qexample.rig',
          stratumPassword: 'x',
          stratumPort: 3333,
          stratumURL: 'solo.ckpool.org',
          stratumUser: 'bc1qexample.rig',
        },
        method: 'PATCH',
        path: '/api/system',
      },
    ])
    const config = await driver.readConfig!(device.address, harness.ctx)
    expect(config.pools.map((pool) => pool.url)).toEqual(['stratum+tcp://solo.ckpool.org:3333', 'stratum+tcp://public-pool.io:21496'])
    expect(device.state.runtime.activePool?.url).toBe('public-pool.io')
  })

  it('2.13: TLS pools carry stratumTLS', async () => {
    const device = await sim('axeos-2.13')
    await driver.writeConfig!(device.address, {pools: [{password: 'x', url: 'stratum+ssl://solo.example.org:4443', user: 'bc1q'}]}, harness.ctx)
    expect(writes(device)[0]!.body).toEqual({stratumPassword: 'x', stratumPort: 4443, stratumTLS: 1, stratumURL: 'solo.example.org', stratumUser: 'bc1q'})
    expect((await driver.readConfig!(device.address, harness.ctx)).pools[0]).toEqual({passwordSet: true, tls: true, url: 'stratum+ssl://solo.example.org:4443', user: 'bc1q'})
  })

  it('2.9: TLS is refused before anything is sent', async () => {
    const device = await sim('axeos-2.9')
    const error = await rejection(driver.writeConfig!(device.address, {pools: [{password: 'x', url: 'stratum+ssl://a.example:443', user: 'u'}]}, harness.ctx))
    expect(error.code).toBe('UNSUPPORTED')
    expect(writes(device)).toEqual([])
  })

  it('2.9: fan, clocks and hostname in one PATCH with the legacy fan key', async () => {
    const device = await sim('axeos-2.9')
    const change = {coreVoltage: 1200, fan: {mode: 'manual' as const, percent: 70}, frequency: 525, hostname: 'supra'}
    expect(await driver.writeConfig!(device.address, change, harness.ctx)).toEqual({restartRequired: true})
    expect(writes(device)).toEqual([
      {body: {autofanspeed: 0, coreVoltage: 1200, fanspeed: 70, frequency: 525, hostname: 'supra'}, method: 'PATCH', path: '/api/system'},
    ])
    expect(await driver.readConfig!(device.address, harness.ctx)).toEqual({
      coreVoltage: 1200,
      fan: {minPercent: null, mode: 'manual', percent: 70, targetTemperature: 60},
      frequency: 525,
      hostname: 'supra',
      pools: expect.any(Array),
    })
  })

  it('2.15: pools[] with the slot indices; the read-back shows the new pools', async () => {
    const device = await sim('axeos-2.15')
    expect(await driver.writeConfig!(device.address, {pools: newPools}, harness.ctx)).toEqual({restartRequired: true})
    const [patch] = writes(device)
    expect(patch).toMatchObject({method: 'PATCH', path: '/api/system'})
    expect(patch!.body).toEqual({
      pools: [
        expect.objectContaining({id: 0, stratumPassword: 'x', stratumPort: 3333, stratumTLS: 0, stratumURL: 'solo.ckpool.org', stratumUser: 'bc1qexample.rig'}),
        expect.objectContaining({id: 1, stratumPassword: 'y', stratumPort: 21496, stratumTLS: 0, stratumURL: 'public-pool.io', stratumUser: 'bc1qexample.rig'}),
      ],
      primaryPoolIndex: 0,
      secondaryPoolIndex: 1,
    })
    expect(device.state.settings.pools[0]!.password).toBe('x')
    const config = await driver.readConfig!(device.address, harness.ctx)
    expect(config.pools.map((pool) => pool.url)).toEqual(['stratum+tcp://solo.ckpool.org:3333', 'stratum+tcp://public-pool.io:21496'])
  })

  it.each(['axeos-2.12', 'axeos-2.15'] as const)('%s: a null password keeps the slot\'s stored one (the API never shows it)', async (profile) => {
    const device = await sim(profile)
    device.state.settings.pools[1]!.password = 'fallback-secret'
    const keep = {password: null, url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qexample.rig'}
    await driver.writeConfig!(device.address, {pools: [newPools[0]!, keep]}, harness.ctx)
    const body = writes(device)[0]!.body
    if (profile === 'axeos-2.12') expect(Object.keys(body)).not.toContain('fallbackStratumPassword')
    else expect(body.pools[1]).toMatchObject({id: 1, stratumPassword: '*****'})
    expect(device.state.settings.pools.slice(0, 2).map((pool) => pool?.password)).toEqual(['x', 'fallback-secret'])
  })

  it('2.15 answers 200 to the old flat keys and changes nothing: the read-back catches it', async () => {
    const device = await sim('axeos-2.15')
    const before = await driver.readConfig!(device.address, harness.ctx)
    const response = await harness.ctx.http.request({
      body: JSON.stringify({stratumPort: 3333, stratumURL: 'solo.ckpool.org', stratumUser: 'bc1q'}),
      headers: {'content-type': 'application/json'},
      method: 'PATCH',
      url: `http://${device.address.host}:${device.address.httpPort}/api/system`,
    })
    expect(response.status).toBe(200)
    expect(await driver.readConfig!(device.address, harness.ctx)).toEqual(before)
  })

  it('2.12: an out-of-range value is refused by the firmware with 400 and reported', async () => {
    const device = await sim('axeos-2.12')
    const response = await harness.ctx.http.request({
      body: JSON.stringify({frequency: 600, temptarget: 90}),
      method: 'PATCH',
      url: `http://${device.address.host}:${device.address.httpPort}/api/system`,
    })
    expect([response.status, response.body]).toEqual([400, 'Wrong API input'])
    expect(device.state.settings.frequency).toBe(525)
  })

  it('backup and restore: only the changed keys go back', async () => {
    const device = await sim('axeos-2.14')
    const native = await driver.readNative!(device.address, harness.ctx)
    const before = await driver.readConfig!(device.address, harness.ctx)
    await driver.writeConfig!(device.address, {frequency: 600, pools: newPools.slice(0, 1)}, harness.ctx)
    device.http.journal.clear()
    expect(await driver.restoreNative!(device.address, native, harness.ctx)).toEqual({restartRequired: true})
    expect(writes(device)).toEqual([
      {body: {frequency: 525, stratumPort: 21496, stratumURL: 'public-pool.io', stratumUser: before.pools[0]!.user}, method: 'PATCH', path: '/api/system'},
    ])
    expect(await driver.readConfig!(device.address, harness.ctx)).toEqual(before)
  })
})

describe('NerdQAxe', () => {
  it('needs the one-time password for writes when OTP is on, and sends it as X-TOTP', async () => {
    const device = await sim('nerdqaxe++', {otp: '123456'})
    const error = await rejection(driver.writeConfig!(device.address, {frequency: 600}, harness.ctx))
    expect(error.code).toBe('AUTH_FAILED')
    expect(error.message).toContain('one-time password')
    await driver.writeConfig!(device.address, {frequency: 590}, harness.ctx, {credentials: {otp: '123456'}})
    const last = device.http.journal.writes().at(-1)!
    expect([last.headers['x-totp'], last.body]).toEqual(['123456', '{"frequency":590}'])
    expect(device.state.settings.frequency).toBe(590)
  })

  it('locks writes out after 5 wrong codes, and says so', async () => {
    const device = await sim('nerdqaxe++', {otp: '123456'})
    for (let attempt = 0; attempt < 5; attempt++) {
      const error = await rejection(driver.writeConfig!(device.address, {frequency: 590}, harness.ctx, {credentials: {otp: '000000'}}))
      expect(error.message).toContain('refused the one-time password')
    }
    const blocked = await rejection(driver.writeConfig!(device.address, {frequency: 590}, harness.ctx, {credentials: {otp: '123456'}}))
    expect([blocked.code, blocked.message]).toEqual(['AUTH_FAILED', expect.stringContaining('blocks writes for a few minutes')])
    expect(device.state.settings.frequency).toBe(600)
  })

  it('applies pools at once (no restart needed)', async () => {
    const device = await sim('nerdqaxe++')
    expect(await driver.writeConfig!(device.address, {pools: newPools}, harness.ctx)).toEqual({restartRequired: false})
    expect(device.state.runtime.activePool?.url).toBe('solo.ckpool.org')
  })
})

describe('restart, locate, safe options', () => {
  it('restart: the device vanishes, returns, and mines on the saved pool', async () => {
    // Down until the test ends the outage: what is checked during it cannot miss a short window.
    const device = await sim('axeos-2.12', {restartDownMs: 60_000})
    await driver.writeConfig!(device.address, {pools: newPools}, harness.ctx)
    expect((await driver.readStatus(device.address, harness.ctx)).uptimeSeconds).toBeGreaterThanOrEqual(3600)
    await driver.restart!(device.address, harness.ctx)
    expect(writes(device).at(-1)).toEqual({body: '', method: 'POST', path: '/api/system/restart'})
    await device.http.reached('down')
    await expect(driver.readStatus(device.address, harness.ctx)).rejects.toMatchObject({code: 'HOST_UNREACHABLE'})
    await device.http.endOutage()
    const status = await driver.readStatus(device.address, harness.ctx)
    // Booted again: the simulator starts an hour into its uptime and counts from zero after a restart.
    expect(status.uptimeSeconds).toBeLessThan(3600)
    expect(status.pool?.url).toBe('stratum+tcp://solo.ckpool.org:3333')
    expect(device.state.runtime.activePool?.url).toBe('solo.ckpool.org')
  })

  it('locate uses /api/system/identify from 2.12 and says so on older firmware', async () => {
    const current = await sim('axeos-2.12')
    await driver.locate!(current.address, harness.ctx)
    expect(writes(current)).toEqual([{body: '', method: 'POST', path: '/api/system/identify'}])
    expect(current.state.runtime.identifying).toBe(true)
    const old = await sim('axeos-2.9')
    const error = await rejection(driver.locate!(old.address, harness.ctx))
    expect([error.code, error.message]).toEqual(['UNSUPPORTED', expect.stringContaining('2.12 or later')])
  })

  it('safe options: /api/system/asic where present (LV06 fork quirks included), the built-in table before 2.7', async () => {
    const lv06 = await sim('lv06')
    const old = await sim('axeos-2.4')
    expect(await driver.safeOptions!(lv06.address, harness.ctx)).toEqual({
      coreVoltages: [1100, 1150, 1200, 1250, 1300],
      frequencies: [400, 425, 450, 475, 485, 500, 525, 550, 575],
    })
    expect((await driver.safeOptions!(old.address, harness.ctx))?.frequencies).toContain(490)
  })
})

describe('live websocket', () => {
  it('gets the full state, then merges diffs into full statuses', async () => {
    const device = await sim('axeos-2.14', {liveIntervalMs: 50})
    const statuses: DeviceStatus[] = []
    const subscription = await subscribeLive(device.address, harness.ctx, (status) => statuses.push(status))
    try {
      expect(statuses).toHaveLength(1)
      expect(statuses[0]!.power).toBe(17.6)
      device.setTelemetry({power: 21.25})
      const deadline = Date.now() + 3000
      while (Date.now() < deadline && statuses.at(-1)!.power !== 21.25) await new Promise((resolve) => setTimeout(resolve, 20))
      const last = statuses.at(-1)!
      expect(last.power).toBe(21.25)
      expect(last.hashrate).toBe(statuses[0]!.hashrate)
      expect(last.pool).toEqual(statuses[0]!.pool)
    } finally {
      subscription.close()
    }
  })

  it('cuts off a live message larger than the body cap instead of buffering it', async () => {
    const server = new WebSocketServer({host: '127.0.33.250', path: '/api/ws/live', port: 0})
    harness.track({stop: () => new Promise<void>((resolve) => server.close(() => resolve()))})
    await new Promise((resolve) => server.once('listening', resolve))
    server.on('connection', (socket) => socket.send(JSON.stringify({data: {hostname: 'x'.repeat(2 * 1024 * 1024)}, event: 'update'})))
    const address = {host: '127.0.33.250', httpPort: (server.address() as AddressInfo).port, rpcPort: 4028}
    const statuses: DeviceStatus[] = []
    const error = await rejection(subscribeLive(address, harness.ctx, (status) => statuses.push(status)))
    expect(error.code).toBe('UNSUPPORTED')
    expect(statuses).toEqual([])
  })

  it('throws UNSUPPORTED on firmware without /api/ws/live', async () => {
    const device = await sim('axeos-2.12')
    const error = await rejection(subscribeLive(device.address, harness.ctx, () => undefined))
    expect(error.code).toBe('UNSUPPORTED')
  })
})
