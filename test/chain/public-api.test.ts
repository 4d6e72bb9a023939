/** `odds` against loopback fakes of mempool.space and blockchain.info (the built CLI). */
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'
import {type FakeRoute, TIP_HASH, blockchainRoutes, mempoolRoutes, startFakeApi} from '../helpers/fake-chain.js'

const ODDS = ['odds', '--hashrate', '1.2TH', '--json']
const HTML = '<html><body>Sign Up for Mempool Enterprise</body></html>'

let config: ReturnType<typeof tempConfig>
let stops: (() => Promise<void>)[]

beforeEach(() => {
  config = tempConfig()
  stops = []
})

afterEach(async () => {
  for (const stop of stops) await stop()
  config.cleanup()
})

/** HOME points at the temp dir (no real cookie is ever found); a generous timeout for a busy machine. */
const env = (extra: Record<string, string> = {}) => ({...config.env, HOME: config.dir, SOLOMINER_TIMEOUT: '10000', ...extra})

async function api(routes: Record<string, FakeRoute>) {
  const fake = await startFakeApi(routes)
  stops.push(fake.stop)
  return fake
}

function withDifficulty(route: FakeRoute): Record<string, FakeRoute> {
  return {...mempoolRoutes(), '/api/v1/mining/hashrate/3d': route}
}

describe('odds --source mempool', () => {
  it('reads currentDifficulty, the tip height and hash, and the average fees of the last 144 blocks', async () => {
    const fake = await api(mempoolRoutes())
    const result = await runCli([...ODDS, '--source', 'mempool', '--api-url', fake.url], {env: env()})
    expect(result.code).toBe(0)
    expect(result.json.difficulty).toBe(31_251_101_365_711.12)
    expect(result.json.source).toMatchObject({bestBlockHash: TIP_HASH, height: 698_767, kind: 'mempool', url: fake.url})
    // reward-stats: totalFee 1311748254 over blocks 736556..736655 (100 blocks).
    expect(result.json.reward).toMatchObject({feesKnown: true, feesSats: 13_117_483, height: 698_768, subsidySats: 625_000_000})
    expect(fake.paths().sort()).toEqual([
      '/api/blocks/tip/hash',
      '/api/blocks/tip/height',
      '/api/v1/mining/hashrate/3d',
      '/api/v1/mining/reward-stats/144',
    ])
  })

  it.each([
    ['429', {body: 'Too Many Requests', status: 429}, 4, 'RATE_LIMITED', 'is rate-limiting requests (HTTP 429'],
    ['500', {body: 'oops', status: 500}, 5, 'API_ERROR', 'answered HTTP 500 on /api/v1/mining/hashrate/3d'],
    ['garbage', {body: HTML}, 5, 'BAD_RESPONSE', 'sent an unusable reply on /api/v1/mining/hashrate/3d'],
    ['a zero difficulty', {body: '{"currentDifficulty":0}'}, 5, 'BAD_RESPONSE', '(no currentDifficulty)'],
    ['slow', {body: '{}', delayMs: 5000}, 4, 'TIMEOUT', 'did not answer within 1500 ms'],
  ] as const)('%s → a clear error and exit code', async (_name, route, exitCode, code, message) => {
    const fake = await api(withDifficulty(route))
    const result = await runCli([...ODDS, '--source', 'mempool', '--api-url', fake.url, '--timeout', '1500'], {env: env()})
    expect(result.code).toBe(exitCode)
    expect(result.json.error.code).toBe(code)
    expect(result.json.error.message).toContain(`mempool API at ${fake.url}`)
    expect(result.json.error.message).toContain(message)
  })

  it('api.mempool from settings, and SOLOMINER_MEMPOOL_URL over settings', async () => {
    const fake = await api(mempoolRoutes())
    expect((await runCli(['settings', 'set', 'api.mempool', 'http://127.0.0.1:9/'], {env: env()})).code).toBe(0)
    const result = await runCli([...ODDS, '--source', 'mempool'], {env: env({SOLOMINER_MEMPOOL_URL: fake.url})})
    expect(result.code).toBe(0)
    expect(result.json.source.url).toBe(fake.url)
  })
})

