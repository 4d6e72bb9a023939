/**
 * The same verified push against the other families' simulators: Avalon Nano 3S (cgminer RPC `setpool`
 * ×3 with the admin login, reboot, read back) and stock Antminer S9 / S19 (digest-authenticated CGI,
 * full conf with only the pools changed), plus the per-device "not supported" outcome.
 */
import {describe, expect, it} from 'vitest'

import {createAntminerSim} from '../../src/sim/antminer.js'
import {createBraiinsSim} from '../../src/sim/braiins.js'
import {createAvalonSim} from '../../src/sim/avalon.js'
import {createAxeosSim} from '../../src/sim/axeos.js'
import {ADDRESS, RESTART_DOWN_MS, cli, nextLoopback, track, writes} from './helpers.js'

const USER = `${ADDRESS}.{hostname}`

async function avalon(adminPassword?: string) {
  return track(await createAvalonSim({adminPassword, host: nextLoopback(), httpPort: 0, rebootDownMs: RESTART_DOWN_MS, rpcPort: 0}))
}

function portsOf(sim: {address: {host: string; httpPort: number; rpcPort: number}}): string[] {
  return [sim.address.host, '--http-port', String(sim.address.httpPort), '--rpc-port', String(sim.address.rpcPort)]
}

describe('Avalon Nano 3S', () => {
  it('setpool for every slot with the admin login, then reboot; read back verified', async () => {
    const sim = await avalon()
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'ckpool-eu', '--user', USER, ...portsOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({restarted: true, status: 'changed', verified: true})
    const mac = sim.mac.replaceAll(':', '')
    expect(writes(sim).map(({body}) => JSON.parse(body))).toEqual([
      {command: 'setpool', parameter: `admin,admin,0,stratum+tcp://eusolo.ckpool.org:3333,${ADDRESS}.${mac},x`},
      {command: 'setpool', parameter: `admin,admin,1,stratum+tcp://solo.ckpool.org:3333,${sim.state.pools[1]!.user},x`},
      {command: 'setpool', parameter: `admin,admin,2,stratum+tcp://eusolo.ckpool.org:3333,${sim.state.pools[2]!.user},x`},
      {command: 'ascset', parameter: '0,reboot,0'},
    ])
    expect(sim.state.pools[0]).toEqual({password: 'x', url: 'stratum+tcp://eusolo.ckpool.org:3333', user: `${ADDRESS}.${mac}`})
  })

  it('a comma in the pool password is refused before anything is sent; voltage is "not supported" (skipped)', async () => {
    const sim = await avalon()
    const {run} = cli()
    const comma = await run(['config', 'set', 'pool', 'ckpool', '--user', ADDRESS, '--password', 'a,b', ...portsOf(sim), '--no-verify', '--yes', '--json'])
    expect(comma.code).toBe(2)
    expect(comma.json.results[0].error).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'The pool 1 password contains a comma, which Avalon firmware cannot store (it splits its setpool command on commas)',
    })
    const voltage = await run(['config', 'set', 'voltage', '1150', ...portsOf(sim), '--yes', '--json'])
    expect(voltage.code).toBe(5)
    expect(voltage.json.results[0]).toMatchObject({error: {code: 'UNSUPPORTED'}, status: 'skipped'})
    expect(writes(sim)).toEqual([])
  })

  it('backup and restore round trip: the three original pools come back after a reboot', async () => {
    const sim = await avalon()
    const original = structuredClone(sim.state.pools)
    const {run} = cli()
    expect((await run(['config', 'backup', ...portsOf(sim), '--json'])).json.results[0].status).toBe('saved')
    const switched = await run(['switch', 'solo', '--pool', 'public-pool', '--address', ADDRESS, ...portsOf(sim), '--no-verify', '--yes', '--json'])
    expect(switched.json.results[0]).toMatchObject({status: 'changed', verified: true})
    expect(sim.state.pools[1]!.url).toBe('stratum+tcp://solo.ckpool.org:3333')
    sim.journals.forEach((journal) => journal.clear())
    const restored = await run(['config', 'restore', ...portsOf(sim), '--yes', '--json'])
    expect(restored.code).toBe(0)
    expect(restored.json.results[0]).toMatchObject({restarted: true, status: 'changed', verified: true})
    expect(sim.state.pools).toEqual(original)
    expect(writes(sim).map(({body}) => JSON.parse(body).command)).toEqual(['setpool', 'setpool', 'setpool', 'ascset'])
  })

  it('a wrong admin password: the device refuses, reported failed, nothing half-written', async () => {
    const sim = await avalon('s3cret')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'ckpool', '--user', ADDRESS, ...portsOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(5)
    expect(json.results[0]).toMatchObject({
      error: {code: 'AUTH_FAILED', message: `${sim.address.host}:${sim.address.rpcPort} refused "setpool": Pool set error: userpass err (the Avalon admin password was not accepted)`},
      restored: null,
      status: 'failed',
    })
    // The first setpool was refused: the other two slots were never sent.
    expect(writes(sim).map(({body}) => JSON.parse(body).command)).toEqual(['setpool'])
    expect(sim.state.pendingPools).toBeNull()
  })
})

