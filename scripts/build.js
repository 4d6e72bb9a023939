#!/usr/bin/env node
/**
 * `npm run build`: a clean dist/, the TypeScript build, then the oclif manifest. The oclif dev CLI would
 * look for its own updates on the npm registry and print "update available" in every build:
 * OCLIF_SKIP_NEW_VERSION_CHECK (its documented <CLI>_SKIP_NEW_VERSION_CHECK switch) turns that off.
 */
import {spawnSync} from 'node:child_process'
import {rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)

function run(script, args) {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: root,
    env: {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'},
    stdio: 'inherit',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

rmSync(new URL('../dist', import.meta.url), {force: true, recursive: true})
run(require.resolve('typescript/bin/tsc'), ['-p', 'tsconfig.json'])
run(require.resolve('oclif/bin/run.js'), ['manifest'])
