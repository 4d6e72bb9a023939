/**
 * Read-back catches silent non-application: an AxeOS 2.15 device whose /info looks like ≤ 2.14 (no
 * `pools[]`) is sent flat pool keys, which 2.15 acknowledges with 200 and ignores. The push must report
 * it failed (NOT_VERIFIED, exit 7); none of the change is on the device, so nothing is put back (the
 * device's request log shows it), while a device that applied part of the write gets that part put back.
 */
import {describe, expect, it} from 'vitest'

import {HttpSim} from '../../src/sim/http-sim.js'
import {ADDRESS, RESTART_DOWN_MS, axeos, cli, nextLoopback, writes} from './helpers.js'

const OLD_ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'

/**
 * Forwards to `inner` and restarts along with it; hides `pools` from /api/system/info (a 2.15 that looks
 * older), or drops `ignoredKeys` from every PATCH (firmware that applies part of a write).
 */
async function misleadingProxy(inner: {host: string; httpPort: number}, behaviour: {hidePools?: boolean; ignoredKeys?: string[]}): Promise<HttpSim> {
  const proxy: HttpSim = new HttpSim({host: nextLoopback(), port: 0}, async (request) => {
    const query = request.query.toString()
    let forwarded = request.body
    if (request.method === 'PATCH' && behaviour.ignoredKeys) {
      const body = JSON.parse(request.body) as Record<string, unknown>
      for (const key of behaviour.ignoredKeys) delete body[key]
      forwarded = JSON.stringify(body)
    }
    const response = await fetch(`http://${inner.host}:${inner.httpPort}${request.path}${query ? `?${query}` : ''}`, {
      body: request.method === 'GET' ? undefined : forwarded,
      headers: {'content-type': String(request.headers['content-type'] ?? 'application/json')},
      method: request.method,
    })
    let body = await response.text()
    if (behaviour.hidePools && request.path === '/api/system/info') {
      const info = JSON.parse(body) as Record<string, unknown>
      delete info.pools
      body = JSON.stringify(info)
    }
    if (request.method === 'POST' && request.path === '/api/system/restart') proxy.restartAfterReply(RESTART_DOWN_MS)
    return {body, headers: {'content-type': response.headers.get('content-type') ?? 'text/html'}, status: response.status}
  })
  await proxy.start()
  return proxy
}

describe('silent non-application', () => {
  it('2.15 given flat keys: failed NOT_VERIFIED (exit 7), restarted, nothing to put back', async () => {
    const device = await axeos('axeos-2.15')
    const proxy = await misleadingProxy(device.address, {hidePools: true})
    try {
      const {run} = cli()
      const before = device.info().stratumURL
      const {code, json} = await run(['config', 'set', 'pool', 'ckpool-au', '--user', `${ADDRESS}.rig`, `${proxy.host}:${proxy.port}`, '--no-verify', '--yes', '--json'])
      expect(code).toBe(7)
      expect(json.results[0]).toMatchObject({error: {code: 'NOT_VERIFIED'}, restarted: true, status: 'failed', verified: false})
      expect(json.results[0].restored).toBeNull()
      expect(json.results[0].error.message).toMatch(/accepted the change but did not apply pool\.url, pool\.user, fallback\.user; none of the change is on the device$/)
      const sent = writes(device)
      expect(sent[0]).toMatchObject({method: 'PATCH', path: '/api/system'})
      expect(JSON.parse(sent[0]!.body)).toEqual({
        fallbackStratumPort: 3333,
        fallbackStratumTLS: 0,
        fallbackStratumURL: 'solo.ckpool.org',
        fallbackStratumUser: `${ADDRESS}.rig`,
        stratumPassword: 'x',
        stratumPort: 3333,
        stratumTLS: 0,
        stratumURL: 'ausolo.ckpool.org',
        stratumUser: `${ADDRESS}.rig`,
      })
      expect(sent[1]).toEqual({body: '', method: 'POST', path: '/api/system/restart'})
      // Nothing of the change is on the device: no write goes back, only the change and its restart were sent.
      expect(sent).toHaveLength(2)
      expect(device.info().stratumURL).toBe(before)
    } finally {
      await proxy.stop()
    }
  })

  it('in a fleet: the good device is changed, the silent one failed with nothing to put back, exit 6', async () => {
    const good = await axeos('axeos-2.14')
    const silent = await axeos('axeos-2.15')
    const proxy = await misleadingProxy(silent.address, {hidePools: true})
    try {
      const {run} = cli()
      const {code, json} = await run(['config', 'set', 'fallback', 'ckpool-eu', '--user', ADDRESS, `${good.address.host}:${good.address.httpPort}`, `${proxy.host}:${proxy.port}`, '--no-verify', '--yes', '--json'])
      expect(code).toBe(6)
      expect(json.results.map((result: {status: string}) => result.status)).toEqual(['changed', 'failed'])
      expect(json.results[0]).toMatchObject({restored: null, verified: true, warnings: []})
      expect(json.results[1]).toMatchObject({error: {code: 'NOT_VERIFIED'}, restored: null})
      expect(good.info().fallbackStratumURL).toBe('eusolo.ckpool.org')
      // The silent one still matched its backup: nothing to write back after the change and its restart.
      expect(writes(silent).map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system', 'POST /api/system/restart'])
    } finally {
      await proxy.stop()
    }
  })

  it('a device that applied part of the write gets the backup written back (the restore is in its request log)', async () => {
    const device = await axeos('axeos-2.14')
    const proxy = await misleadingProxy(device.address, {ignoredKeys: ['stratumUser']})
    try {
      const {run} = cli()
      const {code, json} = await run(['config', 'set', 'pool', '127.0.0.1:3333', '--user', `${ADDRESS}.rig`, `${proxy.host}:${proxy.port}`, '--no-verify', '--yes', '--json'])
      expect(code).toBe(7)
      expect(json.results[0]).toMatchObject({error: {code: 'NOT_VERIFIED'}, restarted: true, restored: true, status: 'failed', verified: false})
      const sent = writes(device)
      const requests = sent.map(({body, method, path}) => ({body: body === '' ? '' : JSON.parse(body), method, path}))
      expect(requests.slice(2)).toEqual([
        // The slots this push changed go back as they were, then the restart that applies pools.
        {
          body: {
            fallbackStratumPort: 3333,
            fallbackStratumTLS: 0,
            fallbackStratumURL: 'solo.ckpool.org',
            fallbackStratumUser: `${OLD_ADDRESS}.bitaxe`,
            stratumPort: 21496,
            stratumTLS: 0,
            stratumURL: 'public-pool.io',
          },
          method: 'PATCH',
          path: '/api/system',
        },
        {body: '', method: 'POST', path: '/api/system/restart'},
      ])
      expect(device.info()).toMatchObject({fallbackStratumUser: `${OLD_ADDRESS}.bitaxe`, stratumPort: 21496, stratumURL: 'public-pool.io'})
    } finally {
      await proxy.stop()
    }
  })
})
