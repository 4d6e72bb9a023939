/**
 * A host that sends its headers at once and then the body one byte at a time: the per-request deadline
 * bounds the whole body, also while the garbage collector runs (it once took the deadline away).
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {createContext} from '../../src/lib/context.js'
import {type HostileServer, collectGarbageEvery, slowBodyHttp} from '../helpers/hostile.js'

const HOST = '127.82.1.1'
const TIMEOUT_MS = 600
/** Far above the deadline: a hang fails the test, a slow machine does not. */
const TEST_BOUND_MS = 15_000

const ctx = createContext({paths: {cacheDir: '/nonexistent', configDir: '/nonexistent', dataDir: '/nonexistent'}, timeoutMs: TIMEOUT_MS})
let stopCollecting: () => void
let server: HostileServer | undefined
beforeAll(() => {
  stopCollecting = collectGarbageEvery(50)
})
afterEach(async () => {
  await server?.stop()
  server = undefined
})
afterAll(async () => {
  stopCollecting()
  await ctx.close()
})

describe('a body trickled one byte at a time', () => {
  it.each([
    ['content-length', false],
    ['chunked, never ending', true],
  ])('request() fails with TIMEOUT at the deadline (%s)', async (_name, chunked) => {
    server = await slowBodyHttp(HOST, {chunked})
    const error = await ctx.http.request({url: `http://${HOST}:${server.port}/`}).catch((error_: unknown) => error_)
    expect(error).toMatchObject({code: 'TIMEOUT', message: `${HOST}:${server.port} did not answer within ${TIMEOUT_MS} ms`})
  }, TEST_BOUND_MS)

  it('json() with its own longer timeout still stops at that deadline', async () => {
    server = await slowBodyHttp(HOST)
    const error = await ctx.http.json({timeoutMs: 900, url: `http://${HOST}:${server.port}/api/system/info`}).catch((error_: unknown) => error_)
    expect(error).toMatchObject({code: 'TIMEOUT', message: `${HOST}:${server.port}/api/system/info did not answer within 900 ms`})
  }, TEST_BOUND_MS)

  it('a caller signal given with the request is followed as well as the deadline', async () => {
    server = await slowBodyHttp(HOST)
    const caller = new AbortController()
    setTimeout(() => caller.abort(new Error('caller gave up')), 100)
    const error = await ctx.http
      .request({signal: caller.signal, timeoutMs: 10_000, url: `http://${HOST}:${server.port}/`})
      .catch((error_: unknown) => error_)
    expect((error as Error).message).toContain('caller gave up')
  }, TEST_BOUND_MS)
})
