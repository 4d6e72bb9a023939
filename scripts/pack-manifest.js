#!/usr/bin/env node
/**
 * The published package carries the built dist/ and no build step: a `prepare` script in an installed
 * tarball makes a current npm warn and ask for --allow-scripts (and there is no TypeScript there to run it).
 * `prepack` (`node scripts/pack-manifest.js strip`) removes `scripts.prepare` from package.json, keeping
 * the original beside it; `postpack` (`restore`) puts it back. In a clone, `npm install` still builds.
 */
import {existsSync, readFileSync, renameSync, writeFileSync} from 'node:fs'

const manifest = new URL('../package.json', import.meta.url)
const original = new URL('../.package.json.before-pack', import.meta.url)

const mode = process.argv[2]
if (mode === 'strip') {
  // A pack that failed before its postpack left the original aside: start from it again.
  if (existsSync(original)) renameSync(original, manifest)
  const text = readFileSync(manifest, 'utf8')
  writeFileSync(original, text)
  const parsed = JSON.parse(text)
  delete parsed.scripts.prepare
  writeFileSync(manifest, `${JSON.stringify(parsed, null, 2)}\n`)
} else if (mode === 'restore') {
  if (existsSync(original)) renameSync(original, manifest)
} else {
  console.error('usage: node scripts/pack-manifest.js strip|restore')
  process.exit(2)
}
