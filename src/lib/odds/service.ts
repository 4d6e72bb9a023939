/**
 * Everything `solominer odds` does besides rendering: parse the user's quantities, find the network
 * state (only when no --difficulty is given: that path stays offline and fast), look up a price, compute.
 */
import type {ChainSourceOptions} from '../chain/network.js'
import type {NetworkSnapshot} from '../chain/network-snapshot.js'
import type {AppContext} from '../context.js'
import {SolominerError, invalidInput} from '../errors.js'
import {parseDifficulty, parseDuration, parseHashrate} from '../units.js'
import {type OddsReport, computeOdds} from './calculate.js'

export interface OddsRequest {
  bestDiff?: string
  btcPrice?: number
  chain: ChainSourceOptions
  currency?: string
  difficulty?: string
  /** Reads the miners' current hashrate, added to the given one (`--fleet`; the caller reads the fleet). */
  fleet?: () => Promise<FleetReading>
  hashrates: string[]
  kwhPrice?: number
  periods: string[]
  watts?: number
}

/** A working command for each value a user can mistype, offered after the accepted forms. */
const EXAMPLES = {
  bestDiff: 'solominer odds --hashrate 1.2TH --best-diff 4.29G',
  difficulty: 'solominer odds --hashrate 1.2TH --difficulty 145.04T',
  hashrate: 'solominer odds --hashrate 1.2TH --hashrate 500GH',
  period: 'solominer odds --hashrate 1.2TH --period 90d --period 5y',
}

/** What the fleet hashes now: H/s summed over the devices that answered, and how many did. */
export interface FleetReading {
  hashrate: number
  online: number
  total: number
}

export type OddsResult = OddsReport & {fleet?: FleetReading}

/** The currencies the mempool API's /api/v1/prices quotes (mempool.space and self-hosted instances). */
export const PRICE_CURRENCIES = ['AUD', 'CAD', 'CHF', 'EUR', 'GBP', 'JPY', 'USD'] as const

/**
 * The currency code, upper-cased. Without --btc-price the price is looked up, so the code must be one
 * the API quotes; with it, the code only labels the figures (any three letters). Checked before any
 * network request.
 */
export function parseCurrency(text: string, priceGiven: boolean): string {
  const code = text.trim().toUpperCase()
  const known = (PRICE_CURRENCIES as readonly string[]).includes(code)
  if (known || (priceGiven && /^[A-Z]{3}$/.test(code))) return code
  throw invalidInput(
    `Unknown currency "${text}": the BTC price is quoted in ${PRICE_CURRENCIES.join(', ')}`,
    priceGiven ? 'Give a three-letter currency code, e.g. --currency EUR' : 'Use one of them, or give the price yourself with --btc-price',
    'For example: solominer odds --hashrate 1.2TH --watts 15 --kwh-price 0.30 --currency EUR',
  )
}

export async function buildOddsReport(ctx: AppContext, request: OddsRequest): Promise<OddsResult> {
  const currency = request.currency === undefined ? undefined : parseCurrency(request.currency, request.btcPrice !== undefined)
  const manualHashrate = request.hashrates.reduce((sum, text) => sum + withExample(parseHashrate, text, EXAMPLES.hashrate), 0)
  const periods = request.periods.map((text) => ({label: text.trim(), seconds: withExample(parseDuration, text, EXAMPLES.period)}))
  const bestDiff = request.bestDiff === undefined ? undefined : withExample(parseDifficulty, request.bestDiff, EXAMPLES.bestDiff)
  const fleet = await request.fleet?.()
  const hashrate = manualHashrate + (fleet?.hashrate ?? 0)
  if (hashrate <= 0) {
    throw invalidInput(
      fleet ? 'The miners in the inventory report no hashrate' : 'No hashrate given',
      'Give it with --hashrate, e.g. --hashrate 1.2TH (repeat it to add several miners), or use --fleet',
    )
  }
  const network = request.difficulty === undefined ? await readLiveNetwork(ctx, request.chain) : manualNetwork(request.difficulty)
  const report = computeOdds({
    bestDiff,
    economics: await readEconomics(ctx, {...request, currency}),
    hashrate,
    network,
    periods,
  })
  return fleet ? {...report, fleet} : report
}

/** Runs a units.ts parser; its input error gains a complete example command as the last suggestion. */
function withExample<T>(parse: (text: string) => T, text: string, example: string): T {
  try {
    return parse(text)
  } catch (error) {
    if (!(error instanceof SolominerError)) throw error
    throw new SolominerError(error.code, error.message, {suggestions: [...error.suggestions, `For example: ${example}`]})
  }
}

function manualNetwork(difficulty: string): NetworkSnapshot {
  return {
    bestBlockHash: null,
    bits: null,
    chain: null,
    difficulty: withExample(parseDifficulty, difficulty, EXAMPLES.difficulty),
    feesSats: null,
    feesSource: null,
    height: null,
    source: {kind: 'manual'},
  }
}

async function readLiveNetwork(ctx: AppContext, options: ChainSourceOptions): Promise<NetworkSnapshot> {
  const {readNetwork} = await import('../chain/network.js')
  return readNetwork(ctx, {...options, wantFees: true})
}

async function readEconomics(ctx: AppContext, request: OddsRequest) {
  const {btcPrice, currency, kwhPrice, watts} = request
  if (kwhPrice !== undefined && watts === undefined) {
    throw invalidInput('--kwh-price needs --watts (the power the miners draw)', 'For example: solominer odds --hashrate 1.2TH --watts 15 --kwh-price 0.30')
  }
  if (watts === undefined && btcPrice === undefined && currency === undefined) return undefined
  const power = {kwhPrice: kwhPrice ?? null, watts: watts ?? null}
  if (btcPrice !== undefined || currency === undefined) {
    const priceSource = btcPrice === undefined ? null : '--btc-price'
    return {...power, btcPrice: btcPrice ?? null, currency: currency ?? null, priceSource}
  }
  const [{readBtcPrice}, {resolveChainOptions}] = await Promise.all([import('../chain/public-api.js'), import('../chain/network.js')])
  const {mempoolUrl} = await resolveChainOptions(ctx, request.chain)
  const price = await readBtcPrice(mempoolUrl, currency, ctx)
  return {...power, btcPrice: price.price, currency: price.currency, priceSource: `${mempoolUrl}/api/v1/prices`}
}
