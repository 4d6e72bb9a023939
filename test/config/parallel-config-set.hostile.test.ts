/**
 * Two `config set` on one device at once (issue 8 §2): on AxeOS 2.15 `pool` and `fallback` in
 * parallel, on an Avalon `pool` and `fallback` (three `setpool` and a reboot each). Before the device
 * lock, one run's write carried the slot the other had just changed back to its old value, and one
 * "changed, verified" was silently undone. Now the writes never interleave (simulator journal), the
 * second run starts from what the first left, and both changes stay on the device.
 */
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {createAvalonSim} from '../../src/sim/avalon.js'
import {createAxeosSim} from '../../src/sim/axeos.js'
import {seedInventory} from '../helpers/inventory.js'
import {ADDRESS, cli, track, writes} from './helpers.js'

const POOL = {host: '127.83.0.1', port: 3333, url: 'stratum+tcp://127.83.0.1:3333', user: `${ADDRESS}.first`}
const FALLBACK = {host: '127.83.0.2', port: 3334, url: 'stratum+tcp://127.83.0.2:3334', user: `${ADDRESS}.second`}

function setBoth(run: ReturnType<typeof cli>['run'], target: string[]) {
  const common = ['--no-verify', '--yes', '--json', ...target]
  return Promise.all([
    run(['config', 'set', 'pool', `${POOL.host}:${POOL.port}`, '-u', POOL.user, ...common]),
    run(['config', 'set', 'fallback', `${FALLBACK.host}:${FALLBACK.port}`, '-u', FALLBACK.user, ...common]),
  ])
}

