#!/usr/bin/env node
/**
 * `npm run build`: compiles into a staging folder, writes the oclif manifest there, then swaps both into
 * place. A CLI, simulator or test already running from dist/ (a second `npm test`, a `solominer sim`)
 * never sees dist/ missing or half written: deleting dist/ first made every CLI started during the
 * compilation exit 1 ("Cannot find module").
 */
import {execFileSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, renameSync, rmSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const staging = join(root, `.build-${process.pid}`)
const retired = join(root, `.dist-old-${process.pid}`)
const bin = (name) => join(root, 'node_modules', '.bin', name)

rmSync(staging, {force: true, recursive: true})
try {
  mkdirSync(staging)
  execFileSync(bin('tsc'), ['-p', join(root, 'tsconfig.json'), '--outDir', join(staging, 'dist')], {stdio: 'inherit'})
  // The manifest describes the staged commands; it holds paths relative to the package root only.
  copyFileSync(join(root, 'package.json'), join(staging, 'package.json'))
  // OCLIF_SKIP_NEW_VERSION_CHECK: the oclif dev CLI's documented <CLI>_SKIP_NEW_VERSION_CHECK switch; without it
  // every build looks for oclif updates on the npm registry and prints "update available".
  execFileSync(bin('oclif'), ['manifest', staging], {cwd: staging, env: {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'}, stdio: 'inherit'})
  // Two renames: the window without dist/ lasts microseconds, not the whole compilation.
  if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), retired)
  renameSync(join(staging, 'dist'), join(root, 'dist'))
  renameSync(join(staging, 'oclif.manifest.json'), join(root, 'oclif.manifest.json'))
} finally {
  rmSync(staging, {force: true, recursive: true})
  rmSync(retired, {force: true, recursive: true})
}
