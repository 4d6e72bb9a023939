/**
 * The `odds` report: probabilities over standard windows, the reward, expected value and (optionally)
 * electricity economics and a best-share comparison. Pure: all inputs are given, nothing is fetched.
 */
import type {NetworkSnapshot, SnapshotSource} from '../chain/network-snapshot.js'
import {OFFLINE_SNAPSHOT} from '../chain/snapshot.js'
import {
  SECONDS_PER_DAY,
  SECONDS_PER_YEAR,
  blockProbability,
  expectedBlocks,
  expectedSecondsToBlock,
  medianSecondsToBlock,
  networkHashrate,
} from './math.js'
import {subsidySats} from '../bitcoin/consensus.js'

export interface OddsWindow {
  expectedBlocks: number
  label: string
  /** 1/P: "1 in N". */
  oneIn: number
  /** P(at least one block in the window). */
  probability: number
  seconds: number
}

export interface OddsReward {
  /** True when fees are unknown and totalSats is the subsidy only. */
  feesKnown: boolean
  feesSats: number | null
  feesSource: string | null
  /** Height of the block being mined now (tip + 1). */
  height: number
  /** True when the height is not live (manual difficulty or offline snapshot). */
  heightAssumed: boolean
  subsidySats: number
  totalSats: number
}

export interface OddsEconomics {
  btcPrice: number | null
  costPerDay: number | null
  currency: string | null
  expectedValuePerDay: number | null
  kwhPerDay: number | null
  kwhPrice: number | null
  /** Expected value minus electricity cost, per day (negative: solo mining costs you money on average). */
  netPerDay: number | null
  priceSource: string | null
  watts: number | null
}

export interface BestShare {
  difficulty: number
  /** How often a share this good is expected at this hashrate (seconds). */
  expectedSecondsPerShare: number
  /** best / network difficulty, unbounded (200T at 145T is 1.379...). */
  ratioToNetwork: number
  /** ratioToNetwork ≥ 1: a share that good meets the network target, i.e. it would have been a block. */
  wouldHaveBeenBlock: boolean
}

export interface OddsReport {
  bestShare?: BestShare
  chart: {label: string; probability: number; seconds: number}[]
  difficulty: number
  economics?: OddsEconomics
  expectedBlocksPerYear: number
  expectedSatsPerDay: number
  expectedSatsPerYear: number
  expectedSecondsToBlock: number
  hashrate: number
  medianSecondsToBlock: number
  networkHashrate: number
  /** Your share of the network hashrate. */
  networkShare: number
  reward: OddsReward
  source: SnapshotSource & {bestBlockHash?: string | null; bits?: string | null; chain?: string | null}
  windows: OddsWindow[]
}

export interface OddsInput {
  bestDiff?: number
  economics?: {btcPrice: number | null; currency: string | null; kwhPrice: number | null; priceSource: string | null; watts: number | null}
  hashrate: number
  network: NetworkSnapshot
  /** Extra windows (--period), with the label the user typed. */
  periods?: {label: string; seconds: number}[]
}

export const STANDARD_WINDOWS: {label: string; seconds: number}[] = [
  {label: '10m', seconds: 600},
  {label: '1h', seconds: 3600},
  {label: '1d', seconds: SECONDS_PER_DAY},
  {label: '7d', seconds: 7 * SECONDS_PER_DAY},
  {label: '30d', seconds: 30 * SECONDS_PER_DAY},
  {label: '1y', seconds: SECONDS_PER_YEAR},
]

/** Horizons of the P(≥1 block) chart: one day to ten years, then further while the chance is small. */
const CHART_HORIZONS: {label: string; seconds: number}[] = [
  {label: '1d', seconds: SECONDS_PER_DAY},
  {label: '1w', seconds: 7 * SECONDS_PER_DAY},
  {label: '1mo', seconds: 30 * SECONDS_PER_DAY},
  {label: '3mo', seconds: 91 * SECONDS_PER_DAY},
  {label: '6mo', seconds: 182 * SECONDS_PER_DAY},
  {label: '1y', seconds: SECONDS_PER_YEAR},
  {label: '2y', seconds: 2 * SECONDS_PER_YEAR},
  {label: '5y', seconds: 5 * SECONDS_PER_YEAR},
  {label: '10y', seconds: 10 * SECONDS_PER_YEAR},
  {label: '25y', seconds: 25 * SECONDS_PER_YEAR},
  {label: '50y', seconds: 50 * SECONDS_PER_YEAR},
  {label: '100y', seconds: 100 * SECONDS_PER_YEAR},
]

