/**
 * Loopback fakes of a Bitcoin Core JSON-RPC server and of the public chain APIs (mempool.space,
 * blockchain.info), answering with the real replies in test/fixtures/chain. Built on the simulators'
 * HttpSim, so every request is journalled.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {HttpSim, type SimRequest, type SimResponse} from '../../src/sim/http-sim.js'
import {projectRoot} from './cli.js'

export function chainFixture(path: string): string {
  return readFileSync(join(projectRoot, 'test', 'fixtures', 'chain', path), 'utf8')
}

export const chainJson = (path: string): unknown => JSON.parse(chainFixture(path))

export type RpcBehaviour = {error: {code: number; message: string}} | {result: unknown}

export interface FakeBitcoindOptions {
  /** Basic-auth credentials the node accepts (a cookie is `__cookie__` + its hex). */
  credentials: {password: string; user: string}
  /** legacy = JSON-RPC 1.x replies (errors as HTTP 500/404), jsonrpc2 = 2.0 replies (always 200). */
  envelope?: 'jsonrpc2' | 'legacy'
  /** Answer only after this long (to provoke client timeouts). */
  delayMs?: number
  /** Per-method replies overriding the fixture-based defaults. */
  methods?: Record<string, RpcBehaviour>
  /** Every method answers -28, as a node loading its block index does. */
  warmup?: boolean
}

export const WARMUP_ERROR = (chainJson('bitcoin-core/SYNTHETIC.error.warmup.legacy.HTTP500.json') as {error: {code: number; message: string}}).error
export const METHOD_NOT_FOUND = (chainJson('bitcoin-core/SYNTHETIC.error.method-not-found.legacy.HTTP404.json') as {error: {code: number; message: string}}).error
export const IBD_ERROR = (chainJson('bitcoin-core/SYNTHETIC.error.ibd.getblocktemplate.legacy.HTTP500.json') as {error: {code: number; message: string}}).error

function defaultMethods(): Record<string, RpcBehaviour> {
  const blockchainInfo = chainJson('bitcoin-core/SYNTHETIC.getblockchaininfo.result.v29-shape.json') as Record<string, unknown>
  return {
    getbestblockhash: {result: blockchainInfo.bestblockhash},
    getblockchaininfo: {result: blockchainInfo},
    getblockcount: {result: blockchainInfo.blocks},
    getblocktemplate: {result: chainJson('bitcoin-core/getblocktemplate.result.testnet3-h2442185.json')},
    getdifficulty: {result: blockchainInfo.difficulty},
    getmininginfo: {result: chainJson('bitcoin-core/SYNTHETIC.getmininginfo.result.v29-shape.json')},
  }
}

export interface FakeServer {
  sim: HttpSim
  stop(): Promise<void>
  url: string
}

export async function startFakeBitcoind(options: FakeBitcoindOptions): Promise<FakeServer & {methodsCalled(): string[]}> {
  const methods = {...defaultMethods(), ...options.methods}
  const expected = `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
  const sim = new HttpSim({host: '127.0.0.1', port: 0}, async (request) => {
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs))
    if (request.headers.authorization !== expected) {
      return {body: '', headers: {'www-authenticate': 'Basic realm="jsonrpc"'}, status: 401}
    }
    if (request.method !== 'POST') return {body: 'JSONRPC server handles only POST requests', status: 405}
    return rpcReply(request, methods, options)
  })
  await sim.start()
  return {
    methodsCalled: () => sim.journal.entries.map((entry) => (JSON.parse(entry.body || '{}') as {method?: string}).method ?? '?'),
    sim,
    stop: () => sim.stop(),
    url: `http://127.0.0.1:${sim.port}`,
  }
}

function rpcReply(request: SimRequest, methods: Record<string, RpcBehaviour>, options: FakeBitcoindOptions): SimResponse {
  const call = JSON.parse(request.body) as {id: unknown; method: string}
  const behaviour: RpcBehaviour = options.warmup ? {error: WARMUP_ERROR} : (methods[call.method] ?? {error: METHOD_NOT_FOUND})
  const headers = {'content-type': 'application/json'}
  if (options.envelope === 'jsonrpc2') {
    return {body: JSON.stringify({jsonrpc: '2.0', ...behaviour, id: call.id}), headers, status: 200}
  }
  if ('result' in behaviour) return {body: JSON.stringify({result: behaviour.result, error: null, id: call.id}), headers, status: 200}
  // Bitcoin Core's JSONErrorReply: -32600 → 400, -32601 → 404, anything else → 500.
  const status = behaviour.error.code === -32600 ? 400 : behaviour.error.code === -32601 ? 404 : 500
  return {body: JSON.stringify({result: null, error: behaviour.error, id: call.id}), headers, status}
}

export interface FakeRoute {
  body: string
  delayMs?: number
  status?: number
}

/** A fake HTTP API: exact paths → canned replies; anything else is 404. */
export async function startFakeApi(routes: Record<string, FakeRoute>): Promise<FakeServer & {paths(): string[]}> {
  const sim = new HttpSim({host: '127.0.0.1', port: 0}, async (request) => {
    const route = routes[request.path]
    if (!route) return {body: 'Not found', status: 404}
    if (route.delayMs) await new Promise((resolve) => setTimeout(resolve, route.delayMs))
    const json = route.body.trimStart().startsWith('{') || route.body.trimStart().startsWith('[')
    return {body: route.body, headers: {'content-type': json ? 'application/json' : 'text/plain'}, status: route.status ?? 200}
  })
  await sim.start()
  return {paths: () => sim.journal.entries.map((entry) => entry.path), sim, stop: () => sim.stop(), url: `http://127.0.0.1:${sim.port}`}
}

export const TIP_HASH = '00000000000000000001c9d564f3dff144f7f570e3c185e7c382a3d992d2bc49'

/** mempool.space replies from the docs examples. */
export function mempoolRoutes(): Record<string, FakeRoute> {
  return {
    '/api/blocks/tip/hash': {body: TIP_HASH},
    '/api/blocks/tip/height': {body: chainFixture('mempool/blocks-tip-height.docs-example.txt')},
    '/api/v1/mining/hashrate/3d': {body: chainFixture('mempool/v1-mining-hashrate-3d.docs-example.mainnet.json')},
    '/api/v1/mining/reward-stats/144': {body: chainFixture('mempool/v1-mining-reward-stats-100.docs-example.json')},
    '/api/v1/prices': {body: chainFixture('mempool/v1-prices.docs-example.json')},
  }
}

/** blockchain.info Query API replies from its docs examples. */
export function blockchainRoutes(): Record<string, FakeRoute> {
  return {
    '/q/getblockcount': {body: chainFixture('blockchain-info/q-getblockcount.docs-example.txt')},
    '/q/getdifficulty': {body: chainFixture('blockchain-info/q-getdifficulty.docs-example.txt')},
  }
}
