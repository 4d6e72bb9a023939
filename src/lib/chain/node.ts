/**
 * Bitcoin Core JSON-RPC, as much as odds and pool checks need. Replies are read in both envelopes:
 * legacy 1.x (`result` and `error` both present; RPC errors arrive with HTTP 500/404) and 2.0 (HTTP 200
 * with either `result` or `error`). A 401 has an empty body, so its meaning comes from the status alone.
 */
import type {AppContext} from '../context.js'
import {SolominerError} from '../errors.js'
import {describeUrl} from '../net/http.js'
import {subsidySats} from '../bitcoin/consensus.js'
import {redactUrlPassword} from '../text/redact.js'
import {deviceString} from '../text/sanitize.js'
import {type CookieLocation, readCookie} from './cookie.js'
import type {FeeWants, NetworkSnapshot} from './network-snapshot.js'

/** Bitcoin Core's RPC_IN_WARMUP. */
const RPC_IN_WARMUP = -28

/** An error object the node returned (`{"code", "message"}`). */
export class RpcError extends SolominerError {
  constructor(
    readonly rpcCode: number,
    readonly method: string,
    message: string,
  ) {
    super('API_ERROR', `Bitcoin node refused ${method}: ${message} (code ${rpcCode})`)
  }
}

interface Credentials {
  password: string
  user: string
}

export interface NodeOptions {
  cookie: CookieLocation | null
  /** True when the user configured the node (URL, credentials or cookie path) rather than us guessing. */
  explicit: boolean
  password: string | null
  url: string
  user: string | null
}

/** A connection whose cookie is re-read once after a 401 (the node regenerates it at every start). */
export interface NodeClient {
  call<T>(method: string, params?: unknown[]): Promise<T>
  url: string
}

export function createNodeClient(node: NodeOptions, ctx: AppContext): NodeClient {
  const {url, urlCredentials} = splitUrlCredentials(node.url)
  let credentials: Promise<Credentials | null> | undefined
  const loadCredentials = () => (credentials ??= nodeCredentials(node, urlCredentials))
  let id = 0

  async function post(method: string, params: unknown[], auth: Credentials | null) {
    id++
    try {
      return await ctx.http.request({
        auth: auth ? {...auth, scheme: 'basic'} : undefined,
        body: JSON.stringify({id, jsonrpc: '2.0', method, params}),
        headers: {'content-type': 'application/json'},
        method: 'POST',
        url: `${url}/`,
      })
    } catch (error) {
      throw relabel(error, url)
    }
  }

  return {
    async call<T>(method: string, params: unknown[] = []): Promise<T> {
      let auth = await loadCredentials()
      let response = await post(method, params, auth)
      if (response.status === 401 && node.cookie && node.user === null && node.password === null) {
        credentials = undefined
        auth = await loadCredentials()
        response = await post(method, params, auth)
      }
      if (response.status === 401) throw wrongCredentials(url, node, auth !== null)
      return parseReply<T>(response.status, response.body, method, url)
    },
    url,
  }
}

/** Difficulty, height, tip and (optionally) fees from the node. */
export async function readNodeSnapshot(node: NodeOptions, ctx: AppContext, want: FeeWants): Promise<NetworkSnapshot> {
  const client = createNodeClient(node, ctx)
  const state = await readChainState(client)
  const bestBlockHash = state.bestBlockHash ?? (await optional(() => client.call<unknown>('getbestblockhash')))
  const needTemplate = want.fees || want.nextBlockFees || (state.nextBits === null && nextBitsMayChange(state))
  const template = needTemplate ? await readTemplate(client, state.chain) : null
  return {
    ...(want.nextBlockFees ? {nextBlockFeesSats: template ? templateFees(template).feesSats : null} : {}),
    bestBlockHash: typeof bestBlockHash === 'string' ? deviceString(bestBlockHash, 64) : null,
    bits: state.bits,
    chain: state.chain,
    difficulty: state.difficulty,
    ...(want.fees && template ? templateFees(template) : {feesSats: null, feesSource: null}),
    height: state.height,
    // The template is also read for fees; its bits matter only where the tip's may not carry over.
    nextBits: state.nextBits ?? (template && 'bits' in template && nextBitsMayChange(state) ? template.bits : null),
    source: {asOf: new Date().toISOString(), height: state.height ?? undefined, kind: 'node', url: client.url},
  }
}

interface ChainState {
  bestBlockHash: string | null
  bits: string | null
  /** getmininginfo `next.bits` (Core 29+): the next block's nbits, which differs from the tip's at a retarget. */
  nextBits: string | null
  chain: string | null
  difficulty: number
  height: number | null
}

