/**
 * One scan over a healthy simulator and hosts that misbehave in every way a deadline must cover: a body
 * that trickles, an RPC reply that trickles, a peer that accepts and never answers, headers that never end,
 * a redirect to itself, and a slow but working device. The scan finishes (exit 0) and reports what it
 * found: the healthy device in full, the slow one identified, the others unidentified.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {createAxeosSim} from '../../src/sim/axeos.js'
import {GC_PRESSURE, runCli, tempConfig} from '../helpers/cli.js'
import {type HostileServer, endlessHeaderHttp, redirectLoopHttp, silentTcp, slowBodyHttp, trickleTcp, tricklingProxy} from '../helpers/hostile.js'

const TIMEOUT_MS = 3000
const stops: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

function track<T extends {stop(): Promise<void>}>(server: T): T {
  stops.push(() => server.stop())
  return server
}

let healthy: {host: string; port: number}
let slowDevice: HostileServer
let rpcTrickler: HostileServer
const hostile: HostileServer[] = []

beforeAll(async () => {
  const sim = track(await createAxeosSim({host: '127.82.15.1', httpPort: 0, jitter: false, profile: 'axeos-2.12'}))
  healthy = {host: sim.address.host, port: sim.address.httpPort}
  const upstream = track(await createAxeosSim({host: '127.82.15.10', httpPort: 0, jitter: false, profile: 'axeos-2.12'}))
  // Every answer held for half the deadline: slow, but each request succeeds.
  slowDevice = track(await tricklingProxy('127.82.15.2', {host: upstream.address.host, port: upstream.address.httpPort}, () => false, 0.5 * TIMEOUT_MS))
  rpcTrickler = track(await trickleTcp('127.82.15.3'))
  hostile.push(
    track(await slowBodyHttp('127.82.15.4')),
    track(await silentTcp('127.82.15.5')),
    track(await endlessHeaderHttp('127.82.15.6')),
    track(await redirectLoopHttp('127.82.15.7')),
  )
})

describe('scan over hostile hosts', () => {
  it('finishes with exit 0 and reports what it found', async () => {
    const config = tempConfig()
    stops.push(() => config.cleanup())
    const targets = [healthy, slowDevice, ...hostile].map((server) => `${server.host}:${server.port}`)
    const result = await runCli(
      ['scan', ...targets, `${rpcTrickler.host}:1`, '--rpc-port', String(rpcTrickler.port), '--no-mdns', '--all', '--timeout', String(TIMEOUT_MS), '--json'],
      {env: config.env, killAfterMs: 60_000, nodeOptions: GC_PRESSURE},
    )
    expect(result.code).toBe(0)
    const devices = result.json.devices as {driver: string; hashrate: number | null; ip: string}[]
    expect(devices.map(({driver, ip}) => ({driver, ip}))).toEqual([
      {driver: 'axeos', ip: healthy.host},
      {driver: 'axeos', ip: slowDevice.host},
    ])
    expect(devices[0]!.hashrate).toBeGreaterThan(0)
    expect(result.json.unidentified.map((host: {ip: string}) => host.ip)).toEqual(['127.82.15.3', '127.82.15.4', '127.82.15.5', '127.82.15.6', '127.82.15.7'])
  }, 90_000)
})
