/**
 * `odds --currency` is validated before any lookup (issue 8 §5): an unknown code without --btc-price is
 * a usage error (exit 2) and no request reaches the chain or price API; a known one is looked up.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'
import {type FakeServer, mempoolRoutes, startFakeApi} from '../helpers/fake-chain.js'

let api: (FakeServer & {paths(): string[]}) | undefined
let config: ReturnType<typeof tempConfig> | undefined
afterEach(async () => {
  await api?.stop()
  config?.cleanup()
})

async function odds(args: string[]) {
  api = await startFakeApi(mempoolRoutes())
  config = tempConfig()
  return runCli(['odds', '--hashrate', '1.2TH', '--source', 'mempool', ...args], {env: {...config.env, SOLOMINER_MEMPOOL_URL: api.url}})
}

describe('odds --currency', () => {
  it('XXX without --btc-price: exit 2 before any request, naming the quoted currencies', async () => {
    const {code, json} = await odds(['--currency', 'XXX', '--json'])
    expect(code).toBe(2)
    expect(json.error).toEqual({
      code: 'INVALID_INPUT',
      exitCode: 2,
      message: 'Unknown currency "XXX": the BTC price is quoted in AUD, CAD, CHF, EUR, GBP, JPY, USD',
      suggestions: ['Use one of them, or give the price yourself with --btc-price', 'For example: solominer odds --hashrate 1.2TH --watts 15 --kwh-price 0.30 --currency EUR'],
    })
    expect(api!.paths()).toEqual([])
  })

  it('a code that is not three letters is refused even with --btc-price; with it any three letters label the figures', async () => {
    expect((await odds(['--currency', 'E€', '--btc-price', '90000', '--json'])).code).toBe(2)
    const labelled = await odds(['--currency', 'sek', '--btc-price', '900000', '--json'])
    expect(labelled.code).toBe(0)
    expect(labelled.json.economics).toMatchObject({btcPrice: 900_000, currency: 'SEK', priceSource: '--btc-price'})
  })

  it('a quoted currency (any case) is looked up', async () => {
    const {code, json} = await odds(['--currency', 'eur', '--json'])
    expect(code).toBe(0)
    expect(json.economics).toMatchObject({btcPrice: 40_545, currency: 'EUR'})
    expect(api!.paths()).toContain('/api/v1/prices')
  })
})
