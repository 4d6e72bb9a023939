/**
 * Shared setup of the device tests: one AppContext per test file (temporary paths, short timeout) and
 * a registry of started simulators, each stopped after its test so addresses can be reused.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll} from 'vitest'

import {type AppContext, createContext} from '../../src/lib/context.js'

interface Stoppable {
  stop(): Promise<void>
}

export interface SimHarness {
  /** The file's context (created before the first test). */
  readonly ctx: AppContext
  /** Registers a started simulator to be stopped after the current test; returns it. */
  track<T extends Stoppable>(sim: T): T
}

/** Call at the top level of a test file. */
export function useSimHarness(timeoutMs = 10_000): SimHarness {
  let dir: string | undefined
  let ctx: AppContext | undefined
  const sims: Stoppable[] = []
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'solominer-devices-'))
    ctx = createContext({paths: {cacheDir: dir, configDir: dir, dataDir: dir}, timeoutMs})
  })
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((sim) => sim.stop()))
  })
  afterAll(async () => {
    await ctx?.close()
    if (dir !== undefined) rmSync(dir, {force: true, recursive: true})
  })
  return {
    get ctx() {
      if (ctx === undefined) throw new Error('useSimHarness: the context exists only inside tests')
      return ctx
    },
    track(sim) {
      sims.push(sim)
      return sim
    },
  }
}

/** A file under test/fixtures/ as text. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')
}
