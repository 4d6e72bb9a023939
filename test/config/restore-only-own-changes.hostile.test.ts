/**
 * A change the device did not fully apply is put back (issue 8 §2), but only what this push changed:
 * before, the whole saved configuration went back over the device, undoing what another writer (the
 * web UI, another tool) had changed meanwhile. Here an AxeOS 2.14 device drops the pool user from the
 * PATCH while someone else sets the frequency at the same moment: the push fails NOT_VERIFIED, puts
 * the pool URL back, and the other writer's frequency stays.
 */
import {describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {HttpSim} from '../../src/sim/http-sim.js'
import {ADDRESS, cli, track, writes} from './helpers.js'

const OTHER_WRITERS_FREQUENCY = 575

/** Forwards to `inner`; a PATCH loses its `stratumUser`, and another writer's frequency lands with it. */
async function halfApplyingProxy(inner: AxeosSim): Promise<HttpSim> {
  const forward = (path: string, method: string, body?: string) =>
    fetch(`http://${inner.address.host}:${inner.address.httpPort}${path}`, {body, headers: {'content-type': 'application/json'}, method})
  const proxy: HttpSim = new HttpSim({host: '127.83.5.2', port: 0}, async (request) => {
    let body = request.method === 'GET' ? undefined : request.body
    if (request.method === 'PATCH' && request.path === '/api/system' && body?.includes('stratumUser')) {
      await forward('/api/system', 'PATCH', JSON.stringify({frequency: OTHER_WRITERS_FREQUENCY}))
      const {stratumUser: _dropped, ...rest} = JSON.parse(body) as Record<string, unknown>
      body = JSON.stringify(rest)
    }
    const response = await forward(request.path, request.method, body)
    if (request.method === 'POST' && request.path === '/api/system/restart') proxy.restartAfterReply(300)
    return {body: await response.text(), headers: {'content-type': response.headers.get('content-type') ?? 'text/html'}, status: response.status}
  })
  await proxy.start()
  return proxy
}

describe('putting back a change the device did not apply', () => {
  it('puts back only the fields this push changed; another writer\'s change stays', {timeout: 90_000}, async () => {
    const device = track(await createAxeosSim({host: '127.83.5.1', httpPort: 0, jitter: false, profile: 'axeos-2.14', restartDownMs: 300}))
    const proxy = await halfApplyingProxy(device)
    try {
      const before = device.info()
      expect(before.frequency).not.toBe(OTHER_WRITERS_FREQUENCY)
      const {run} = cli()
      const {code, json} = await run(['config', 'set', 'pool', '127.83.0.1:3333', '-u', `${ADDRESS}.rig`, `${proxy.host}:${proxy.port}`, '--no-verify', '--yes', '--json'])
      expect(code).toBe(7)
      expect(json.results[0]).toMatchObject({error: {code: 'NOT_VERIFIED'}, restored: true, status: 'failed'})
      expect(json.results[0].error.message).toMatch(/did not apply pool\.user; what it changed was put back$/)
      // The put-back write names the pool only: no frequency, no other saved setting.
      const patches = writes(device).filter(({method}) => method === 'PATCH').map(({body}) => JSON.parse(body) as Record<string, unknown>)
      const putBack = patches.at(-1)!
      expect(Object.keys(putBack).filter((key) => !key.startsWith('stratum') && !key.startsWith('fallbackStratum'))).toEqual([])
      expect(putBack).toMatchObject({stratumPort: before.stratumPort, stratumURL: before.stratumURL})
      const after = device.info()
      expect([after.stratumURL, after.stratumPort, after.stratumUser]).toEqual([before.stratumURL, before.stratumPort, before.stratumUser])
      expect(after.frequency).toBe(OTHER_WRITERS_FREQUENCY)
    } finally {
      await proxy.stop()
    }
  })
})
