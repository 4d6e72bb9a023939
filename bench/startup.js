#!/usr/bin/env node
/**
 * Cold start-up of `solominer odds --difficulty ... --hashrate ... --json` against bare `node -e 0`,
 * measured in the same run (medians of alternating runs), printed as a ratio. Target: ≤ 3×.
 *
 * Measures the packaged start-up: an oclif manifest is generated first (as `npm pack` ships one) and
 * removed afterwards if it was not there before, so the shared work tree is left as it was.
 * Usage: npm run build && node bench/startup.js [runs=15]
 */
import {spawnSync} from 'node:child_process'
import {existsSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const runs = Math.min(Math.max(Number(process.argv[2] ?? 15), 3), 100)
const manifest = join(root, 'oclif.manifest.json')
const oddsArgs = [join(root, 'bin', 'run.js'), 'odds', '--difficulty', '145042165424853.29', '--hashrate', '1.2TH', '--json']
const env = {...process.env, NO_COLOR: '1', SOLOMINER_SKIP_NEW_VERSION_CHECK: 'true'}

function timeOnce(args) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, {env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000})
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const createdManifest = !existsSync(manifest)
if (createdManifest) {
  // The oclif dev CLI would otherwise look for its own updates on the npm registry.
  const manifestEnv = {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}
  const generated = spawnSync('npx', ['oclif', 'manifest'], {cwd: root, env: manifestEnv, stdio: 'ignore', timeout: 120_000})
  if (generated.status !== 0) throw new Error('npx oclif manifest failed: run npm run build first')
}
try {
  // One warm-up of each so the OS file cache is equally warm for both.
  timeOnce(['-e', '0'])
  timeOnce(oddsArgs)
  const bare = []
  const odds = []
  for (let run = 0; run < runs; run++) {
    bare.push(timeOnce(['-e', '0']))
    odds.push(timeOnce(oddsArgs))
  }
  // A concurrent `npm run build:dev` deletes the manifest: the runs after that measured another start-up.
  if (!existsSync(manifest)) throw new Error('oclif.manifest.json disappeared during the runs: run the benchmark again')
  const bareMedian = median(bare)
  const oddsMedian = median(odds)
  console.log(`node -e 0            median ${bareMedian.toFixed(1)} ms over ${runs} runs`)
  console.log(`solominer odds ...   median ${oddsMedian.toFixed(1)} ms over ${runs} runs`)
  console.log(`ratio ${(oddsMedian / bareMedian).toFixed(2)}x (target <= 3x)`)
} finally {
  if (createdManifest) rmSync(manifest, {force: true})
}
