/**
 * `solominer serve` as a user runs it (the built CLI, real sockets, simulators on 127.87.1.x): where it
 * listens and refuses to, the bearer token, /api/devices = `status --json`, /healthz, /api/events, and
 * a clean exit 0 on SIGTERM and SIGINT.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AvalonSim, createAvalonSim} from '../../src/sim/avalon.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {seedInventory} from '../helpers/inventory.js'
import {request, startServe, stopAll, waitHealthy} from './helpers.js'

let gamma: AxeosSim
let nano: AvalonSim
let config: ReturnType<typeof tempConfig>
let env: Record<string, string>
const targets = () => [`${gamma.address.host}:${gamma.address.httpPort}`, `${nano.address.host}:${nano.address.httpPort}`]
const rpcPort = () => String(nano.address.rpcPort)

beforeAll(async () => {
  gamma = await createAxeosSim({host: '127.87.1.1', hostname: 'gamma', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
  gamma.setTelemetry({sharesAccepted: 500, sharesRejected: 3, uptimeSeconds: 7200})
  nano = await createAvalonSim({host: '127.87.1.2', httpPort: 0, profile: 'nano3s', rpcPort: 0})
  config = tempConfig()
  env = {...config.env, SOLOMINER_STATE_DIR: join(config.dir, 'state')}
})

afterEach(stopAll)

afterAll(async () => {
  await Promise.all([gamma?.stop(), nano?.stop()])
  config?.cleanup()
})

const serveArgs = (...extra: string[]) => [...targets(), '--rpc-port', rpcPort(), '--interval', '1s', '--difficulty', '100T', ...extra]

describe('solominer serve', () => {
  it('serves /api/devices as status --json does, /healthz once polled, and exits 0 on SIGTERM with a stopped event', async () => {
    const serve = await startServe(serveArgs('--listen', '127.87.1.10:0'), env)
    expect(serve.url).toMatch(/^http:\/\/127\.87\.1\.10:\d+$/)
    expect(serve.events[0]).toMatchObject({
      data: {devices: 2, intervalMs: 1000, stateDir: join(config.dir, 'state'), url: serve.url},
      device: null,
      event: 'started',
      message: `Serving 2 devices on ${serve.url}`,
      seq: 1,
    })
    await waitHealthy(serve)
    const health = JSON.parse((await request(`${serve.url}/healthz`)).body)
    expect(health).toMatchObject({devices: 2, online: 2, status: 'ok'})

    const served = await request(`${serve.url}/api/devices`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const status = await runCli(['status', ...targets(), '--rpc-port', rpcPort(), '--json'], {env})
    expect(status.code).toBe(0)
    // The same document but for the moment of reading.
    const moment = ({devices, totals}: {devices: Record<string, unknown>[]; totals: unknown}) => ({
      devices: devices.map(({readAt: _readAt, uptimeSeconds: _uptime, ...device}) => device),
      totals,
    })
    expect(moment(JSON.parse(served.body))).toEqual(moment(status.json))

    const events = JSON.parse((await request(`${serve.url}/api/events?since=0`)).body)
    expect(events).toEqual({events: [serve.events[0]], lastSeq: 1})
    expect(JSON.parse((await request(`${serve.url}/api/events?since=1`)).body)).toEqual({events: [], lastSeq: 1})

    expect(await serve.stop('SIGTERM')).toBe(0)
    expect(serve.events.at(-1)).toMatchObject({device: null, event: 'stopped', seq: 2})
  })

  it('serves the whole inventory by default, and follows it when it changes', async () => {
    const inventory = tempConfig()
    try {
      const inventoryEnv = {...inventory.env, SOLOMINER_STATE_DIR: join(inventory.dir, 'state')}
      await seedInventory(join(inventory.dir, 'config'), [gamma.address])
      const serve = await startServe(['--listen', '127.87.1.15:0', '--interval', '1s', '--difficulty', '100T'], inventoryEnv)
      expect(serve.events[0]!.data.devices).toBe(1)
      await waitHealthy(serve)
      // A scan finds the Avalon too: the next round serves both.
      await seedInventory(join(inventory.dir, 'config'), [gamma.address, nano.address])
      const deadline = Date.now() + 20_000
      let ips: string[] = []
      while (Date.now() < deadline && ips.length < 2) {
        ips = JSON.parse((await request(`${serve.url}/api/devices`)).body).devices.map((device: {ip: string}) => device.ip)
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      expect(ips).toEqual(['127.87.1.1', '127.87.1.2'])
    } finally {
      await stopAll()
      inventory.cleanup()
    }
  })

  it('stops on Ctrl-C (SIGINT) with exit 0', async () => {
    const serve = await startServe(serveArgs('--listen', '127.87.1.11:0'), env)
    await waitHealthy(serve)
    expect(await serve.stop('SIGINT')).toBe(0)
    expect(serve.events.at(-1)!.event).toBe('stopped')
  })

  it('answers only GET, and says what exists', async () => {
    const serve = await startServe(serveArgs('--listen', '127.87.1.12:0'), env)
    const post = await request(`${serve.url}/api/devices`, {method: 'POST'})
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    const missing = await request(`${serve.url}/admin`)
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.body).error.message).toBe('No endpoint /admin: try /metrics, /api/devices, /api/events or /healthz')
    const badSince = await request(`${serve.url}/api/events?since=-1`)
    expect(badSince.status).toBe(400)
  })

  it('protects every endpoint with the bearer token from --auth-token-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'solominer-token-'))
    try {
      const tokenFile = join(dir, 'token')
      writeFileSync(tokenFile, 's3cret-token-0123456789\n', {mode: 0o600})
      const serve = await startServe(serveArgs('--listen', '127.87.1.13:0', '--auth-token-file', tokenFile), env)
      for (const path of ['/metrics', '/api/devices', '/api/events', '/healthz', '/nothing']) {
        const none = await request(`${serve.url}${path}`)
        expect(none.status, path).toBe(401)
        expect(none.headers.get('www-authenticate')).toBe('Bearer realm="solominer"')
        const wrong = await request(`${serve.url}${path}`, {headers: {authorization: 'Bearer s3cret-token-0123456780'}})
        expect(wrong.status, path).toBe(401)
        const basic = await request(`${serve.url}${path}`, {headers: {authorization: 'Basic czNjcmV0LXRva2Vu'}})
        expect(basic.status, path).toBe(401)
      }
      const authorised = {headers: {authorization: 'Bearer s3cret-token-0123456789'}}
      await waitHealthy(serve, authorised)
      expect((await request(`${serve.url}/api/devices`, authorised)).status).toBe(200)
      expect((await request(`${serve.url}/metrics`, authorised)).status).toBe(200)

      writeFileSync(tokenFile, '\n  \n')
      const empty = await runCli(['serve', ...serveArgs('--listen', '127.87.1.13:0', '--auth-token-file', tokenFile)], {env})
      expect(empty.code).toBe(2)
      expect(empty.stderr).toContain(`Error: --auth-token-file ${tokenFile} is empty`)
    } finally {
      rmSync(dir, {force: true, recursive: true})
    }
  })

  it('refuses a non-loopback --listen unless --listen-any, and explains a bad or busy address', async () => {
    const exposed = await runCli(['serve', ...serveArgs('--listen', '0.0.0.0:9184', '--json')], {env})
    expect(exposed.code).toBe(2)
    expect(exposed.json.error).toEqual({
      code: 'INVALID_INPUT',
      exitCode: 2,
      message: "--listen 0.0.0.0:9184 would expose your fleet's addresses and pools beyond this machine",
      suggestions: ['Add --listen-any to listen there anyway (and protect it with --auth-token-file)'],
    })
    const bad = await runCli(['serve', ...serveArgs('--listen', 'localhost', '--json')], {env})
    expect(bad.code).toBe(2)
    expect(bad.json.error.message).toBe('Invalid --listen "localhost": expected HOST:PORT with an IP address, like 127.0.0.1:9184 or [::1]:9184')
    const short = await runCli(['serve', ...targets(), '--listen', '127.87.1.14:0', '--interval', '100ms', '--json'], {env})
    expect(short.code).toBe(2)
    expect(short.json.error.message).toBe('--interval 100ms is too short: the minimum is 1 s')

    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.87.1.14', resolve))
    try {
      const port = (taken.address() as {port: number}).port
      const busy = await runCli(['serve', ...serveArgs('--listen', `127.87.1.14:${port}`, '--json')], {env})
      expect(busy.code).toBe(2)
      expect(busy.json.error).toMatchObject({
        code: 'USAGE',
        message: `Cannot listen on http://127.87.1.14:${port}: the port is in use (another serve?)`,
        suggestions: ['Choose another --listen HOST:PORT'],
      })
    } finally {
      taken.close()
    }
  })
})
