/**
 * `pool check`: connect to a pool as a miner would, take its first job, rebuild the coinbase and prove
 * whether (and how much of) the block reward would go to the user's address; then compare the job with
 * the chain tip, so a pool building on another chain (e.g. Bitcoin Cash) is caught.
 */
import type {BitcoinNetworkName} from '../bitcoin/address.js'
import {
  type CoinbaseOutput,
  type DecodedCoinbase,
  MAX_MONEY_SATS,
  decodeCoinbase,
  formatBtc,
  isSameScript,
  payoutShare,
  stratumPrevhashToDisplay,
} from '../bitcoin/coinbase.js'
import {type ChainSourceOptions, readNetwork} from '../chain/network.js'
import type {NetworkSnapshot} from '../chain/network-snapshot.js'
import {isRetargetHeight} from '../chain/node.js'
import type {AppContext} from '../context.js'
import {type SolominerError, errorMessage} from '../errors.js'
import {PoolUnreachableError} from '../net/stratum.js'
import {difficultyFromBits, subsidySats} from '../bitcoin/consensus.js'
import {resolvePoolInput} from './presets.js'
import {userPayoutAddress} from './user.js'
import {refuseHiddenCharacters} from '../text/sanitize.js'
import {type StratumJob, readFirstJob} from '../stratum/session.js'

export type PoolVerdict = 'does-not-pay-you' | 'pays-you' | 'pays-you-partly'

export interface PoolCheck {
  detail: string
  name: string
  /** null: could not be checked (said in `detail`), or information only. */
  ok: boolean | null
}

export interface PoolCheckResult {
  checks: PoolCheck[]
  job: {
    coinbaseTag: string | null
    height: number | null
    nbits: string
    networkDifficulty: number
    /** Display order (as block explorers show it). */
    prevhash: string
  }
  latencyMs: number
  outputs: Array<{address: string | null; isUser: boolean; sats: string; script: string}>
  reachable: boolean
  /** Why the verdict is not `pays-you` (one sentence), null when it is. */
  reason: string | null
  shareDifficulty: number | null
  timeToJobMs: number
  url: string
  user: string
  userSharePercent: number
  verdict: PoolVerdict
}

export interface PoolCheckOptions {
  /** Where the chain tip comes from; false skips the chain checks. */
  chain?: ChainSourceOptions | false
  insecureTls?: boolean
  minSharePercent?: number
  network?: BitcoinNetworkName
  password?: string
  /** URL in any form parsePoolUrl accepts, or a preset name. */
  pool: string
  /** `<address>[.<worker>]`, sent as is to mining.authorize. */
  user: string
  /** Sent with mining.subscribe (default `solominer/<version>`); a miner's own lets a pool not tell us apart. */
  userAgent?: string
}

/** What `pool check --json` prints when the pool cannot be reached: the same keys, nothing known. */
export interface UnreachablePoolResult {
  checks: PoolCheck[]
  error: ReturnType<SolominerError['toJSON']>
  job: null
  latencyMs: null
  outputs: []
  reachable: false
  reason: null
  shareDifficulty: null
  timeToJobMs: null
  url: string
  user: string
  userSharePercent: null
  verdict: null
}

export const DEFAULT_MIN_SHARE_PERCENT = 95

/** How the `reason` of a coinbase that breaks a consensus rule starts (the switch gate quotes it). */
export const INVALID_COINBASE = 'The coinbase can never be in a valid block'

/** Bitcoin Core's `chain` names for each network (testnet covers testnet3 and testnet4). */
const CORE_CHAIN_NAMES: Record<BitcoinNetworkName, string[]> = {
  mainnet: ['main'],
  regtest: ['regtest'],
  signet: ['signet'],
  testnet: ['test', 'testnet4'],
}

/**
 * The most a coinbase may claim above the subsidy when no live source tells the next block's fees. Fees
 * above 10 BTC in one block are very rare (the 2024 halving block paid 37.6 BTC); such a pool is
 * flagged, and a chain source (--source node|mempool) lifts the ceiling to what the mempool holds.
 */
