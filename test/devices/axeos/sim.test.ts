/** The AxeOS simulator follows the real firmware: shapes per version, PATCH semantics, access check, live diffs. */
import {describe, expect, it} from 'vitest'
import {WebSocket} from 'ws'

import {type AxeosProfile, type AxeosSim, type AxeosSimOptions, createAxeosSim} from '../../../src/sim/axeos.js'
import {fixtureText, useSimHarness} from '../../helpers/sim-harness.js'

const fixture = (name: string) => JSON.parse(fixtureText(`axeos/${name}`))

const harness = useSimHarness()
let nextHost = 10

async function sim(profile: AxeosProfile, options: Partial<AxeosSimOptions> = {}): Promise<AxeosSim> {
  return harness.track(await createAxeosSim({host: `127.0.34.${nextHost++}`, httpPort: 0, jitter: false, profile, ...options}))
}

function call(device: AxeosSim, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return harness.ctx.http.request({
    body: body === undefined ? undefined : JSON.stringify(body),
    headers,
    method,
    url: `http://${device.address.host}:${device.address.httpPort}${path}`,
  })
}

describe('documents match real captures', () => {
  it('2.4 /api/system/info has exactly the keys and types of the real Bitaxe Supra 2.4.5 reply', async () => {
    const real = fixture('bitaxe-supra-2.4.5-system-info.json')
    const info = (await sim('axeos-2.4')).info()
    expect(Object.keys(info).sort()).toEqual(Object.keys(real).sort())
    for (const key of Object.keys(real)) expect([key, typeof info[key]]).toEqual([key, typeof real[key]])
  })

  it('NerdQAxe++ /info and /asic have exactly the keys and types of the real v1.1.0-beta1 replies', async () => {
    const device = await sim('nerdqaxe++')
    const real = fixture('nerdqaxe-plusplus-1.1.0-beta1-system-info.json')
    const info = device.info()
    expect(Object.keys(info)).toEqual(Object.keys(real))
    for (const key of Object.keys(real)) expect([key, typeof info[key]]).toEqual([key, typeof real[key]])
    const asic = JSON.parse((await call(device, 'GET', '/api/system/asic')).body)
    expect(asic).toEqual(fixture('nerdqaxe-plusplus-1.1.0-beta1-system-asic.json'))
  })

  it('2.9 /api/system/asic has the keys, order and values of a real Supra', async () => {
    const body = (await call(await sim('axeos-2.9'), 'GET', '/api/system/asic')).body
    const real = fixture('bitaxe-supra-system-asic.json')
    expect(Object.keys(JSON.parse(body))).toEqual(Object.keys(real))
    expect(JSON.parse(body)).toEqual(real)
  })
})

describe('version differences', () => {
  it('bestDiff is an SI string up to 2.10 and a number from 2.11; booleans change type in 2.14', async () => {
    const [v29, v213, v214] = await Promise.all([sim('axeos-2.9'), sim('axeos-2.13'), sim('axeos-2.14')])
    expect(typeof v29.info().bestDiff).toBe('string')
    expect(typeof v213.info().bestDiff).toBe('number')
    expect(v213.info().stratumExtranonceSubscribe).toBe(0)
    expect(v214.info().stratumExtranonceSubscribe).toBe(false)
    expect('pools' in v214.info()).toBe(false)
  })

  it('2.15 GET /api/system/info adds the mDNS names the live document lacks', async () => {
    const device = await sim('axeos-2.15', {hostname: 'gamma'})
    const info = JSON.parse((await call(device, 'GET', '/api/system/info')).body)
    expect([info.fullHostname, info.mdnsHostname, 'fullHostname' in device.info()]).toEqual(['gamma.local', 'gamma', false])
  })

  it('/api/system/asic is missing before 2.7; unknown API routes are JSON 404 from 2.9; other paths redirect', async () => {
    const [old, current] = await Promise.all([sim('axeos-2.4'), sim('axeos-2.12')])
    expect((await call(old, 'GET', '/api/system/asic')).status).toBe(404)
    const unknown = await call(current, 'GET', '/api/nothing')
    expect([unknown.status, unknown.body]).toEqual([404, '{"error":"unknown route"}'])
    const other = await call(current, 'GET', '/setup')
    expect([other.status, other.headers.location]).toEqual([302, '/'])
  })

  it('the LV06 fork repeats ASICModel and leaves out defaultVoltage', async () => {
    const body = (await call(await sim('lv06'), 'GET', '/api/system/asic')).body
    expect(body.match(/"ASICModel"/g)).toHaveLength(2)
    expect(body).not.toContain('defaultVoltage')
  })
})

