/** `odds` against a loopback fake of Bitcoin Core's JSON-RPC (the built CLI; nothing of ours mocked). */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'
import {IBD_ERROR, METHOD_NOT_FOUND, TIP_HASH, chainJson, startFakeBitcoind} from '../helpers/fake-chain.js'

const COOKIE = {password: 'c0ffee'.repeat(10) + 'abcd', user: '__cookie__'}
const ODDS = ['odds', '--hashrate', '1.2TH', '--json']

let config: ReturnType<typeof tempConfig>
let home: string
let stops: (() => Promise<void>)[]

beforeEach(() => {
  config = tempConfig()
  home = mkdtempSync(join(tmpdir(), 'solominer-home-'))
  stops = []
})

afterEach(async () => {
  for (const stop of stops) await stop()
  config.cleanup()
  rmSync(home, {force: true, recursive: true})
})

/** A generous default timeout: the machine running the suite may be busy; timeout tests pass --timeout. */
function env(extra: Record<string, string> = {}) {
  return {...config.env, HOME: home, SOLOMINER_TIMEOUT: '10000', ...extra}
}

function writeCookie(subdir = ''): string {
  const dir = join(home, '.bitcoin', subdir)
  mkdirSync(dir, {recursive: true})
  const path = join(dir, '.cookie')
  writeFileSync(path, `${COOKIE.user}:${COOKIE.password}`)
  return path
}

async function node(options: Parameters<typeof startFakeBitcoind>[0]) {
  const fake = await startFakeBitcoind(options)
  stops.push(fake.stop)
  return fake
}