export const FEE_CEILING_SATS = 10n * 100_000_000n
/**
 * With a live source, the fees may reach twice its next-block fees plus 1 BTC: the pool's mempool is
 * not the source's, and transactions arrive between the two reads. No honest template goes beyond.
 */
export const FEE_MARGIN_FACTOR = 2n
export const FEE_MARGIN_SATS = 100_000_000n

/** A retarget moves the difficulty by at most 4×. */
const FOREIGN_DIFFICULTY_RATIO = 4

export async function checkPool(options: PoolCheckOptions, ctx: AppContext): Promise<PoolCheckResult> {
  const network = options.network ?? 'mainnet'
  refuseHiddenCharacters(options.pool, 'pool URL')
  refuseHiddenCharacters(options.user, 'pool user')
  if (options.password !== undefined) refuseHiddenCharacters(options.password, 'pool password')
  const payout = userPayoutAddress(options.user, network, 'pool check compares what the pool pays with your address')
  const pool = resolvePoolInput(options.pool)
  // The tip is read while the pool is asked (readLiveTip never rejects).
  const chainOptions = options.chain
  const readTip = () => (chainOptions === false ? Promise.resolve(null) : readLiveTip(ctx, chainOptions ?? {}, network))
  const tip = readTip()
  const session = await readFirstJob({
    host: pool.host,
    insecureTls: options.insecureTls,
    password: options.password ?? 'x',
    port: pool.port,
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
    tls: pool.tls,
    user: options.user,
    userAgent: options.userAgent ?? ctx.userAgent,
  })
  const coinbase = decodeCoinbase(session.job, network)
  const share = payoutShare(coinbase.outputs, payout.script)
  const minShare = options.minSharePercent ?? DEFAULT_MIN_SHARE_PERCENT
  const snapshot = await tip
  const chain = await chainVerdict(session.job, coinbase, snapshot, readTip, network)
  const impossible = impossibleCoinbase(coinbase, share.totalSats)
  const reward = rewardCheck(coinbase.height, share.totalSats, network, feeCeiling(snapshot))
  // A coinbase no valid block can carry pays nothing, whatever its outputs say.
  const invalid = impossible ?? (reward.impossible ? lowerFirst(reward.check.detail) : null)
  const userSharePercent = invalid === null ? share.percent : 0
  const verdict = invalid !== null || chain.foreign ? 'does-not-pay-you' : verdictFor(share.percent, minShare)
  const checks: PoolCheck[] = [
    {detail: impossible ?? coinbaseDetail(coinbase, share.totalSats), name: 'coinbase', ok: impossible === null},
    {detail: payoutDetail(userSharePercent, invalid === null ? share.userSats : 0n, minShare), name: 'payout', ok: userSharePercent >= minShare},
    reward.check,
    ...chain.checks,
    versionRollingInfo(session.versionMask),
    ...session.notes.map((note) => ({detail: note, name: 'pool-message', ok: null})),
  ]
  return {
    checks,
    job: jobSummary(session.job, coinbase),
    latencyMs: session.latencyMs,
    outputs: coinbase.outputs.map((output) => publicOutput(output, payout.script)),
    reachable: true,
    reason: verdictReason(verdict, invalid, chain, userSharePercent, minShare),
    shareDifficulty: session.shareDifficulty,
    timeToJobMs: session.timeToJobMs,
    url: pool.url,
    user: options.user,
    userSharePercent,
    verdict,
  }
}

