/** scripts/refresh-snapshot.js renders the embedded offline snapshot from the source it is pointed at. */
import {spawn, spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {projectRoot} from '../helpers/cli.js'
import {TIP_HASH, mempoolRoutes, startFakeApi} from '../helpers/fake-chain.js'

let fake: Awaited<ReturnType<typeof startFakeApi>>
beforeAll(async () => {
  fake = await startFakeApi(mempoolRoutes())
})
afterAll(() => fake?.stop())

const script = join(projectRoot, 'scripts', 'refresh-snapshot.js')

describe('refresh-snapshot script', () => {
  it('--print renders the TS constant from a mempool-compatible API', async () => {
    // Asynchronous spawn: the fake API answers from this process's event loop.
    const child = spawn(process.execPath, [script, '--source', 'mempool', '--url', fake.url, '--print'])
    let stdout = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(stdout).toContain('export const OFFLINE_SNAPSHOT = {')
    expect(stdout).toContain('difficulty: 31251101365711.12,')
    expect(stdout).toContain('height: 698767,')
    expect(stdout).toContain(`bestBlockHash: '${TIP_HASH}',`)
    expect(stdout).toMatch(/asOf: '\d{4}-\d\d-\d\dT[\d:.]+Z',/)
  })

  it('refuses to run without an explicit source and URL', () => {
    const result = spawnSync(process.execPath, [script], {encoding: 'utf8', timeout: 20_000})
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('Usage: node scripts/refresh-snapshot.js')
  })
})
