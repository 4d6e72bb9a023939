/**
 * The watch loop against a real AxeOS 2.15 simulator: its live websocket carries a found block and a new
 * best difficulty into alerts; when the device vanishes, the stream ends and the next poll reports it
 * offline.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AppContext, createContext} from '../../src/lib/context.js'
import {type WatchTick, watchFleet} from '../../src/lib/watch/scheduler.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'

let sim: AxeosSim
let ctx: AppContext
let dir: string

beforeAll(async () => {
  sim = await createAxeosSim({host: '127.42.3.1', hostname: 'gamma', httpPort: 0, jitter: false, liveIntervalMs: 50, profile: 'axeos-2.15'})
  dir = mkdtempSync(join(tmpdir(), 'solominer-watch-'))
  ctx = createContext({paths: {cacheDir: dir, configDir: dir, dataDir: dir}, timeoutMs: 3000})
})

afterAll(async () => {
  await sim?.stop()
  await ctx?.close()
  rmSync(dir, {force: true, recursive: true})
})

describe('watchFleet', () => {
  it('identifies a device the inventory does not know once, not again to check its MAC', async () => {
    const plain = await createAxeosSim({host: '127.42.3.2', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
    try {
      const ticks = watchFleet([{address: plain.address, identity: null, target: '127.42.3.2'}], ctx, {count: 1, intervalMs: 1000, live: false})
      for await (const tick of ticks) expect(tick.devices[0]).toMatchObject({driver: 'axeos', ok: true})
      expect(plain.journals[0]!.entries.filter((entry) => entry.path === '/').map((entry) => entry.method)).toEqual(['GET'])
    } finally {
      await plain.stop()
    }
  })


  it('turns pushed changes into alerts and notices a device that goes away', async () => {
    const target = {address: sim.address, identity: null, target: 'gamma'}
    const ticks = watchFleet([target], ctx, {count: 10, intervalMs: 1000})
    const next = async (): Promise<WatchTick> => {
      const result = await ticks.next()
      if (result.done) throw new Error('the watch ended early')
      return result.value
    }
    /** The first of the next few updates that raised an alert (a busy machine may need more than one). */
    const nextAlerting = async (): Promise<WatchTick> => {
      for (let attempt = 0; attempt < 4; attempt++) {
        const tick = await next()
        if (tick.alerts.length > 0) return tick
      }
      throw new Error('no alert within 4 updates')
    }

    const first = await next()
    expect(first.devices[0]).toMatchObject({blocksFound: 0, bestDifficulty: 5_884_105_196, ok: true, source: 'poll'})
    expect(first.alerts).toEqual([])

    sim.state.runtime.blockFound = 1
    sim.state.runtime.bestDiff = 9_000_000_000
    const found = await nextAlerting()
    expect(found.devices[0]).toMatchObject({blocksFound: 1, bestDifficulty: 9_000_000_000, source: 'live'})
    expect(found.alerts.map(({kind, message}) => ({kind, message}))).toEqual([
      {kind: 'block-found', message: 'gamma (127.42.3.1) FOUND A BLOCK (blocks found: 1)'},
      {kind: 'best-difficulty', message: 'gamma (127.42.3.1) beat its best difficulty: 5884105196 → 9000000000'},
    ])

    await sim.stop()
    const gone = await nextAlerting()
    expect(gone.devices[0]).toMatchObject({error: {code: 'HOST_UNREACHABLE'}, ok: false, source: 'poll'})
    expect(gone.devices[0]!.history.at(-1)).toBeNull()
    expect(gone.alerts.map(({kind}) => kind)).toEqual(['offline'])
    await ticks.return(undefined)
  })
})
