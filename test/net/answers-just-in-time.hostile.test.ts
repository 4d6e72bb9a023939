/**
 * A device that answers every request just inside the per-request deadline: each request succeeds, but a
 * read made of many requests would take a multiple of --timeout. The device budget (withBudget) ends the
 * whole read instead.
 */
import {createServer} from 'node:http'

import {afterAll, describe, expect, it} from 'vitest'

import {DEVICE_BUDGET_TIMEOUTS, createContext, withBudget} from '../../src/lib/context.js'

const HOST = '127.82.16.1'
const TIMEOUT_MS = 1000
const ctx = createContext({paths: {cacheDir: '/nonexistent', configDir: '/nonexistent', dataDir: '/nonexistent'}, timeoutMs: TIMEOUT_MS})
// Each answer after 60 % of the deadline: six in a row need 3.6 deadlines, more than the budget of 3.
const server = createServer((_request, response) => setTimeout(() => response.end('{}'), 0.6 * TIMEOUT_MS))
afterAll(async () => {
  await ctx.close()
  await new Promise((resolve) => server.close(resolve))
})

describe('a device answering each request just in time', () => {
  it('the device budget ends a read of many sequential requests with TIMEOUT', async () => {
    await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
    const url = `http://${HOST}:${(server.address() as {port: number}).port}/api/system/info`
    // The first request of a process compiles undici's HTTP parser: not part of what is tested here.
    await ctx.http.json({timeoutMs: 10_000, url})
    const budget = withBudget(ctx, TIMEOUT_MS * DEVICE_BUDGET_TIMEOUTS, HOST)
    const answered: number[] = []
    const read = async () => {
      for (let index = 0; index < 6; index++) {
        await budget.ctx.http.json({url})
        answered.push(index)
      }
    }
    await expect(read().finally(budget.release)).rejects.toMatchObject({code: 'TIMEOUT', message: `${HOST} did not finish answering within ${3 * TIMEOUT_MS} ms`})
    // The first request alone is well inside both its deadline and the budget.
    expect(answered[0]).toBe(0)
    expect(answered.length).toBeLessThan(6)
  }, 15_000)
})
