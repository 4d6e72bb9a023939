/**
 * Keyless public APIs: a mempool.space-compatible server and blockchain.info's plain-text Query API.
 * Base URLs are configurable (self-hosted mempool, tests' loopback fakes). Replies are untrusted:
 * every value is checked, and 429/5xx/garbage become clear errors so `auto` can fall back.
 */
import type {AppContext} from '../context.js'
import {SolominerError} from '../errors.js'
import {HttpStatusError, describeUrl} from '../net/http.js'
import type {FeeWants, NetworkSnapshot} from './network-snapshot.js'

/** Small plain-text and JSON replies only: anything bigger is not what we asked for. */
const MAX_API_BYTES = 256 * 1024

export async function readMempoolSnapshot(base: string, ctx: AppContext, want: FeeWants): Promise<NetworkSnapshot> {
  const label = `mempool API at ${base}`
  const wantFees = want.fees
  const [hashrate, height, hash, fees, nextBlocks] = await Promise.allSettled([
    getJson<{currentDifficulty?: unknown}>(ctx, `${base}/api/v1/mining/hashrate/3d`, label),
    getText(ctx, `${base}/api/blocks/tip/height`, label),
    getText(ctx, `${base}/api/blocks/tip/hash`, label),
    wantFees ? getJson<RewardStats>(ctx, `${base}/api/v1/mining/reward-stats/144`, label) : Promise.resolve(null),
    want.nextBlockFees ? getJson<unknown>(ctx, `${base}/api/v1/fees/mempool-blocks`, label) : Promise.resolve(null),
  ])
  if (hashrate.status === 'rejected') throw hashrate.reason
  // mempool reports 0 when its own node is unreachable: that is "unknown", not a difficulty.
  const difficulty = positive(hashrate.value?.currentDifficulty)
  if (difficulty === null) throw garbage(label, '/api/v1/mining/hashrate/3d', 'no currentDifficulty')
  if (height.status === 'rejected') throw height.reason
  const tip = blockHeight(height.value)
  if (tip === null) throw garbage(label, '/api/blocks/tip/height', 'not a block height')
  const feesSats = fees.status === 'fulfilled' && fees.value ? averageFees(fees.value) : null
  return {
    bestBlockHash: hash.status === 'fulfilled' ? blockHash(hash.value) : null,
    bits: null,
    chain: null,
    difficulty,
    feesSats,
    feesSource: feesSats === null ? (wantFees ? 'unknown: mempool reward-stats unavailable' : null) : 'mempool average of the last 144 blocks',
    height: tip,
    ...(want.nextBlockFees ? {nextBlockFeesSats: nextBlocks.status === 'fulfilled' ? nextBlockFees(nextBlocks.value) : null} : {}),
    source: {asOf: new Date().toISOString(), height: tip, kind: 'mempool', url: base},
  }
}

/** fees/mempool-blocks: the projected next blocks, first one first; its `totalFees` is in sats. */
function nextBlockFees(blocks: unknown): number | null {
  const first = Array.isArray(blocks) ? (blocks[0] as {totalFees?: unknown} | undefined) : undefined
  const fees = decimal(first?.totalFees)
  return fees !== null && fees >= 0 && Number.isSafeInteger(Math.round(fees)) ? Math.round(fees) : null
}

export async function readBlockchainInfoSnapshot(base: string, ctx: AppContext): Promise<NetworkSnapshot> {
  const label = `blockchain.info API at ${base}`
  const [difficultyText, heightText, hashText] = await Promise.allSettled([
    getText(ctx, `${base}/q/getdifficulty`, label),
    getText(ctx, `${base}/q/getblockcount`, label),
    getText(ctx, `${base}/q/latesthash`, label),
  ])
  if (difficultyText.status === 'rejected') throw difficultyText.reason
  const difficulty = positive(decimal(difficultyText.value))
  if (difficulty === null) throw garbage(label, '/q/getdifficulty', 'not a difficulty')
  if (heightText.status === 'rejected') throw heightText.reason
  const tip = blockHeight(heightText.value)
  if (tip === null) throw garbage(label, '/q/getblockcount', 'not a block height')
  return {
    bestBlockHash: hashText.status === 'fulfilled' ? blockHash(hashText.value) : null,
    bits: null,
    chain: null,
    difficulty,
    feesSats: null,
    feesSource: null,
    height: tip,
    source: {asOf: new Date().toISOString(), height: tip, kind: 'blockchain', url: base},
  }
}

