/**
 * Read-back catches silent non-application: an AxeOS 2.15 device whose /info looks like ≤ 2.14 (no
 * `pools[]`) is sent flat pool keys, which 2.15 acknowledges with 200 and ignores. The push must report
 * it failed (NOT_VERIFIED, exit 7); none of the change is on the device, so nothing is put back.
 */
import {describe, expect, it} from 'vitest'

import {HttpSim} from '../../src/sim/http-sim.js'
import {ADDRESS, axeos, cli, nextLoopback, writes} from './helpers.js'

/** Forwards to `inner`, hiding `pools` from /api/system/info, and restarts along with it. */
async function flatLookingProxy(inner: {host: string; httpPort: number}): Promise<HttpSim> {
  const proxy: HttpSim = new HttpSim({host: nextLoopback(), port: 0}, async (request) => {
    const query = request.query.toString()
    const response = await fetch(`http://${inner.host}:${inner.httpPort}${request.path}${query ? `?${query}` : ''}`, {
      body: request.method === 'GET' ? undefined : request.body,
      headers: {'content-type': String(request.headers['content-type'] ?? 'application/json')},
      method: request.method,
    })
    let body = await response.text()
    if (request.path === '/api/system/info') {
      const info = JSON.parse(body) as Record<string, unknown>
      delete info.pools
      body = JSON.stringify(info)
    }
    if (request.method === 'POST' && request.path === '/api/system/restart') proxy.restartAfterReply(300)
    return {body, headers: {'content-type': response.headers.get('content-type') ?? 'text/html'}, status: response.status}
  })
  await proxy.start()
  return proxy
}

describe('silent non-application', () => {
  it('2.15 given flat keys: failed NOT_VERIFIED (exit 7), restarted, nothing to put back', async () => {
    const device = await axeos('axeos-2.15')
    const proxy = await flatLookingProxy(device.address)
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
      expect(JSON.parse(sent[0]!.body)).toMatchObject({stratumPort: 3333, stratumURL: 'ausolo.ckpool.org', stratumUser: `${ADDRESS}.rig`})
      expect(sent[1]).toMatchObject({method: 'POST', path: '/api/system/restart'})
      expect(sent).toHaveLength(2)
      expect(device.info().stratumURL).toBe(before)
    } finally {
      await proxy.stop()
    }
  })

  it('in a fleet: the good device is changed, the silent one failed with nothing to put back, exit 6', async () => {
    const good = await axeos('axeos-2.14')
    const silent = await axeos('axeos-2.15')
    const proxy = await flatLookingProxy(silent.address)
    try {
      const {run} = cli()
      const {code, json} = await run(['config', 'set', 'fallback', 'ckpool-eu', '--user', ADDRESS, `${good.address.host}:${good.address.httpPort}`, `${proxy.host}:${proxy.port}`, '--no-verify', '--yes', '--json'])
      expect(code).toBe(6)
      expect(json.results.map((result: {status: string}) => result.status)).toEqual(['changed', 'failed'])
      expect(json.results[0]).toMatchObject({restored: null, verified: true, warnings: []})
      expect(json.results[1]).toMatchObject({error: {code: 'NOT_VERIFIED'}, restored: null})
      expect(good.info().fallbackStratumURL).toBe('eusolo.ckpool.org')
    } finally {
      await proxy.stop()
    }
  })
})
