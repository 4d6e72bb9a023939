/**
 * The built CLI against a cgminer miner that answers `version` at once (so it is identified) and trickles
 * every other reply one byte at a time: each command returns with the device failed.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {cgEnvelope} from '../../src/sim/cgminer.js'
import {GC_PRESSURE, runCli, tempConfig} from '../helpers/cli.js'
import {type HostileServer, trickleTcp} from '../helpers/hostile.js'

const TIMEOUT = '2000'
const TEST_BOUND_MS = 60_000

const stops: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

const version = `${JSON.stringify(cgEnvelope('cgminer 4.12.0', {code: 22, message: 'CGMiner versions', status: 'S'}, 'VERSION', [{API: '3.7', CGMiner: '4.12.0'}]))}\u0000`
let nextHost = 1

/** A miner on 127.82.10.x: RPC only (nothing listens on HTTP port 1 there). */
async function trickler(): Promise<{args: string[]; server: HostileServer}> {
  const server = await trickleTcp(`127.82.10.${nextHost++}`, {atOnce: (request) => (request.includes('"version"') ? version : undefined)})
  stops.push(() => server.stop())
  return {args: [server.host, '--http-port', '1', '--rpc-port', String(server.port)], server}
}

function cli(args: string[]) {
  const config = tempConfig()
  stops.push(() => config.cleanup())
  return runCli([...args, '--timeout', TIMEOUT, '--json'], {env: config.env, killAfterMs: 30_000, nodeOptions: GC_PRESSURE})
}

describe('a cgminer whose replies trickle', () => {
  it('status reports it failed with TIMEOUT (exit 4)', async () => {
    const {args} = await trickler()
    const result = await cli(['status', ...args])
    expect(result.code).toBe(4)
    expect(result.json.devices[0]).toMatchObject({driver: 'cgminer', error: {code: 'TIMEOUT'}, ok: false})
  }, TEST_BOUND_MS)

  it('watch --count 2 shows two updates with the device offline', async () => {
    const {args} = await trickler()
    const result = await cli(['watch', ...args, '--count', '2', '--interval', '1s', '--difficulty', '1T'])
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(lines.map((line) => line.devices[0].ok)).toEqual([false, false])
  }, TEST_BOUND_MS)

  it('scan reports the miner identified by its version reply, with no hashrate', async () => {
    const {server} = await trickler()
    const result = await cli(['scan', `${server.host}:1`, '--rpc-port', String(server.port), '--no-mdns', '--no-save'])
    expect(result.code).toBe(0)
    expect(result.json.devices).toMatchObject([{driver: 'cgminer', hashrate: null, ip: server.host}])
  }, TEST_BOUND_MS)
})