/**
 * getmininginfo for the difficulty (getblockchaininfo, then getdifficulty + getblockcount, when the node
 * refuses it), and getblockchaininfo for the tip and to refuse a node still in initial sync: its
 * difficulty would be years old.
 */
async function readChainState(client: NodeClient): Promise<ChainState> {
  const mining = await optional(() => client.call<Record<string, unknown>>('getmininginfo'))
  const chain = await optional(() => client.call<Record<string, unknown>>('getblockchaininfo'))
  if (chain?.initialblockdownload === true) throw stillSyncing(client.url, chain.verificationprogress)
  const bestBlockHash = stringOrNull(chain?.bestblockhash)
  if (mining) return {...chainState(mining, 'getmininginfo', client.url), bestBlockHash}
  if (chain) return {...chainState(chain, 'getblockchaininfo', client.url), bestBlockHash}
  const difficulty = await client.call<unknown>('getdifficulty')
  const height = await optional(() => client.call<unknown>('getblockcount'))
  return {
    bestBlockHash: null,
    bits: null,
    chain: null,
    nextBits: null,
    difficulty: positiveNumber(difficulty, 'getdifficulty', client.url),
    height: typeof height === 'number' && Number.isInteger(height) ? height : null,
  }
}

function stillSyncing(url: string, progress: unknown): SolominerError {
  const percent = typeof progress === 'number' ? ` (${(progress * 100).toFixed(1)} % verified)` : ''
  return new SolominerError('NODE_STARTING', `Bitcoin node at ${url} is still syncing${percent}: its difficulty is not current`, {
    suggestions: ['Wait until the node has caught up, or use --source mempool meanwhile'],
  })
}

function chainState(info: Record<string, unknown> | null, method: string, url: string): Omit<ChainState, 'bestBlockHash'> {
  if (typeof info !== 'object' || info === null) {
    throw new SolominerError('BAD_RESPONSE', `Bitcoin node at ${url} answered ${method} without an object`)
  }
  const height = info.blocks
  return {
    bits: stringOrNull(info.bits),
    chain: stringOrNull(info.chain),
    difficulty: positiveNumber(info.difficulty, method, url),
    height: typeof height === 'number' && Number.isInteger(height) ? height : null,
    nextBits: nextBitsOf(info.next),
  }
}

function nextBitsOf(next: unknown): string | null {
  return typeof next === 'object' && next !== null ? stringOrNull((next as Record<string, unknown>).bits) : null
}

/**
 * Whether the next block's nbits may differ from the tip's: at a retarget boundary, and on testnets,
 * where a block found 20 minutes after the previous one may use the minimum difficulty.
 */
function nextBitsMayChange(state: ChainState): boolean {
  if (state.chain === 'test' || state.chain === 'testnet4') return true
  return state.height !== null && isRetargetHeight(state.height + 1)
}

/** Every 2016th block starts a new difficulty period. */
export function isRetargetHeight(height: number): boolean {
  return height % 2016 === 0
}

type Template = {bits: string | null; coinbasevalue: unknown; height: unknown} | {refusedCode: number}

/** getblocktemplate: the block the node would mine now. Nodes refuse it during initial sync or without peers. */
async function readTemplate(client: NodeClient, chain: string | null): Promise<Template> {
  const rules = chain === 'signet' ? ['segwit', 'signet'] : ['segwit']
  try {
    const template = await client.call<Record<string, unknown> | null>('getblocktemplate', [{rules}])
    return {bits: stringOrNull(template?.bits), coinbasevalue: template?.coinbasevalue, height: template?.height}
  } catch (error) {
    if (!isRefusal(error)) throw error
    return {refusedCode: (error as RpcError).rpcCode}
  }
}

/**
 * Average fees of the block the node would mine now: getblocktemplate's coinbasevalue minus the subsidy.
 * Nodes refuse it during initial sync or without peers; then the reward is the subsidy only.
 */
function templateFees(template: Template) {
  if ('refusedCode' in template) {
    return {feesSats: null, feesSource: `unknown: the node refused getblocktemplate (code ${template.refusedCode})`}
  }
  const value = template.coinbasevalue
  const height = template.height
  if (typeof value !== 'number' || typeof height !== 'number') {
    return {feesSats: null, feesSource: 'unknown: getblocktemplate had no coinbasevalue'}
  }
  return {feesSats: Math.max(0, value - subsidySats(height)), feesSource: 'node getblocktemplate'}
}