describe('PATCH and pools', () => {
  it('ignores unknown keys with 200 and takes keys case-insensitively (2.11+)', async () => {
    const device = await sim('axeos-2.12')
    const response = await call(device, 'PATCH', '/api/system', {minfanspeed: 30, notAKey: 1})
    expect(response.status).toBe(200)
    expect(device.info().minFanSpeed).toBe(30)
  })

  it('2.15: PUT /api/system/pools/{id} replaces a slot; pool changes apply at the next boot', async () => {
    const device = await sim('axeos-2.15', {restartDownMs: 50})
    const put = await call(device, 'PUT', '/api/system/pools/3', {stratumPort: 3333, stratumURL: 'solo.ckpool.org', stratumUser: 'bc1q'})
    expect([put.status, put.body]).toEqual([200, '{"message":"Pool updated successfully"}'])
    await call(device, 'PATCH', '/api/system', {primaryPoolIndex: 3})
    expect(device.state.runtime.activePool?.url).toBe('public-pool.io')
    const restart = await call(device, 'POST', '/api/system/restart')
    expect(restart.body).toBe('{"message":"System will restart shortly."}')
    expect(device.state.runtime.activePool).toMatchObject({password: 'x', port: 3333, url: 'solo.ckpool.org'})
    expect((device.info().pools as Array<{id: number}>).map((pool) => pool.id)).toEqual([0, 1, 3])
  })

  it('2.15: an invalid pool in pools[] fails the whole PATCH with 400', async () => {
    const device = await sim('axeos-2.15')
    const response = await call(device, 'PATCH', '/api/system', {frequency: 600, pools: [{id: 0, stratumPort: 3333, stratumURL: ''}]})
    expect([response.status, response.body]).toEqual([400, 'Wrong API input'])
    expect(device.state.settings.frequency).toBe(525)
  })
})

describe('access check', () => {
  it('2.5+: 401 for an Origin that is not a private IPv4 literal; ≤ 2.4 has no check', async () => {
    const [current, old] = await Promise.all([sim('axeos-2.12'), sim('axeos-2.4')])
    expect((await call(current, 'GET', '/api/system/info', undefined, {origin: 'http://bitaxe.lan'})).status).toBe(401)
    expect((await call(current, 'GET', '/api/system/info', undefined, {origin: 'http://192.168.1.9'})).status).toBe(200)
    expect((await call(old, 'GET', '/api/system/info', undefined, {origin: 'http://bitaxe.lan'})).status).toBe(200)
  })
})

describe('old firmware under tight polling', () => {
  it('stalls a request that follows the previous one too closely (opt-in)', async () => {
    const device = await sim('axeos-2.4', {stallUnderPolling: {delayMs: 2000, minIntervalMs: 60_000}})
    const url = `http://${device.address.host}:${device.address.httpPort}/api/system/info`
    expect((await harness.ctx.http.request({timeoutMs: 1500, url})).status).toBe(200)
    await expect(harness.ctx.http.request({timeoutMs: 300, url})).rejects.toMatchObject({code: 'TIMEOUT'})
  })
})

describe('/api/ws/live', () => {
  it('sends the full state, then only the keys that changed', async () => {
    const device = await sim('axeos-2.14', {liveIntervalMs: 40})
    const socket = new WebSocket(`ws://${device.address.host}:${device.address.httpPort}/api/ws/live`)
    const frames: Array<{data: Record<string, unknown>; event: string}> = []
    socket.on('message', (data) => frames.push(JSON.parse(String(data))))
    try {
      await new Promise((resolve) => socket.once('open', resolve))
      const deadline = Date.now() + 3000
      while (Date.now() < deadline && frames.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
      const full = device.info()
      device.setTelemetry({fanrpm: 1234})
      const changed = () => frames.slice(1).find((frame) => frame.data.fanrpm === 1234)
      while (Date.now() < deadline && !changed()) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(frames[0]).toEqual({data: {...full, sharesAccepted: expect.any(Number), uptimeSeconds: expect.any(Number)}, event: 'update'})
      // Only figures that moved travel: the fan, and at most the uptime-driven counters.
      const moving = ['fanrpm', 'uptimeSeconds', 'sharesAccepted', 'sharesRejected']
      expect(changed()!.event).toBe('update')
      expect(Object.keys(changed()!.data).every((key) => moving.includes(key))).toBe(true)
    } finally {
      socket.close()
    }
  })
})
