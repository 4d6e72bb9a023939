/** A name resolver that never answers: scan's target planning gives up at its deadline. */
import {describe, expect, it} from 'vitest'

import {planTargets} from '../../src/lib/discovery/targets.js'

describe('a resolver that never answers', () => {
  it('planTargets fails with TIMEOUT naming the host instead of waiting for ever', async () => {
    const plan = planTargets(['127.82.13.1', 'miner.lan'], {interfaces: {}, resolveHost: () => new Promise(() => {}), resolveTimeoutMs: 300})
    await expect(plan).rejects.toMatchObject({code: 'TIMEOUT', message: 'miner.lan: the host name did not resolve within 300 ms'})
  }, 10_000)

  it('a resolver that answers in time is used as before', async () => {
    const plan = await planTargets(['miner.lan'], {interfaces: {}, resolveHost: async () => '192.168.5.9', resolveTimeoutMs: 300})
    expect(plan.hosts.map((host) => host.ip)).toEqual(['192.168.5.9'])
  })
})