function parseReply<T>(status: number, body: string, method: string, url: string): T {
  if (status === 403) {
    throw new SolominerError('AUTH_FAILED', `Bitcoin node at ${url} does not allow this user to call ${method}`, {
      suggestions: ['Allow the method in the node\'s rpcwhitelist, or use another RPC user'],
    })
  }
  let reply: {error?: {code?: unknown; message?: unknown} | null; result?: unknown}
  try {
    reply = JSON.parse(body)
  } catch {
    throw new SolominerError(
      status >= 200 && status < 300 ? 'BAD_RESPONSE' : 'API_ERROR',
      `Bitcoin node at ${url} answered ${method} with HTTP ${status} and no JSON-RPC reply`,
      {suggestions: ['Check that --rpc-url points at bitcoind\'s RPC port (8332 on mainnet)']},
    )
  }
  const error = reply?.error
  if (error !== undefined && error !== null) {
    const code = typeof error.code === 'number' ? error.code : 0
    const message = deviceString(error.message) ?? 'unknown error'
    if (code === RPC_IN_WARMUP) {
      throw new SolominerError('NODE_STARTING', `Bitcoin node at ${url} is still starting (${message})`, {
        suggestions: ['Wait until bitcoind has finished loading, then try again', 'Or use --source mempool'],
      })
    }
    throw new RpcError(code, method, message)
  }
  if (!('result' in (reply ?? {}))) {
    throw new SolominerError('BAD_RESPONSE', `Bitcoin node at ${url} answered ${method} without a result`)
  }
  return reply.result as T
}

function wrongCredentials(url: string, node: NodeOptions, sent: boolean): SolominerError {
  if (!sent) {
    return new SolominerError('AUTH_FAILED', `Bitcoin node at ${url} needs RPC credentials, and no cookie file was found`, {
      suggestions: [
        'Give the cookie with --rpc-cookie (it is in the node\'s data directory), or --rpc-user with SOLOMINER_RPC_PASSWORD',
      ],
    })
  }
  const cookie = node.user === null && node.password === null && node.cookie
  return new SolominerError('AUTH_FAILED', `Bitcoin node at ${url} rejected the login: wrong RPC credentials`, {
    suggestions: cookie
      ? [
          `The cookie ${node.cookie!.path} may belong to another node or chain: give the right one with --rpc-cookie`,
          'Or use --rpc-user with --rpc-password (or SOLOMINER_RPC_PASSWORD)',
        ]
      : ['Check --rpc-user and --rpc-password (or SOLOMINER_RPC_PASSWORD) against rpcauth/rpcuser in bitcoin.conf'],
  })
}

async function nodeCredentials(node: NodeOptions, fromUrl: Credentials | null): Promise<Credentials | null> {
  if (node.user !== null || node.password !== null) return {password: node.password ?? '', user: node.user ?? ''}
  if (fromUrl) return fromUrl
  return node.cookie ? readCookie(node.cookie.path) : null
}

/** `http://user:pass@host:8332` → credentials, and the URL without them (never shown in messages). */
function splitUrlCredentials(raw: string): {url: string; urlCredentials: Credentials | null} {
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new SolominerError('INVALID_INPUT', `Invalid RPC URL "${redactUrlPassword(raw)}": expected http://host:port`)
  }
  const urlCredentials = parsed.username
    ? {password: decodeURIComponent(parsed.password), user: decodeURIComponent(parsed.username)}
    : null
  parsed.username = ''
  parsed.password = ''
  return {url: parsed.href.replace(/\/+$/, ''), urlCredentials}
}

/** Transport errors name the node, not just host:port. */
function relabel(error: unknown, url: string): unknown {
  if (!(error instanceof SolominerError)) return error
  const message = error.message.replace(describeUrl(`${url}/`), `Bitcoin node at ${url}`)
  const suggestions =
    error.code === 'HOST_UNREACHABLE'
      ? ['Check that bitcoind runs with server=1 and that --rpc-url has the right port (8332 on mainnet)', ...error.suggestions]
      : error.suggestions
  return new SolominerError(error.code, message, {cause: error.cause ?? error, exitCode: error.exitCode, suggestions})
}

/** The node answered but will not do this (unknown method, IBD, bad params): try another way. */
function isRefusal(error: unknown): boolean {
  return error instanceof RpcError
}

async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read()
  } catch (error) {
    if (isRefusal(error)) return null
    throw error
  }
}

function positiveNumber(value: unknown, method: string, url: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value
  throw new SolominerError('BAD_RESPONSE', `Bitcoin node at ${url} sent no usable difficulty in ${method}`)
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? deviceString(value, 128) : null
}