export function computeOdds(input: OddsInput): OddsReport {
  const {hashrate, network} = input
  const {difficulty} = network
  const window = ({label, seconds}: {label: string; seconds: number}): OddsWindow => {
    const probability = blockProbability(hashrate, difficulty, seconds)
    return {expectedBlocks: expectedBlocks(hashrate, difficulty, seconds), label, oneIn: 1 / probability, probability, seconds}
  }
  const reward = computeReward(network)
  const blocksPerDay = expectedBlocks(hashrate, difficulty, SECONDS_PER_DAY)
  const expectedSatsPerDay = blocksPerDay * reward.totalSats
  const report: OddsReport = {
    chart: chartPoints(hashrate, difficulty),
    difficulty,
    expectedBlocksPerYear: expectedBlocks(hashrate, difficulty, SECONDS_PER_YEAR),
    expectedSatsPerDay,
    expectedSatsPerYear: expectedSatsPerDay * 365,
    expectedSecondsToBlock: expectedSecondsToBlock(hashrate, difficulty),
    hashrate,
    medianSecondsToBlock: medianSecondsToBlock(hashrate, difficulty),
    networkHashrate: networkHashrate(difficulty),
    networkShare: hashrate / networkHashrate(difficulty),
    reward,
    source: {...network.source, bestBlockHash: network.bestBlockHash, bits: network.bits, chain: network.chain},
    windows: mergeWindows(input.periods ?? []).map((entry) => window(entry)),
  }
  if (input.economics) report.economics = computeEconomics(input.economics, expectedSatsPerDay)
  if (input.bestDiff !== undefined) {
    report.bestShare = {
      difficulty: input.bestDiff,
      expectedSecondsPerShare: expectedSecondsToBlock(hashrate, input.bestDiff),
      ratioToNetwork: input.bestDiff / difficulty,
      wouldHaveBeenBlock: input.bestDiff >= difficulty,
    }
  }
  return report
}

/**
 * The standard windows plus the extra ones, shortest first. An extra window as long as one already
 * listed (24h next to 1d, or given twice) is dropped: the first label wins, standard ones first.
 */
function mergeWindows(extra: {label: string; seconds: number}[]): {label: string; seconds: number}[] {
  const merged = [...STANDARD_WINDOWS]
  for (const entry of extra) {
    if (!merged.some((known) => known.seconds === entry.seconds)) merged.push(entry)
  }
  return merged.sort((a, b) => a.seconds - b.seconds)
}

/**
 * The reward of the next block. Without a live height (manual difficulty), the embedded snapshot's
 * height stands in: the subsidy only changes every 210,000 blocks (~4 years).
 */
function computeReward(network: NetworkSnapshot): OddsReward {
  const live = network.height !== null && network.source.kind !== 'offline'
  const height = (network.height ?? OFFLINE_SNAPSHOT.height) + 1
  const subsidy = subsidySats(height)
  return {
    feesKnown: network.feesSats !== null,
    feesSats: network.feesSats,
    feesSource: network.feesSource ?? (network.feesSats === null ? 'unknown: no live source' : null),
    height,
    heightAssumed: !live,
    subsidySats: subsidy,
    totalSats: subsidy + (network.feesSats ?? 0),
  }
}

function computeEconomics(input: NonNullable<OddsInput['economics']>, satsPerDay: number): OddsEconomics {
  const kwhPerDay = input.watts === null ? null : (input.watts * 24) / 1000
  const costPerDay = kwhPerDay === null || input.kwhPrice === null ? null : kwhPerDay * input.kwhPrice
  const expectedValuePerDay = input.btcPrice === null ? null : (satsPerDay / 1e8) * input.btcPrice
  return {
    btcPrice: input.btcPrice,
    costPerDay,
    currency: input.currency,
    expectedValuePerDay,
    kwhPerDay,
    kwhPrice: input.kwhPrice,
    netPerDay: costPerDay === null || expectedValuePerDay === null ? null : expectedValuePerDay - costPerDay,
    priceSource: input.priceSource,
    watts: input.watts,
  }
}

/** All horizons to 10 years; beyond that only until the chance passes 99 %. */
function chartPoints(hashrate: number, difficulty: number) {
  const points = []
  for (const {label, seconds} of CHART_HORIZONS) {
    const probability = blockProbability(hashrate, difficulty, seconds)
    points.push({label, probability, seconds})
    if (seconds >= 10 * SECONDS_PER_YEAR && probability >= 0.99) break
  }
  return points
}
