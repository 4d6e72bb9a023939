/**
 * The network state solo odds need (difficulty, height, tip, fees), from one of several sources:
 * the user's Bitcoin Core node, a mempool.space-compatible API, blockchain.info, or the embedded offline
 * snapshot. `auto` tries them in that order and records why each earlier one was skipped.
 */
import type {AppContext} from '../context.js'
import {SolominerError} from '../errors.js'
import {type ChainSourceKind, type Settings, readSettings} from '../settings/store.js'
import {type CookieLocation, type CookieSearch, expandHome, findCookie} from './cookie.js'
import type {NetworkSnapshot, SkippedSource} from './network-snapshot.js'
import {type NodeOptions, readNodeSnapshot} from './node.js'
import {readBlockchainInfoSnapshot, readMempoolSnapshot} from './public-api.js'
import {OFFLINE_SNAPSHOT} from './snapshot.js'

export type {ChainSourceKind} from '../settings/store.js'

export const DEFAULT_NODE_URL = 'http://127.0.0.1:8332'
export const DEFAULT_MEMPOOL_URL = 'https://mempool.space'
export const DEFAULT_BLOCKCHAIN_URL = 'https://blockchain.info'

export interface ChainSourceOptions extends CookieSearch {
  blockchainUrl?: string
  mempoolUrl?: string
  rpcCookie?: string
  rpcPassword?: string
  rpcUrl?: string
  rpcUser?: string
  source?: ChainSourceKind
  /** Also read recent fees (node: getblocktemplate; mempool: reward-stats/144). */
  wantFees?: boolean
  /** Also read the fees of the next block (node: getblocktemplate; mempool: fees/mempool-blocks). */
  wantNextBlockFees?: boolean
}

/** Options with every gap filled from flags > environment > settings > defaults. */
export interface ResolvedChainOptions {
  blockchainUrl: string
  mempoolUrl: string
  node: NodeOptions
  source: ChainSourceKind
  wantFees: boolean
  wantNextBlockFees: boolean
}

export async function readNetwork(ctx: AppContext, options: ChainSourceOptions = {}): Promise<NetworkSnapshot> {
  const resolved = await resolveChainOptions(ctx, options)
  if (resolved.source !== 'auto') return readSource(resolved.source, resolved, ctx)
  const skipped: SkippedSource[] = []
  for (const kind of liveSources(resolved)) {
    try {
      return withSkipped(await readSource(kind, resolved, ctx), skipped)
    } catch (error) {
      // Anything but a SolominerError is a bug, and Ctrl-C stops the search.
      if (ctx.signal.aborted || !(error instanceof SolominerError)) throw error
      ctx.debug(`${kind}: ${error.message}`)
      skipped.push({code: error.code, kind, message: error.message})
    }
  }
  return withSkipped(offlineSnapshot(), skipped)
}

function withSkipped(snapshot: NetworkSnapshot, skipped: SkippedSource[]): NetworkSnapshot {
  return skipped.length === 0 ? snapshot : {...snapshot, source: {...snapshot.source, skipped}}
}

/** Fills unset options from the environment and the settings file. */
export async function resolveChainOptions(
  ctx: AppContext,
  options: ChainSourceOptions = {},
): Promise<ResolvedChainOptions> {
  const settings = await readSettings(ctx)
  const env = ctx.env
  const pick = (option: string | undefined, envName: string, key: keyof Settings) =>
    option ?? nonEmpty(env[envName]) ?? settings[key]
  return {
    blockchainUrl: trimSlash(pick(options.blockchainUrl, 'SOLOMINER_BLOCKCHAIN_URL', 'api.blockchain') ?? DEFAULT_BLOCKCHAIN_URL),
    mempoolUrl: trimSlash(pick(options.mempoolUrl, 'SOLOMINER_MEMPOOL_URL', 'api.mempool') ?? DEFAULT_MEMPOOL_URL),
    node: await resolveNode(ctx, options, pick),
    source: options.source ?? (settings['odds.source'] as ChainSourceKind | undefined) ?? 'auto',
    wantFees: options.wantFees ?? false,
    wantNextBlockFees: options.wantNextBlockFees ?? false,
  }
}

async function resolveNode(
  ctx: AppContext,
  options: ChainSourceOptions,
  pick: (option: string | undefined, envName: string, key: keyof Settings) => string | undefined,
): Promise<NodeOptions> {
  const url = pick(options.rpcUrl, 'SOLOMINER_RPC_URL', 'node.url')
  const user = pick(options.rpcUser, 'SOLOMINER_RPC_USER', 'node.user') ?? null
  const password = pick(options.rpcPassword, 'SOLOMINER_RPC_PASSWORD', 'node.password') ?? null
  const cookiePath = pick(options.rpcCookie, 'SOLOMINER_RPC_COOKIE', 'node.cookie')
  const explicit = url !== undefined || user !== null || password !== null || cookiePath !== undefined
  let cookie: CookieLocation | null = null
  if (cookiePath !== undefined) cookie = {chain: 'main', defaultUrl: DEFAULT_NODE_URL, path: expandHome(cookiePath, options.home)}
  else if (password === null) cookie = await findCookie({env: options.env ?? ctx.env, home: options.home, platform: options.platform})
  return {cookie, explicit, password, url: trimSlash(url ?? cookie?.defaultUrl ?? DEFAULT_NODE_URL), user}
}

/** The live sources auto tries, in order: the node only when configured or a cookie file exists. */
function liveSources(resolved: ResolvedChainOptions): ChainSourceKind[] {
  const node = resolved.node.explicit || resolved.node.cookie !== null
  return node ? ['node', 'mempool', 'blockchain'] : ['mempool', 'blockchain']
}

function readSource(kind: ChainSourceKind, resolved: ResolvedChainOptions, ctx: AppContext): Promise<NetworkSnapshot> {
  switch (kind) {
    case 'node': {
      return readNodeSnapshot(resolved.node, ctx, {fees: resolved.wantFees, nextBlockFees: resolved.wantNextBlockFees})
    }
    case 'mempool': {
      return readMempoolSnapshot(resolved.mempoolUrl, ctx, {fees: resolved.wantFees, nextBlockFees: resolved.wantNextBlockFees})
    }
    case 'blockchain': {
      return readBlockchainInfoSnapshot(resolved.blockchainUrl, ctx)
    }
    default: {
      return Promise.resolve(offlineSnapshot())
    }
  }
}

export function offlineSnapshot(): NetworkSnapshot {
  return {
    bestBlockHash: OFFLINE_SNAPSHOT.bestBlockHash,
    bits: OFFLINE_SNAPSHOT.bits,
    chain: OFFLINE_SNAPSHOT.chain,
    difficulty: OFFLINE_SNAPSHOT.difficulty,
    feesSats: null,
    feesSource: null,
    height: OFFLINE_SNAPSHOT.height,
    source: {asOf: OFFLINE_SNAPSHOT.asOf, height: OFFLINE_SNAPSHOT.height, kind: 'offline', stale: true},
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}