describe('odds --source blockchain and auto fallback', () => {
  it('reads /q/getdifficulty and /q/getblockcount', async () => {
    const fake = await api(blockchainRoutes())
    const result = await runCli([...ODDS, '--source', 'blockchain', '--api-url', fake.url], {env: env()})
    expect(result.code).toBe(0)
    expect(result.json.difficulty).toBe(46_684_376_316.86029)
    expect(result.json.source).toMatchObject({bestBlockHash: null, height: 346_322, kind: 'blockchain', url: fake.url})
    expect(result.json.reward).toMatchObject({feesKnown: false, subsidySats: 2_500_000_000})
  })

  it('auto: mempool rate-limited → blockchain.info, and says so', async () => {
    const mempool = await api(withDifficulty({body: 'Too Many Requests', status: 429}))
    const blockchain = await api(blockchainRoutes())
    const result = await runCli([...ODDS.slice(0, -1), '--api-url', mempool.url], {env: env({SOLOMINER_BLOCKCHAIN_URL: blockchain.url})})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Source: blockchain.info API at ${blockchain.url}`)
    expect(result.stdout).toContain('mempool skipped:')
    expect(result.stdout).toContain('HTTP 429')
    const json = await runCli([...ODDS, '--api-url', mempool.url], {env: env({SOLOMINER_BLOCKCHAIN_URL: blockchain.url})})
    expect(json.json.source.kind).toBe('blockchain')
    expect(json.json.source.skipped).toEqual([{code: 'RATE_LIMITED', kind: 'mempool', message: expect.stringContaining('HTTP 429')}])
  })

  it('auto: nothing answers → the embedded snapshot, dated and flagged stale', async () => {
    const mempool = await api(withDifficulty({body: HTML}))
    const blockchain = await api({'/q/getdifficulty': {body: 'oops', status: 503}})
    const result = await runCli([...ODDS, '--api-url', mempool.url], {env: env({SOLOMINER_BLOCKCHAIN_URL: blockchain.url})})
    expect(result.code).toBe(0)
    expect(result.json.source).toMatchObject({asOf: '2026-03-10T10:13:30Z', height: 940_104, kind: 'offline', stale: true})
    expect(result.json.difficulty).toBe(145_042_165_424_853.28)
    expect(result.json.source.skipped.map((skip: {code: string}) => skip.code)).toEqual(['BAD_RESPONSE', 'API_ERROR'])
  })

  it('--source offline never touches the network', async () => {
    const result = await runCli(['odds', '--hashrate', '1.2TH', '--source', 'offline'], {env: env({SOLOMINER_MEMPOOL_URL: 'http://127.0.0.1:9'})})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('offline snapshot of 2026-03-10 (STALE')
  })
})

describe('odds --currency', () => {
  it('reads the BTC price from /api/v1/prices for the value per day', async () => {
    const fake = await api(mempoolRoutes())
    const result = await runCli(
      ['odds', '--hashrate', '1.2TH', '--difficulty', '145042165424853.29', '--watts', '15', '--kwh-price', '0.30', '--currency', 'eur', '--api-url', fake.url, '--json'],
      {env: env()},
    )
    expect(result.code).toBe(0)
    expect(fake.paths()).toEqual(['/api/v1/prices'])
    const {economics} = result.json
    expect(economics).toMatchObject({btcPrice: 40_545, currency: 'EUR', kwhPerDay: 0.36, watts: 15})
    expect(economics.costPerDay).toBeCloseTo(0.108, 10)
    expect(economics.expectedValuePerDay).toBeCloseTo((52.01048145 / 1e8) * 40_545, 8)
    expect(economics.netPerDay).toBeCloseTo(economics.expectedValuePerDay - 0.108, 10)
  })

  it('an unknown currency names the ones available', async () => {
    const fake = await api(mempoolRoutes())
    const result = await runCli(['odds', '--hashrate', '1TH', '--difficulty', '1e14', '--currency', 'XYZ', '--api-url', fake.url, '--json'], {env: env()})
    expect(result.code).toBe(2)
    // Checked before any request (issue 8 §5): the quoted currencies are known without asking.
    expect(result.json.error.message).toBe('Unknown currency "XYZ": the BTC price is quoted in AUD, CAD, CHF, EUR, GBP, JPY, USD')
    expect(fake.paths()).toEqual([])
  })
})
