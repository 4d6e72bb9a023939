/**
 * The built CLI against peers that stall in the other ways a deadline must cover: a pool trickling bytes
 * that never make a line, a TLS handshake that never completes, chain APIs whose body trickles, headers
 * that never end, and a redirect to itself. Every command returns with the documented exit code.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {GC_PRESSURE, runCli, tempConfig} from '../helpers/cli.js'
import {type HostileServer, endlessHeaderHttp, redirectLoopHttp, silentTcp, slowBodyHttp, trickleTcp} from '../helpers/hostile.js'

const TIMEOUT = '2000'
const TEST_BOUND_MS = 60_000
const ADDRESS = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'
/** Public chain APIs are never called: defaults point at a closed loopback port. */
const NO_PUBLIC_APIS = {SOLOMINER_BLOCKCHAIN_URL: 'http://127.0.0.1:9', SOLOMINER_MEMPOOL_URL: 'http://127.0.0.1:9'}

const stops: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

let nextHost = 1
async function start(make: (host: string) => Promise<HostileServer>): Promise<HostileServer> {
  const server = await make(`127.82.11.${nextHost++}`)
  stops.push(() => server.stop())
  return server
}

function cli(args: string[]) {
  const config = tempConfig()
  stops.push(() => config.cleanup())
  return runCli([...args, '--timeout', TIMEOUT, '--json'], {env: {...config.env, ...NO_PUBLIC_APIS}, killAfterMs: 30_000, nodeOptions: GC_PRESSURE})
}

describe('pool check', () => {
  it('a pool that trickles bytes and never ends a line: no job in time (exit 4)', async () => {
    const pool = await start((host) => trickleTcp(host))
    const result = await cli(['pool', 'check', `stratum+tcp://${pool.host}:${pool.port}`, '--user', ADDRESS, '--no-chain'])
    expect(result.code).toBe(4)
    expect(result.json.error).toMatchObject({code: 'TIMEOUT', message: `Pool ${pool.host}:${pool.port} did not answer mining.subscribe within ${TIMEOUT} ms`})
  }, TEST_BOUND_MS)

  it('a TLS pool whose handshake never completes: unreachable (exit 4)', async () => {
    const pool = await start(silentTcp)
    const result = await cli(['pool', 'check', `stratum+ssl://${pool.host}:${pool.port}`, '--user', ADDRESS, '--no-chain'])
    expect(result.code).toBe(4)
  }, TEST_BOUND_MS)
})

describe('odds with a chain source whose reply never completes', () => {
  const odds = (...args: string[]) => cli(['odds', '--hashrate', '1.2TH', ...args])

  it('a Bitcoin Core node trickling its JSON-RPC body (exit 4)', async () => {
    const node = await start((host) => slowBodyHttp(host))
    const result = await odds('--source', 'node', '--rpc-url', `http://${node.host}:${node.port}`, '--rpc-user', 'u', '--rpc-password', 'p')
    expect(result.code).toBe(4)
    expect(result.json.error).toMatchObject({code: 'TIMEOUT'})
  }, TEST_BOUND_MS)

  it('a mempool API trickling its body (exit 4)', async () => {
    const api = await start((host) => slowBodyHttp(host, {chunked: true}))
    const result = await odds('--source', 'mempool', '--api-url', `http://${api.host}:${api.port}`)
    expect(result.code).toBe(4)
    expect(result.json.error).toMatchObject({code: 'TIMEOUT'})
  }, TEST_BOUND_MS)

  it('a blockchain.info API trickling its body (exit 4)', async () => {
    const api = await start((host) => slowBodyHttp(host))
    const result = await odds('--source', 'blockchain', '--api-url', `http://${api.host}:${api.port}`)
    expect(result.code).toBe(4)
    expect(result.json.error).toMatchObject({code: 'TIMEOUT'})
  }, TEST_BOUND_MS)

  it('an https API whose TLS handshake never completes (exit 4)', async () => {
    const api = await start(silentTcp)
    const result = await odds('--source', 'mempool', '--api-url', `https://${api.host}:${api.port}`)
    expect(result.code).toBe(4)
    expect(result.json.error).toMatchObject({code: 'TIMEOUT'})
  }, TEST_BOUND_MS)
})

describe('a device web server that never finishes its headers, or redirects to itself', () => {
  it('status: headers that never end are a TIMEOUT (exit 4)', async () => {
    const host = await start(endlessHeaderHttp)
    const result = await cli(['status', `${host.host}:${host.port}`])
    expect(result.code).toBe(4)
    expect(result.json.devices[0]).toMatchObject({error: {code: 'TIMEOUT'}, ok: false})
  }, TEST_BOUND_MS)

  it('status: a redirect to itself is not followed; the device is reported unsupported', async () => {
    const host = await start(redirectLoopHttp)
    const result = await cli(['status', `${host.host}:${host.port}`])
    expect(result.code).toBe(5)
    expect(result.json.devices[0]).toMatchObject({error: {code: 'UNSUPPORTED'}, ok: false})
    // GET /, the second-chance GET /api/system/info and the connect probe: the redirect is never followed.
    expect(host.connections).toBe(3)
  }, TEST_BOUND_MS)
})
