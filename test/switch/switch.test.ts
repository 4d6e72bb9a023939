/**
 * `switch solo` / `switch pool` / `switch`, and the switch gate (issue 5 §2): the pool is checked to pay
 * the address (loopback stratum pool simulator) before anything is pushed to the AxeOS simulator.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {type StratumPoolSim, buildSyntheticJob, createStratumPoolSim, soloJobFor} from '../../src/sim/stratum-pool.js'
import {ADDRESS, TAPROOT, TESTNET_ADDRESS, axeos, cli, nextLoopback, targetOf, writes} from '../config/helpers.js'

const OTHER = 'bc1q28kkr5hk4gnqe3evma6runjrd2pvqyp8fpwfzu'
const CHAIN = {height: 903_826, nbits: '17026816', prevhash: '00000000000000000001b10adebc5c45242f374be8cac92e673cf6311a2b71b6'}

const pools: StratumPoolSim[] = []
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()))
})

async function soloPool(): Promise<StratumPoolSim> {
  const pool = await createStratumPoolSim({difficulty: 10_000, host: nextLoopback(), job: soloJobFor(CHAIN, {rewardSats: 312_500_000n})})
  pools.push(pool)
  return pool
}

async function rogueSoloPool(): Promise<StratumPoolSim> {
  const pool = await createStratumPoolSim({difficulty: 10_000, host: nextLoopback(), job: buildSyntheticJob({...CHAIN, payouts: [{address: OTHER, sats: 312_500_000n}]})})
  pools.push(pool)
  return pool
}

const poolTarget = (pool: StratumPoolSim) => `${pool.host}:${pool.port}`

function flatPools(body: string): Record<string, unknown> {
  const patch = JSON.parse(body) as Record<string, unknown>
  return Object.fromEntries(Object.entries(patch).filter(([key]) => /^(fallbackStratum|stratum)(URL|Port|User)$/.test(key)))
}

describe('switch solo', () => {
  it('checks the pool pays the address, then pushes pool + default solo fallback with the worker template', async () => {
    const pool = await soloPool()
    const sim = await axeos('axeos-2.14', {hostname: 'garage'})
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--pool', poolTarget(pool), '--address', ADDRESS, targetOf(sim), '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({restarted: true, status: 'changed', verified: true})
    expect(pool.received.find((message) => message.method === 'mining.authorize')?.params).toEqual([`${ADDRESS}.solominer-check`, 'x'])
    const sent = writes(sim)
    expect(sent.map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system', 'POST /api/system/restart'])
    expect(flatPools(sent[0]!.body)).toEqual({
      fallbackStratumPort: 3333,
      fallbackStratumURL: 'solo.ckpool.org',
      fallbackStratumUser: `${ADDRESS}.garage`,
      stratumPort: pool.port,
      stratumURL: pool.host,
      stratumUser: `${ADDRESS}.garage`,
    })
  })

  it('refuses (exit 8) when the pool pays someone else, and nothing reaches the device', async () => {
    const pool = await rogueSoloPool()
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--pool', poolTarget(pool), '--address', ADDRESS, '--fallback', 'none', targetOf(sim), '--yes', '--json'])
    expect(code).toBe(8)
    expect(json.error).toMatchObject({code: 'DOES_NOT_PAY_YOU'})
    expect(json.error.message).toMatch(/does not pay your address .*0\.00 %.*nothing was pushed/)
    expect(sim.http.journal.entries).toEqual([])
  })

  it('--force pushes anyway with a warning', async () => {
    const pool = await rogueSoloPool()
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--pool', poolTarget(pool), '--address', TAPROOT, '--fallback', 'none', targetOf(sim), '--force', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.warnings[0]).toMatch(/does not pay your address .*pushing anyway: --force/)
    expect(flatPools(writes(sim)[0]!.body)).toMatchObject({stratumURL: pool.host, stratumUser: `${TAPROOT}.bitaxe`})
  })

  it('a wrong-network or pooled target is refused before the pool or the device is contacted', async () => {
    const pool = await soloPool()
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const wrong = await run(['switch', 'solo', '--pool', poolTarget(pool), '--address', TESTNET_ADDRESS, targetOf(sim), '--yes', '--json'])
    expect(wrong.code).toBe(2)
    expect(wrong.json.error.message).toMatch(/is a testnet\/signet address, not a mainnet address/)
    const pooled = await run(['switch', 'solo', '--pool', 'foundry', '--address', ADDRESS, targetOf(sim), '--yes', '--json'])
    expect(pooled.code).toBe(2)
    expect(pooled.json.error.message).toMatch(/is not a solo pool/)
    expect(pool.received).toEqual([])
    expect(sim.http.journal.entries).toEqual([])
  })

  it('testnet address with --network testnet is checked and pushed', async () => {
    const pool = await createStratumPoolSim({host: nextLoopback(), job: soloJobFor({...CHAIN, network: 'testnet'}, {rewardSats: 312_500_000n})})
    pools.push(pool)
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--pool', poolTarget(pool), '--address', TESTNET_ADDRESS, '--network', 'testnet', '--fallback', 'none', '--worker', '', targetOf(sim), '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0].status).toBe('changed')
    expect(flatPools(writes(sim)[0]!.body)).toMatchObject({stratumUser: TESTNET_ADDRESS})
  })
})

describe('config set pool --verify', () => {
  it('a solo preset is checked by default: here the network guard stops the check, and nothing is pushed', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'ckpool', '--user', ADDRESS, targetOf(sim), '--yes', '--json'])
    expect(code).toBe(4)
    expect(json.error.message).toMatch(/^Could not check that stratum\+tcp:\/\/solo\.ckpool\.org:3333 pays your address/)
    expect(json.error.suggestions).toContain('Try again, or skip the check with --no-verify')
    expect(sim.http.journal.entries).toEqual([])
  })

  it('runs the same gate for a non-preset pool when asked', async () => {
    const pool = await rogueSoloPool()
    const sim = await axeos('axeos-2.15')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', poolTarget(pool), '--user', ADDRESS, '--verify', targetOf(sim), '--yes', '--json'])
    expect(code).toBe(8)
    expect(json.error.code).toBe('DOES_NOT_PAY_YOU')
    expect(writes(sim)).toEqual([])
  })
})

describe('profiles and switch pool', () => {
  it('profile add/list/remove; switch pool writes the profile pools; `switch` shows what each device mines', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const added = await run(['profile', 'add', 'work', '--pool', 'stratum+tcp://127.0.0.1:3333', '--user', 'acct.{mac}', '--password', 's3cret', '--fallback', 'braiins', '--json'])
    expect(added.code).toBe(0)
    expect(added.json.profile).toEqual({
      fallback: {passwordSet: false, url: 'stratum+tcp://stratum.braiins.com:3333', user: 'acct.{mac}'},
      name: 'work',
      pool: {passwordSet: true, url: 'stratum+tcp://127.0.0.1:3333', user: 'acct.{mac}'},
      preset: null,
    })
    const duplicate = await run(['profile', 'add', 'work', '--pool', 'ckpool', '--user', ADDRESS, '--json'])
    expect(duplicate.code).toBe(2)
    expect((await run(['profile', 'list', '--json'])).json.profiles.map((profile: {name: string}) => profile.name)).toEqual(['work'])

    const switched = await run(['switch', 'pool', 'work', targetOf(sim), '--yes', '--json'])
    expect(switched.code).toBe(0)
    const mac = sim.mac.replaceAll(':', '')
    const body = JSON.parse(writes(sim)[0]!.body)
    expect(body).toMatchObject({
      fallbackStratumPassword: 'x',
      fallbackStratumURL: 'stratum.braiins.com',
      fallbackStratumUser: `acct.${mac}`,
      stratumPassword: 's3cret',
      stratumPort: 3333,
      stratumURL: '127.0.0.1',
      stratumUser: `acct.${mac}`,
    })

    const overview = await run(['switch', targetOf(sim), '--json'])
    expect(overview.json.devices[0]).toMatchObject({address: null, mode: 'pooled', pool: 'stratum+tcp://127.0.0.1:3333', preset: null, user: `acct.${mac}`})
    expect((await run(['profile', 'remove', 'work', '--json'])).json.removed.name).toBe('work')
    expect((await run(['profile', 'list', '--json'])).json.profiles).toEqual([])
  })

  it('`switch` reports a solo preset and its payout address', async () => {
    const sim = await axeos('axeos-2.15')
    const {run} = cli()
    const {code, json} = await run(['switch', targetOf(sim), '--json'])
    expect(code).toBe(0)
    expect(json.devices[0]).toMatchObject({mode: 'solo', pool: 'stratum+tcp://public-pool.io:21496', preset: 'public-pool', worker: 'bitaxe'})
    expect(json.devices[0].address).toMatch(/^bc1q/)
    expect(json.devices[0].stats).toBe(`https://web.public-pool.io/#/app/${json.devices[0].address}`)
  })
})