describe('Antminer stock web', () => {
  it('S9: one digest-authenticated set_miner_conf.cgi with only the pools changed, read back verified', async () => {
    const sim = track(await createAntminerSim({host: nextLoopback(), httpPort: 0, rpcPort: 0, variant: 's9'}))
    const before = structuredClone(sim.state.conf)
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'public-pool', '--user', `${ADDRESS}.s9`, ...portsOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({status: 'changed', verified: true})
    // Digest auth: the first POST draws the challenge, the second carries the answer.
    const posts = sim.http.journal.entries.filter((entry) => entry.method === 'POST')
    expect(posts.map((entry) => entry.path)).toEqual(['/cgi-bin/set_miner_conf.cgi', '/cgi-bin/set_miner_conf.cgi'])
    expect(posts[0]!.headers.authorization).toBeUndefined()
    expect(String(posts[1]!.headers.authorization)).toMatch(/^Digest username="root", realm="antMiner Configuration"/)
    expect(sim.state.conf.pools[0]).toEqual({pass: 'x', url: 'stratum+tcp://public-pool.io:21496', user: `${ADDRESS}.s9`})
    expect({...sim.state.conf, pools: before.pools}).toEqual(before)
  })

  it('S19: fan is "not supported" on stock firmware (skipped, exit 5), nothing written', async () => {
    const sim = track(await createAntminerSim({host: nextLoopback(), httpPort: 0, rpcPort: 0, variant: 's19'}))
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'fan', 'auto', ...portsOf(sim), '--yes', '--json'])
    expect(code).toBe(5)
    expect(json.results[0]).toMatchObject({error: {code: 'UNSUPPORTED'}, status: 'skipped'})
    expect(writes(sim)).toEqual([])
  })
})

describe('NerdQAxe++ with OTP', () => {
  it('without --otp the device refuses the write (failed); with --otp the header is sent and the change verified', async () => {
    const sim = track(await createAxeosSim({host: nextLoopback(), httpPort: 0, jitter: false, otp: '424242', profile: 'nerdqaxe++', restartDownMs: RESTART_DOWN_MS}))
    const {run} = cli()
    const target = `${sim.address.host}:${sim.address.httpPort}`
    const refused = await run(['config', 'set', 'fan', '70', target, '--yes', '--json'])
    expect(refused.code).toBe(5)
    expect(refused.json.results[0]).toMatchObject({
      error: {code: 'AUTH_FAILED', message: `${sim.address.host} wants a one-time password for PATCH /api/system (NerdQAxe OTP is enabled): pass the current code with --otp`},
      status: 'failed',
    })
    const done = await run(['config', 'set', 'fan', '70', target, '--otp', '424242', '--yes', '--json'])
    expect(done.code).toBe(0)
    expect(done.json.results[0]).toMatchObject({after: {fan: {mode: 'manual', percent: 70}}, status: 'changed', verified: true})
    const patches = sim.http.journal.entries.filter((entry) => entry.method === 'PATCH')
    expect(patches.at(-1)!.headers['x-totp']).toBe('424242')
  })
})

describe('Braiins OS', () => {
  it('25.07 REST: switch solo writes the pools and reads them back; 20.09 (LuCI only): a clear "not supported", skipped', async () => {
    const modern = track(await createBraiinsSim({host: nextLoopback(), httpPort: 0, rpcPort: 0, variant: '25.07'}))
    const old = track(await createBraiinsSim({host: nextLoopback(), httpPort: 0, rpcPort: 0, variant: '20.09'}))
    const {run} = cli()
    const targets = [`${modern.address.host}:${modern.address.httpPort}`, `${old.address.host}:${old.address.httpPort}`]
    const {code, json} = await run([
      'switch', 'solo', '--pool', 'ckpool-eu', '--address', ADDRESS, '--worker', 'rig', ...targets,
      '--rpc-port', String(modern.address.rpcPort), '--no-verify', '--yes', '--json',
    ])
    expect(json.results[0]).toMatchObject({status: 'changed', verified: true})
    expect(modern.state.groups[0]!.pools.map((pool) => [pool.url, pool.user])).toEqual([
      ['stratum+tcp://eusolo.ckpool.org:3333', `${ADDRESS}.rig`],
      ['stratum+tcp://solo.ckpool.org:3333', `${ADDRESS}.rig`],
    ])
    expect(json.results[1]).toMatchObject({error: {code: 'UNSUPPORTED'}, status: 'skipped'})
    // Only the read-only GraphQL probe (`{ __typename }`) reached the old device.
    expect(writes(old).filter(({body}) => !body.includes('__typename'))).toEqual([])
    expect(code).toBe(0)
  })
})
