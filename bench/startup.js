#!/usr/bin/env node
/**
 * Cold start-up of `solominer odds --difficulty ... --hashrate ... --json` against bare `node -e 0`,
 * measured in the same run (medians of alternating runs), printed as a ratio. Target: ≤ 3×.
 *
 * Measures the packaged start-up: what `npm pack` ships (package.json, bin, dist) is copied to a temp
 * directory and given its oclif manifest there, so neither the work tree nor a concurrent
 * `npm run build:dev` (which deletes the manifest) changes what is measured.
 * Usage: npm run build && node bench/startup.js [runs=15]
 */
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const runs = Math.min(Math.max(Number(process.argv[2] ?? 15), 3), 100)
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

/** A copy of the package as installed: its files, the project's node_modules, a fresh manifest. */
function packagedCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'solominer-startup-'))
  for (const entry of ['package.json', 'bin', 'dist']) cpSync(join(root, entry), join(dir, entry), {recursive: true})
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'junction')
  // OCLIF_SKIP_NEW_VERSION_CHECK: the oclif dev CLI would otherwise look for its own updates on the npm registry.
  const generated = spawnSync(process.execPath, [join(root, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], {
    cwd: dir,
    env: {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'},
    stdio: 'ignore',
    timeout: 120_000,
  })
  if (generated.status !== 0) {
    rmSync(dir, {force: true, recursive: true})
    throw new Error('oclif manifest failed: run npm run build first')
  }
  return dir
}

const packaged = packagedCopy()
try {
  const oddsArgs = [join(packaged, 'bin', 'run.js'), 'odds', '--difficulty', '145042165424853.29', '--hashrate', '1.2TH', '--json']
  // One warm-up of each so the OS file cache is equally warm for both.
  timeOnce(['-e', '0'])
  timeOnce(oddsArgs)
  const bare = []
  const odds = []
  for (let run = 0; run < runs; run++) {
    bare.push(timeOnce(['-e', '0']))
    odds.push(timeOnce(oddsArgs))
  }
  const bareMedian = median(bare)
  const oddsMedian = median(odds)
  console.log(`node -e 0            median ${bareMedian.toFixed(1)} ms over ${runs} runs`)
  console.log(`solominer odds ...   median ${oddsMedian.toFixed(1)} ms over ${runs} runs`)
  console.log(`ratio ${(oddsMedian / bareMedian).toFixed(2)}x (target <= 3x)`)
} finally {
  rmSync(packaged, {force: true, recursive: true})
}
