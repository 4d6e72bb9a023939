/**
 * The built CLI against hosts that send their headers at once and then the body one byte at a time: every
 * command returns (with the device failed and the documented exit code) instead of waiting for the host to
 * hang up. The proxy passes everything else through to a real AxeOS simulator, so each command gets as
 * far as the request the test slows down.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {GC_PRESSURE, runCli, tempConfig} from '../helpers/cli.js'
import {type HostileServer, type TrickledRequest, slowBodyHttp, tricklingProxy} from '../helpers/hostile.js'

/** The per-request deadline the commands get; every hostile reply takes far longer. */
const TIMEOUT = '3000'
/** Far above any bound the commands promise at this --timeout: only a hang reaches it. */
const TEST_BOUND_MS = 60_000
const KILL_AFTER_MS = 30_000

const stops: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

let nextHost = 1
function track<T extends {stop(): Promise<void>}>(server: T): T {
  stops.push(() => server.stop())
  return server
}

/** An AxeOS 2.12 simulator behind a proxy that trickles the bodies `trickle` picks. */
async function slowedAxeos(trickle: (request: TrickledRequest, earlier: TrickledRequest[]) => boolean) {
  const sim: AxeosSim = track(await createAxeosSim({host: `127.82.4.${nextHost}`, httpPort: 0, jitter: false, profile: 'axeos-2.12', restartDownMs: 300}))
  const proxy = track(await tricklingProxy(`127.82.5.${nextHost++}`, {host: sim.address.host, port: sim.address.httpPort}, trickle))
  return {proxy, sim, target: `${proxy.host}:${proxy.port}`}
}

function cli(args: string[]) {
  const config = tempConfig()
  stops.push(() => config.cleanup())
  return runCli([...args, '--timeout', TIMEOUT, '--json'], {env: config.env, killAfterMs: KILL_AFTER_MS, nodeOptions: GC_PRESSURE})
}

const isInfo = (request: TrickledRequest) => request.method === 'GET' && request.path === '/api/system/info'

describe('a host whose body never completes', () => {
  let host: HostileServer
  const bare = async () => {
    host = track(await slowBodyHttp(`127.82.6.${nextHost++}`))
    return `${host.host}:${host.port}`
  }

  it('status reports the device offline (exit 4) instead of waiting for the host', async () => {
    const result = await cli(['status', await bare()])
    expect(result.code).toBe(4)
    expect(result.json.devices[0]).toMatchObject({error: {code: 'TIMEOUT'}, ok: false})
  }, TEST_BOUND_MS)

  it('scan finishes (exit 0) and lists the host as unidentified', async () => {
    const target = await bare()
    const result = await cli(['scan', target, '--no-mdns', '--no-save', '--all'])
    expect(result.code).toBe(0)
    expect(result.json).toMatchObject({devices: [], unidentified: [{ip: host.host, openPorts: [host.port]}]})
  }, TEST_BOUND_MS)

  it('watch --count 2 shows two updates with the device offline', async () => {
    const result = await cli(['watch', await bare(), '--count', '2', '--interval', '1s', '--difficulty', '1T'])
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(line.devices[0]).toMatchObject({ok: false})
  }, TEST_BOUND_MS)

  it('config get fails with TIMEOUT (exit 4)', async () => {
    const result = await cli(['config', 'get', await bare()])
    expect(result.code).toBe(4)
    expect(result.json.error ?? result.json.devices?.[0]?.error).toMatchObject({code: 'TIMEOUT'})
  }, TEST_BOUND_MS)
})

describe('an AxeOS device whose answer to one request trickles', () => {
  it('status identifies the device from GET / and its reading times out (exit 4)', async () => {
    const device = await slowedAxeos(isInfo)
    const result = await cli(['status', device.target])
    expect(result.code).toBe(4)
    expect(result.json.devices[0]).toMatchObject({error: {code: 'TIMEOUT'}, ok: false})
  }, TEST_BOUND_MS)

  it('scan still reports the device it identified from GET /, with no hashrate', async () => {
    const device = await slowedAxeos(isInfo)
    const result = await cli(['scan', device.target, '--no-mdns', '--no-save'])
    expect(result.code).toBe(0)
    expect(result.json.devices).toMatchObject([{driver: 'axeos', hashrate: null, ip: device.proxy.host}])
  }, TEST_BOUND_MS)

  it('config get fails with TIMEOUT (exit 4)', async () => {
    const device = await slowedAxeos(isInfo)
    const result = await cli(['config', 'get', device.target])
    expect(result.code).toBe(4)
    expect(result.json.devices[0]).toMatchObject({config: null, error: {code: 'TIMEOUT'}})
    expect(device.proxy.requests).toContainEqual({method: 'GET', path: '/api/system/info'})
  }, TEST_BOUND_MS)

  it('identify: the slow answer to POST /api/system/identify is a TIMEOUT (exit 4)', async () => {
    const device = await slowedAxeos((request) => request.path === '/api/system/identify')
    const result = await cli(['identify', device.target])
    expect(result.code).toBe(4)
    expect(result.json.error).toMatchObject({code: 'TIMEOUT'})
    expect(device.proxy.requests).toContainEqual({method: 'POST', path: '/api/system/identify'})
  }, TEST_BOUND_MS)

  it('restart: the slow answer to POST /api/system/restart fails the device (exit 4)', async () => {
    const device = await slowedAxeos((request) => request.path === '/api/system/restart')
    const result = await cli(['restart', device.target, '--yes'])
    expect(result.code).toBe(4)
    expect(result.json.results[0]).toMatchObject({error: {code: 'TIMEOUT'}, status: 'failed'})
    expect(device.proxy.requests).toContainEqual({method: 'POST', path: '/api/system/restart'})
  }, TEST_BOUND_MS)

  it('config set: a read-back that trickles ends the command (the change is not reported verified)', async () => {
    const device = await slowedAxeos((request, earlier) => isInfo(request) && earlier.some((before) => before.method === 'PATCH'))
    const result = await cli(['config', 'set', 'fan', '80', device.target, '--yes', '--no-restart'])
    expect(result.code).toBe(4)
    expect(result.json.results[0]).toMatchObject({error: {code: 'TIMEOUT'}, status: 'failed', verified: false})
    expect(device.sim.http.journal.writes().map((entry) => `${entry.method} ${entry.path}`)).toContain('PATCH /api/system')
  }, TEST_BOUND_MS)
})