describe('odds --source node', () => {
  it('finds the cookie in ~/.bitcoin, reads getmininginfo, the tip and template fees (legacy envelope)', async () => {
    writeCookie()
    const fake = await node({credentials: COOKIE, envelope: 'legacy'})
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url], {env: env()})
    expect(result.code).toBe(0)
    expect(result.json.difficulty).toBe(145_042_165_424_853.28)
    expect(result.json.source).toMatchObject({bestBlockHash: TIP_HASH, bits: '1701f0cc', chain: 'main', height: 940_104, kind: 'node', url: fake.url})
    // coinbasevalue 2465717 − subsidy 2441406 at the template's height 2442185 (testnet3 recording).
    expect(result.json.reward).toMatchObject({feesKnown: true, feesSats: 24_311, height: 940_105, subsidySats: 312_500_000, totalSats: 312_524_311})
    expect(fake.methodsCalled()).toEqual(['getmininginfo', 'getblockchaininfo', 'getblocktemplate'])
    const template = JSON.parse(fake.sim.journal.entries[2]!.body)
    expect(template.params).toEqual([{rules: ['segwit']}])
    expect(fake.sim.journal.entries[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${COOKIE.user}:${COOKIE.password}`).toString('base64')}`)
    expect(fake.sim.journal.entries[0]!.headers['content-type']).toBe('application/json')
  })

  it('uses --rpc-user with SOLOMINER_RPC_PASSWORD (basic auth) and reads JSON-RPC 2.0 replies', async () => {
    const fake = await node({credentials: {password: 's3cret', user: 'alice'}, envelope: 'jsonrpc2'})
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url, '--rpc-user', 'alice'], {
      env: env({SOLOMINER_RPC_PASSWORD: 's3cret'}),
    })
    expect(result.code).toBe(0)
    expect(result.json.source.kind).toBe('node')
    expect(result.json.difficulty).toBe(145_042_165_424_853.28)
    expect(result.json.reward.feesSats).toBe(24_311)
  })

  it('takes node.url, node.user and node.password from settings', async () => {
    const fake = await node({credentials: {password: 'pw', user: 'bob'}})
    for (const [key, value] of [['node.url', fake.url], ['node.user', 'bob'], ['node.password', 'pw']]) {
      expect((await runCli(['settings', 'set', key!, value!], {env: env()})).code).toBe(0)
    }
    const result = await runCli([...ODDS, '--source', 'node'], {env: env()})
    expect(result.code).toBe(0)
    expect(result.json.source).toMatchObject({kind: 'node', url: fake.url})
  })

  it('401 with an empty body → "wrong RPC credentials", exit 5', async () => {
    const fake = await node({credentials: {password: 'right', user: 'alice'}})
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url, '--rpc-user', 'alice', '--rpc-password', 'badpass'], {env: env()})
    expect(result.code).toBe(5)
    expect(result.json.error.code).toBe('AUTH_FAILED')
    expect(result.json.error.message).toContain('wrong RPC credentials')
    expect(result.stdout + result.stderr).not.toContain('badpass')
  })

  it('no cookie and no password → says credentials are missing, exit 5', async () => {
    const fake = await node({credentials: COOKIE})
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url], {env: env()})
    expect(result.code).toBe(5)
    expect(result.json.error.message).toBe(`Bitcoin node at ${fake.url} needs RPC credentials, and no cookie file was found`)
    expect(fake.sim.journal.entries[0]!.headers.authorization).toBeUndefined()
  })

  it('re-reads a stale cookie once on 401, then reports wrong credentials', async () => {
    const cookie = writeCookie()
    const fake = await node({credentials: {password: 'other', user: '__cookie__'}})
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url, '--rpc-cookie', cookie], {env: env()})
    expect(result.code).toBe(5)
    expect(result.json.error.message).toContain('wrong RPC credentials')
    expect(fake.sim.journal.entries).toHaveLength(2)
  })

  it('-28 → "node is still starting", exit 5 (human output)', async () => {
    writeCookie()
    const fake = await node({credentials: COOKIE, warmup: true})
    const result = await runCli(['odds', '--hashrate', '1TH', '--source', 'node', '--rpc-url', fake.url], {env: env()})
    expect(result.code).toBe(5)
    expect(result.stderr).toContain('is still starting (Loading block index…)')
    expect(result.stderr).toContain('Try this')
  })

  it('a node that does not answer in time → TIMEOUT, exit 4', async () => {
    const fake = await node({credentials: COOKIE, delayMs: 5000})
    writeCookie()
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url, '--timeout', '1500'], {env: env()})
    expect(result.code).toBe(4)
    expect(result.json.error.code).toBe('TIMEOUT')
    expect(result.json.error.message).toContain(`Bitcoin node at ${fake.url} did not answer within 1500 ms`)
  })

  it('a refused connection → HOST_UNREACHABLE, exit 4', async () => {
    const fake = await node({credentials: COOKIE})
    await fake.stop()
    writeCookie()
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url], {env: env()})
    expect(result.code).toBe(4)
    expect(result.json.error).toMatchObject({code: 'HOST_UNREACHABLE', message: `Bitcoin node at ${fake.url} refused the connection`})
  })

  it('falls back to getblockchaininfo, then keeps subsidy-only rewards when getblocktemplate is refused (IBD)', async () => {
    writeCookie()
    const fake = await node({
      credentials: COOKIE,
      methods: {getblocktemplate: {error: IBD_ERROR}, getmininginfo: {error: METHOD_NOT_FOUND}},
    })
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url], {env: env()})
    expect(result.code).toBe(0)
    expect(fake.methodsCalled()).toEqual(['getmininginfo', 'getblockchaininfo', 'getblocktemplate'])
    expect(result.json.source).toMatchObject({bestBlockHash: TIP_HASH, height: 940_104, kind: 'node'})
    expect(result.json.reward).toMatchObject({feesKnown: false, feesSats: null, totalSats: 312_500_000})
    expect(result.json.reward.feesSource).toContain('refused getblocktemplate (code -10)')
  })

  it('refuses a node in initial block download (its difficulty is old), exit 5', async () => {
    writeCookie()
    const syncing = {...(chainJson('bitcoin-core/SYNTHETIC.getblockchaininfo.result.v29-shape.json') as object), initialblockdownload: true, verificationprogress: 0.4213}
    const fake = await node({credentials: COOKIE, methods: {getblockchaininfo: {result: syncing}}})
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url], {env: env()})
    expect(result.code).toBe(5)
    expect(result.json.error).toMatchObject({code: 'NODE_STARTING', message: `Bitcoin node at ${fake.url} is still syncing (42.1 % verified): its difficulty is not current`})
  })

  it('falls back to getdifficulty + getblockcount (JSON-RPC 2.0 errors)', async () => {
    const fake = await node({
      credentials: COOKIE,
      envelope: 'jsonrpc2',
      methods: {getblockchaininfo: {error: METHOD_NOT_FOUND}, getmininginfo: {error: METHOD_NOT_FOUND}},
    })
    writeCookie()
    const result = await runCli([...ODDS, '--source', 'node', '--rpc-url', fake.url], {env: env()})
    expect(result.code).toBe(0)
    expect(result.json.difficulty).toBe(145_042_165_424_853.28)
    expect(result.json.source.height).toBe(940_104)
    expect(fake.methodsCalled().slice(0, 4)).toEqual(['getmininginfo', 'getblockchaininfo', 'getdifficulty', 'getblockcount'])
  })

  it('auto uses a node only when a cookie exists, and falls back past a failing node', async () => {
    const fake = await node({credentials: COOKIE, warmup: true})
    writeCookie()
    const result = await runCli([...ODDS, '--rpc-url', fake.url, '--api-url', 'http://127.0.0.1:9'], {
      env: env({SOLOMINER_BLOCKCHAIN_URL: 'http://127.0.0.1:9'}),
    })
    expect(result.code).toBe(0)
    expect(result.json.source.kind).toBe('offline')
    expect(result.json.source.stale).toBe(true)
    expect(result.json.source.skipped.map((skip: {kind: string}) => skip.kind)).toEqual(['node', 'mempool', 'blockchain'])
    expect(result.json.source.skipped[0].code).toBe('NODE_STARTING')
  })
})