describe('two config set on one device at once', () => {
  it('AxeOS 2.15: PATCH and restart of one run, then of the other, which keeps the first one\'s slot', {timeout: 90_000}, async () => {
    const sim = track(await createAxeosSim({host: '127.83.3.1', httpPort: 0, jitter: false, profile: 'axeos-2.15', restartDownMs: 300}))
    const {run} = cli()
    const [pool, fallback] = await setBoth(run, [`${sim.address.host}:${sim.address.httpPort}`])
    for (const result of [pool, fallback]) {
      expect(result.code, JSON.stringify(result.json?.results?.[0]?.error)).toBe(0)
      expect(result.json.results[0]).toMatchObject({restarted: true, status: 'changed', verified: true})
    }
    const sent = writes(sim)
    expect(sent.map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system', 'POST /api/system/restart', 'PATCH /api/system', 'POST /api/system/restart'])
    const slots = (body: string) => (JSON.parse(body).pools as {id: number; stratumURL: string; stratumUser: string}[]).map((entry) => [entry.stratumURL, entry.stratumUser])
    const [firstPatch, secondPatch] = [slots(sent[0]!.body), slots(sent[2]!.body)]
    const poolFirst = firstPatch[0]![0] === POOL.host
    // The second PATCH carries the slot the first one set: nothing is put back behind its back.
    expect(secondPatch).toEqual([[POOL.host, POOL.user], [FALLBACK.host, FALLBACK.user]])
    expect(firstPatch).toContainEqual(poolFirst ? [POOL.host, POOL.user] : [FALLBACK.host, FALLBACK.user])
    // The second run read the device under the lock and saw the first one's change.
    const second = poolFirst ? fallback : pool
    expect(second.json.results[0].before.pools.slice(0, 2).map((slot: {url: string}) => slot.url)).toEqual(
      poolFirst ? [POOL.url, expect.any(String)] : [expect.any(String), FALLBACK.url],
    )
    const info = sim.info() as {pools: {id: number; stratumURL: string; stratumUser: string}[]; primaryPoolIndex: number; secondaryPoolIndex: number}
    const slot = (id: number) => info.pools.find((entry) => entry.id === id)!
    expect([slot(info.primaryPoolIndex).stratumURL, slot(info.primaryPoolIndex).stratumUser]).toEqual([POOL.host, POOL.user])
    expect([slot(info.secondaryPoolIndex).stratumURL, slot(info.secondaryPoolIndex).stratumUser]).toEqual([FALLBACK.host, FALLBACK.user])
  })

  it('a writer arriving while the first restarts the device waits for it, then starts from its result; --lock-wait 0 is refused at once', {timeout: 90_000}, async () => {
    const sim = track(await createAxeosSim({host: '127.83.3.3', httpPort: 0, jitter: false, profile: 'axeos-2.15', restartDownMs: 10_000}))
    const {dataDir, run} = cli()
    await seedInventory(join(dirname(dataDir), 'config'), [sim.address])
    const target = `${sim.address.host}:${sim.address.httpPort}`
    const first = run(['config', 'set', 'pool', `${POOL.host}:${POOL.port}`, '-u', POOL.user, '--no-verify', '--yes', '--json', target])
    const deadline = Date.now() + 30_000
    while (!writes(sim).some(({path}) => path === '/api/system/restart') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    // The device is down, restarting: without the lock this read failed HOST_UNREACHABLE.
    const setFallback = ['config', 'set', 'fallback', `${FALLBACK.host}:${FALLBACK.port}`, '-u', FALLBACK.user, '--no-verify', '--yes', '--json', target]
    const [refused, waited] = await Promise.all([run([...setFallback, '--lock-wait', '0']), run(setFallback)])
    expect(refused.code).toBe(3)
    expect(refused.json.results[0]).toMatchObject({error: {code: 'LOCKED', exitCode: 3}, stage: 'not-started', status: 'failed'})
    expect(refused.json.results[0].error.message).toMatch(/^Gamma 601 at 127\.83\.3\.3 \(AxeOS v2\.15\.0\) is in use by solominer process \d+ \(config set pool, since [^)]+\); gave up$/)
    expect((await first).code).toBe(0)
    expect(waited.code).toBe(0)
    expect(waited.json.results[0].before.pools[0].url).toBe(POOL.url)
    expect(waited.stderr).toMatch(/^Gamma 601 at 127\.83\.3\.3 \(AxeOS v2\.15\.0\) is being written by solominer process \d+ \(config set pool, since [^)]+\): waiting up to 300 s$/m)
    expect(writes(sim).map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system', 'POST /api/system/restart', 'PATCH /api/system', 'POST /api/system/restart'])
  })

  it('Avalon: three setpool and a reboot per run, never interleaved; both pools stay', {timeout: 90_000}, async () => {
    const sim = track(await createAvalonSim({host: '127.83.3.2', httpPort: 0, rebootDownMs: 300, rpcPort: 0}))
    const {run} = cli()
    const target = [sim.address.host, '--http-port', String(sim.address.httpPort), '--rpc-port', String(sim.address.rpcPort)]
    const [pool, fallback] = await setBoth(run, target)
    for (const result of [pool, fallback]) {
      expect(result.code, JSON.stringify(result.json?.results?.[0]?.error)).toBe(0)
      expect(result.json.results[0]).toMatchObject({restarted: true, status: 'changed', verified: true})
    }
    const sent = writes(sim).map(({body}) => JSON.parse(body) as {command: string; parameter: string})
    expect(sent.map(({command, parameter}) => (command === 'setpool' ? `setpool ${parameter.split(',')[2]}` : `${command} ${parameter}`))).toEqual([
      'setpool 0', 'setpool 1', 'setpool 2', 'ascset 0,reboot,0',
      'setpool 0', 'setpool 1', 'setpool 2', 'ascset 0,reboot,0',
    ])
    // The second run's three setpool carry both changes.
    expect(sent.slice(4, 6).map(({parameter}) => parameter.split(',').slice(3, 5))).toEqual([[POOL.url, POOL.user], [FALLBACK.url, FALLBACK.user]])
    expect(sim.state.pools.slice(0, 2).map(({url, user}) => [url, user])).toEqual([[POOL.url, POOL.user], [FALLBACK.url, FALLBACK.user]])
  })
})