/** BTC price in `currency` from mempool's /api/v1/prices. */
export async function readBtcPrice(
  base: string,
  currency: string,
  ctx: AppContext,
): Promise<{currency: string; price: number; time: number | null; url: string}> {
  const label = `mempool API at ${base}`
  let prices: Record<string, unknown>
  try {
    prices = await getJson<Record<string, unknown>>(ctx, `${base}/api/v1/prices`, label)
  } catch (error) {
    if (!(error instanceof SolominerError)) throw error
    throw new SolominerError(error.code, error.message, {cause: error, suggestions: ['Give the price with --btc-price instead']})
  }
  const code = currency.toUpperCase()
  const price = positive(prices?.[code])
  if (price === null) {
    const known = Object.keys(prices ?? {}).filter((key) => /^[A-Z]{3}$/.test(key))
    throw new SolominerError('INVALID_INPUT', `${label} has no BTC price in ${code}`, {
      suggestions: [known.length > 0 ? `Use one of: ${known.join(', ')}` : 'Give the price with --btc-price'],
    })
  }
  const time = typeof prices.time === 'number' ? prices.time : null
  return {currency: code, price, time, url: base}
}

interface RewardStats {
  endBlock?: unknown
  startBlock?: unknown
  totalFee?: unknown
}

/** reward-stats amounts are strings of sats over endBlock−startBlock+1 blocks. */
function averageFees(stats: RewardStats): number | null {
  const total = decimal(stats.totalFee)
  const start = stats.startBlock
  const end = stats.endBlock
  if (total === null || typeof start !== 'number' || typeof end !== 'number' || end < start) return null
  return Math.round(total / (end - start + 1))
}

async function getJson<T>(ctx: AppContext, url: string, label: string): Promise<T> {
  try {
    return await ctx.http.json<T>({maxBytes: MAX_API_BYTES, url})
  } catch (error) {
    throw explain(error, label, url)
  }
}

async function getText(ctx: AppContext, url: string, label: string): Promise<string> {
  let response
  try {
    response = await ctx.http.request({maxBytes: MAX_API_BYTES, url})
  } catch (error) {
    throw explain(error, label, url)
  }
  if (response.status < 200 || response.status > 299) {
    throw explain(new HttpStatusError(response, `${describeUrl(url)} answered HTTP ${response.status}`), label, url)
  }
  return response.body.trim()
}

/** Rewrites transport/status errors so they name the API and say what to do. */
function explain(error: unknown, label: string, url: string): unknown {
  if (!(error instanceof SolominerError)) return error
  const path = new URL(url).pathname
  if (error instanceof HttpStatusError && error.response.status === 429) {
    return new SolominerError('RATE_LIMITED', `${label} is rate-limiting requests (HTTP 429 on ${path})`, {
      suggestions: ['Wait a few minutes and try again', 'Use your own node: --source node', 'Or point --api-url at another server'],
    })
  }
  if (error instanceof HttpStatusError) {
    return new SolominerError('API_ERROR', `${label} answered HTTP ${error.response.status} on ${path}`, {
      suggestions: ['Try again later, or use another source: --source node|mempool|blockchain|offline'],
    })
  }
  if (error.code === 'BAD_RESPONSE') return garbage(label, path, 'not JSON')
  const message = error.message.replace(describeUrl(url), `${label} (${path})`)
  return new SolominerError(error.code, message, {cause: error, exitCode: error.exitCode, suggestions: error.suggestions})
}

function garbage(label: string, path: string, what: string): SolominerError {
  return new SolominerError('BAD_RESPONSE', `${label} sent an unusable reply on ${path} (${what})`, {
    suggestions: ['Check the API base URL (--api-url, settings api.mempool/api.blockchain)', 'Or use another source: --source node|mempool|blockchain|offline'],
  })
}

function decimal(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value !== 'string' || !/^\s*\d+(?:\.\d+)?(?:e[+-]?\d+)?\s*$/i.test(value)) return null
  return Number(value)
}

function positive(value: unknown): number | null {
  const number = decimal(value)
  return number !== null && number > 0 ? number : null
}

function blockHeight(text: string): number | null {
  return /^\d{1,9}$/.test(text) ? Number(text) : null
}

function blockHash(text: string): string | null {
  return /^[0-9a-f]{64}$/i.test(text) ? text.toLowerCase() : null
}