function verdictReason(verdict: PoolVerdict, invalid: string | null, chain: ChainVerdict, share: number, minShare: number): string | null {
  if (invalid !== null) return `${INVALID_COINBASE}: ${invalid}`
  if (chain.foreign) return chain.checks.find((check) => check.name === 'same-chain')?.detail ?? 'The job is not on your chain'
  if (verdict === 'pays-you-partly') return `Only ${share} % of the reward goes to your address (at least ${minShare} % expected)`
  if (verdict === 'does-not-pay-you') return 'No output pays your address'
  return null
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

/**
 * Consensus rules the coinbase breaks whatever the chain (a block carrying it is invalid), or null:
 * no outputs, a negative output, an output or a total above 21 million BTC, no valid BIP34 height.
 */
function impossibleCoinbase(coinbase: DecodedCoinbase, totalSats: bigint): string | null {
  if (coinbase.outputs.length === 0) return 'it has no outputs, so it pays nobody'
  const negative = coinbase.outputs.findIndex((output) => output.sats < 0n)
  if (negative !== -1) return `output ${negative + 1} has a negative value (${coinbase.outputs[negative]!.sats} sats)`
  const huge = coinbase.outputs.findIndex((output) => output.sats > MAX_MONEY_SATS)
  if (huge !== -1) return `output ${huge + 1} claims ${formatBtc(coinbase.outputs[huge]!.sats)}, more than the 21,000,000 BTC that can ever exist`
  if (totalSats > MAX_MONEY_SATS) return `its outputs claim ${formatBtc(totalSats)} together, more than the 21,000,000 BTC that can ever exist`
  return coinbase.heightProblem
}

interface FeeCeiling {
  sats: bigint
  /** Where the ceiling comes from, for the reward check's detail. */
  why: string
}

/** The most the next block's fees can be: from the live source's next-block fees, else FEE_CEILING_SATS. */
function feeCeiling(snapshot: NetworkSnapshot | string | null): FeeCeiling {
  const live = typeof snapshot === 'object' ? snapshot : null
  const fees = live?.nextBlockFeesSats ?? null
  if (live === null || fees === null) return {sats: FEE_CEILING_SATS, why: `at most ${formatBtc(FEE_CEILING_SATS)} in fees without a live fee figure`}
  const sats = BigInt(fees) * FEE_MARGIN_FACTOR + FEE_MARGIN_SATS
  return {sats, why: `at most ${formatBtc(sats)} in fees (twice the ${formatBtc(BigInt(fees))} the ${live.source.kind} source expects in the next block, plus 1 BTC)`}
}

/** The result for a pool that could not be reached, or null when `error` is about something else. */
export function unreachablePoolResult(options: PoolCheckOptions, error: unknown): UnreachablePoolResult | null {
  if (!(error instanceof PoolUnreachableError)) return null
  return {
    checks: [{detail: error.message, name: 'connect', ok: false}],
    error: error.toJSON(),
    job: null,
    latencyMs: null,
    outputs: [],
    reachable: false,
    reason: null,
    shareDifficulty: null,
    timeToJobMs: null,
    url: resolvePoolInput(options.pool).url,
    user: options.user,
    userSharePercent: null,
    verdict: null,
  }
}

export function verdictFor(sharePercent: number, minSharePercent: number): PoolVerdict {
  if (sharePercent >= minSharePercent) return 'pays-you'
  return sharePercent > 0 ? 'pays-you-partly' : 'does-not-pay-you'
}

function publicOutput(output: CoinbaseOutput, userScript: Uint8Array): PoolCheckResult['outputs'][number] {
  return {address: output.address, isUser: isSameScript(output.script, userScript), sats: output.sats.toString(), script: output.script}
}

function jobSummary(job: StratumJob, coinbase: DecodedCoinbase): PoolCheckResult['job'] {
  return {
    coinbaseTag: coinbase.tag,
    height: coinbase.height,
    nbits: job.nbits,
    networkDifficulty: difficultyFromBits(job.nbits),
    prevhash: stratumPrevhashToDisplay(job.prevhash),
  }
}

/** Information only: miners with ASIC version rolling (BM13xx) hash more efficiently with it. */
function versionRollingInfo(mask: string | null): PoolCheck {
  const detail = mask === null ? 'The pool did not offer version rolling (mining.configure)' : `Version rolling allowed, mask ${mask}`
  return {detail, name: 'version-rolling', ok: null}
}

function coinbaseDetail(coinbase: DecodedCoinbase, totalSats: bigint): string {
  return `${coinbase.outputs.length} output(s) paying ${formatBtc(totalSats)} in total`
}

function payoutDetail(percent: number, userSats: bigint, minShare: number): string {
  if (userSats === 0n) return 'No output pays your address'
  return `${percent} % (${formatBtc(userSats)}) goes to your address (at least ${minShare} % expected)`
}

/**
 * The coinbase's value against the subsidy at its height plus the most the fees can be. Claiming less
 * throws the rest away (a "100 %" of too little); claiming more makes the block invalid (`impossible`).
 * Regtest halves every 150 blocks, so its subsidy is not checked.
 */
function rewardCheck(height: number | null, totalSats: bigint, network: BitcoinNetworkName, ceiling: FeeCeiling): {check: PoolCheck; impossible: boolean} {
  if (height === null || network === 'regtest') return {check: {detail: 'Subsidy not checked', name: 'reward', ok: null}, impossible: false}
  const subsidy = BigInt(subsidySats(height))
  if (totalSats < subsidy) {
    const detail = `The coinbase claims ${formatBtc(totalSats)}, less than the ${formatBtc(subsidy)} subsidy at height ${height}`
    return {check: {detail, name: 'reward', ok: false}, impossible: false}
  }
  if (totalSats - subsidy > ceiling.sats) {
    const detail = `The coinbase claims ${formatBtc(totalSats)}, more than the ${formatBtc(subsidy)} subsidy at height ${height} plus ${ceiling.why}`
    return {check: {detail, name: 'reward', ok: false}, impossible: true}
  }
  return {check: {detail: `The ${formatBtc(subsidy)} subsidy plus ${formatBtc(totalSats - subsidy)} in fees`, name: 'reward', ok: true}, impossible: false}
}

/** The chain tip from a live source; the embedded offline snapshot is too old to compare a job with. */
async function readLiveTip(ctx: AppContext, chain: ChainSourceOptions, network: BitcoinNetworkName): Promise<NetworkSnapshot | string> {
  // Public APIs only know mainnet: other networks need the user's node.
  const source = network !== 'mainnet' && (chain.source ?? 'auto') === 'auto' ? 'node' : chain.source
  try {
    const snapshot = await readNetwork(ctx, {...chain, source, wantNextBlockFees: true})
    if (snapshot.source.kind === 'offline' || snapshot.source.stale) return 'no live chain source answered'
    const chainName = snapshot.chain
    if (chainName !== null && !CORE_CHAIN_NAMES[network].includes(chainName)) {
      return `the chain source is on "${chainName}", not ${network}`
    }
    return snapshot
  } catch (error) {
    return `the chain source did not answer (${errorMessage(error)})`
  }
}

interface ChainVerdict {
  checks: PoolCheck[]
  /** The job does not build on the tip of the user's chain: whatever it pays, the block would not count. */
  foreign: boolean
}

/**
 * The chain checks; on a mismatch the tip is read once more, as a block found while the pool was asked
 * makes an honest pool's job look foreign.
 */
async function chainVerdict(
  job: StratumJob,
  coinbase: DecodedCoinbase,
  snapshot: NetworkSnapshot | string | null,
  rereadTip: () => Promise<NetworkSnapshot | string | null>,
  network: BitcoinNetworkName,
): Promise<ChainVerdict> {
  const first = chainChecks(job, coinbase, snapshot, network)
  if (!first.foreign) return first
  const again = await rereadTip()
  if (again === null || typeof again === 'string') return first
  return chainChecks(job, coinbase, again, network)
}

function chainChecks(
  job: StratumJob,
  coinbase: DecodedCoinbase,
  snapshot: NetworkSnapshot | string | null,
  network: BitcoinNetworkName,
): ChainVerdict {
  if (snapshot === null) return {checks: [{detail: 'Skipped on request', name: 'chain', ok: null}], foreign: false}
  if (typeof snapshot === 'string') {
    return {checks: [{detail: `Not checked: ${snapshot}`, name: 'chain', ok: null}], foreign: false}
  }
  const where = `${snapshot.source.kind}${snapshot.source.url ? ` ${snapshot.source.url}` : ''}`
  const height = heightCheck(coinbase.height, snapshot.height)
  const prevhash = prevhashCheck(stratumPrevhashToDisplay(job.prevhash), snapshot.bestBlockHash)
  const difficulty = difficultyCheck(job.nbits, snapshot, network)
  // A job that does not extend the tip, is not at the next height or has another target is not mining the
  // user's chain (difficultyCheck already allows for a retarget it cannot verify).
  const foreign = prevhash.ok === false || height.ok === false || difficulty.ok === false
  return {checks: [height, prevhash, difficulty, sameChainCheck(foreign, network, where)], foreign}
}

function sameChainCheck(foreign: boolean, network: BitcoinNetworkName, where: string): PoolCheck {
  const detail = foreign
    ? `The job does not build on the ${network} tip from ${where}: this pool mines another chain (e.g. Bitcoin Cash) or a stale tip, so its blocks would not pay you`
    : `The job builds on the ${network} chain seen by ${where}`
  return {detail, name: 'same-chain', ok: !foreign}
}

function heightCheck(height: number | null, tip: number | null): PoolCheck {
  if (height === null) return {detail: 'The coinbase carries no BIP34 height', name: 'height', ok: false}
  if (tip === null) return {detail: `Height ${height}; the chain source gave no tip height`, name: 'height', ok: null}
  const ok = height === tip + 1
  const detail = ok ? `Height ${height} = tip + 1` : `Height ${height}, but the next block is ${tip + 1}`
  return {detail, name: 'height', ok}
}

function prevhashCheck(prevhash: string, tip: string | null): PoolCheck {
  if (tip === null) return {detail: 'The chain source gave no tip hash', name: 'prevhash', ok: null}
  const ok = prevhash === tip.toLowerCase()
  return {detail: ok ? 'Builds on the current tip' : `Builds on ${prevhash}, but the tip is ${tip}`, name: 'prevhash', ok}
}

/**
 * The job's nbits against the next block's: a node that tells it (Core 29+ getmininginfo `next`, or
 * getblocktemplate at a retarget), else the tip's, which the next block keeps except at a retarget or on
 * a testnet (minimum-difficulty blocks). When neither is known only a gap larger than a retarget allows fails.
 */
function difficultyCheck(nbits: string, snapshot: NetworkSnapshot, network: BitcoinNetworkName): PoolCheck {
  const nextHeight = snapshot.height === null ? null : snapshot.height + 1
  const mayChange = network === 'testnet' || nextHeight === null || isRetargetHeight(nextHeight)
  const expected = snapshot.nextBits ?? (mayChange ? null : snapshot.bits)
  if (expected !== null) {
    const ok = expected.toLowerCase() === nbits
    return {detail: ok ? `nbits ${nbits} matches the network` : `nbits ${nbits}, but the next block needs ${expected}`, name: 'difficulty', ok}
  }
  const jobDifficulty = difficultyFromBits(nbits)
  const ratio = jobDifficulty / snapshot.difficulty
  const detail = `Difficulty ${jobDifficulty.toPrecision(6)} from nbits ${nbits}; the network's is ${snapshot.difficulty.toPrecision(6)}`
  if (mayChange) {
    // A retarget moves the difficulty by at most 4x; the chain source could not say the new value.
    const far = ratio > FOREIGN_DIFFICULTY_RATIO || ratio < 1 / FOREIGN_DIFFICULTY_RATIO
    const why = nextHeight !== null && isRetargetHeight(nextHeight) ? `block ${nextHeight} starts a new difficulty period` : 'the next difficulty is not known'
    return {detail: `${detail}${far ? ', more than a retarget allows' : ` (${why})`}`, name: 'difficulty', ok: far ? false : null}
  }
  // APIs round the difficulty; 1 % is far tighter than any real mismatch.
  return {detail, name: 'difficulty', ok: Math.abs(ratio - 1) < 0.01}
}
