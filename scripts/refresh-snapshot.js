#!/usr/bin/env node
/**
 * Refreshes the offline network snapshot embedded in solominer (src/lib/chain/snapshot.ts) from a
 * source YOU point it at; nothing is contacted by default. Uses the built library (npm run build first),
 * so the values are read and checked exactly as `solominer odds` reads them.
 *
 *   node scripts/refresh-snapshot.js --source mempool --url https://mempool.space
 *   node scripts/refresh-snapshot.js --source node --url http://127.0.0.1:8332 [--cookie ~/.bitcoin/.cookie]
 *   node scripts/refresh-snapshot.js --source blockchain --url https://blockchain.info --print
 */
import {writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))
const target = join(root, 'src', 'lib', 'chain', 'snapshot.ts')

const {values} = parseArgs({
  options: {
    cookie: {type: 'string'},
    print: {type: 'boolean'},
    source: {type: 'string'},
    url: {type: 'string'},
  },
})
if (!['mempool', 'blockchain', 'node'].includes(values.source ?? '') || !values.url) {
  console.error('Usage: node scripts/refresh-snapshot.js --source mempool|blockchain|node --url <base URL> [--cookie <path>] [--print]')
  process.exit(2)
}

const {createContext} = await import('../dist/lib/context.js')
const {readNetwork} = await import('../dist/lib/chain/network.js')
const ctx = createContext({paths: {cacheDir: tmpdir(), configDir: join(tmpdir(), 'solominer-refresh'), dataDir: tmpdir()}, timeoutMs: 10_000})
try {
  const urlOption = {blockchain: 'blockchainUrl', mempool: 'mempoolUrl', node: 'rpcUrl'}[values.source]
  const snapshot = await readNetwork(ctx, {[urlOption]: values.url, rpcCookie: values.cookie, source: values.source})
  if (snapshot.height === null) throw new Error(`${values.source} gave no block height`)
  const text = render(snapshot, values.source)
  if (values.print) process.stdout.write(text)
  else {
    writeFileSync(target, text)
    console.log(`Wrote ${target}: difficulty ${snapshot.difficulty}, height ${snapshot.height}, as of ${snapshot.source.asOf}`)
  }
} finally {
  await ctx.close()
}

function render(snapshot, source) {
  const literal = (value) => (value === null ? 'null' : JSON.stringify(value).replaceAll('"', "'"))
  return `/**
 * The offline fallback: the last network state embedded at build time. Refresh it with
 * \`node scripts/refresh-snapshot.js --source mempool --url <mempool-compatible URL>\` (see scripts/).
 * Source: ${source}, read ${snapshot.source.asOf}.
 */
export const OFFLINE_SNAPSHOT = {
  asOf: ${literal(snapshot.source.asOf)},
  bestBlockHash: ${literal(snapshot.bestBlockHash)},
  bits: ${literal(snapshot.bits)},
  chain: ${literal(snapshot.chain ?? 'main')},
  difficulty: ${snapshot.difficulty},
  height: ${snapshot.height},
} as const
`
}
