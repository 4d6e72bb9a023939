/**
 * `switch solo` / `switch pool` / `switch`, and the switch gate (issue 5 §2): the pool is checked to pay
 * the address (loopback stratum pool simulator) before anything is pushed to the AxeOS simulator.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type StratumPoolSim, buildSyntheticJob, soloJobFor} from '../../src/sim/stratum-pool.js'
import {ADDRESS, CHAIN, TAPROOT, TESTNET_ADDRESS, axeos, cli, soloPool, stratumPool, targetOf, writes} from '../config/helpers.js'
import {type FakeServer, startFakeBitcoind} from '../helpers/fake-chain.js'

const OTHER = 'bc1q28kkr5hk4gnqe3evma6runjrd2pvqyp8fpwfzu'

/** A solo pool keeping `feePercent` of the reward for a third party (ckpool keeps 2 %). */
function feeSoloPool(feePercent: number): Promise<StratumPoolSim> {
  return stratumPool({job: soloJobFor(CHAIN, {feeAddress: OTHER, feePercent, rewardSats: 312_500_000n})})
}

function rogueSoloPool(): Promise<StratumPoolSim> {
  return stratumPool({difficulty: 10_000, job: buildSyntheticJob({...CHAIN, payouts: [{address: OTHER, sats: 312_500_000n}]})})
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
    const pool = await stratumPool({job: soloJobFor({...CHAIN, network: 'testnet'}, {rewardSats: 312_500_000n})})
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--pool', poolTarget(pool), '--address', TESTNET_ADDRESS, '--network', 'testnet', '--fallback', 'none', '--worker', '', targetOf(sim), '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0].status).toBe('changed')
    expect(flatPools(writes(sim)[0]!.body)).toMatchObject({stratumUser: TESTNET_ADDRESS})
  })
})

describe('the gate refuses a pool that pays you only partly or mines another chain', () => {
  it('10 % to a third party: refused (exit 8) saying how much goes elsewhere; --force pushes with that warning', async () => {
    const pool = await feeSoloPool(10)
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const args = ['switch', 'solo', '--pool', poolTarget(pool), '--address', ADDRESS, '--fallback', 'none', targetOf(sim), '--yes', '--json']
    const refused = await run(args)
    expect(refused.code).toBe(8)
    const reason = `stratum+tcp://${poolTarget(pool)} pays your address only 90.00 % of the block reward: 10.00 % goes to other outputs (at least 95 % expected)`
    expect(refused.json.error).toMatchObject({code: 'DOES_NOT_PAY_YOU', message: `${reason}: nothing was pushed`})
    expect(sim.http.journal.entries).toEqual([])
    const forced = await run([...args, '--force'])
    expect(forced.code).toBe(0)
    expect(forced.json.warnings).toEqual([`${reason} (pushing anyway: --force)`])
    expect(flatPools(writes(sim)[0]!.body)).toMatchObject({stratumURL: pool.host, stratumUser: `${ADDRESS}.bitaxe`})
  })

  it("ckpool's 2 % fee still pays you: pushed without a warning", async () => {
    const pool = await feeSoloPool(2)
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--pool', poolTarget(pool), '--address', ADDRESS, '--fallback', 'none', targetOf(sim), '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.warnings).toEqual([])
    expect(json.results[0].status).toBe('changed')
  })

  describe('with the node configured', () => {
    let node: FakeServer
    beforeAll(async () => {
      const tip = {bits: CHAIN.nbits, blocks: CHAIN.height - 1, chain: 'main', difficulty: 116_958_512_019_762.11}
      node = await startFakeBitcoind({
        credentials: {password: 'pw', user: 'u'},
        methods: {
          getbestblockhash: {result: CHAIN.prevhash},
          getblockchaininfo: {result: {...tip, bestblockhash: CHAIN.prevhash}},
          getmininginfo: {result: tip},
        },
      })
    })
    afterAll(() => node.stop())
    const nodeEnv = () => ({SOLOMINER_RPC_PASSWORD: 'pw', SOLOMINER_RPC_URL: node.url, SOLOMINER_RPC_USER: 'u'})

    it('a pool whose job builds on another tip is refused (exit 8) although it pays 100 %, and nothing is pushed', async () => {
      const pool = await stratumPool({job: soloJobFor({...CHAIN, prevhash: '1'.repeat(64)}, {rewardSats: 312_500_000n})})
      const sim = await axeos('axeos-2.14')
      const {run} = cli()
      const args = ['switch', 'solo', '--pool', poolTarget(pool), '--address', ADDRESS, '--fallback', 'none', targetOf(sim)]
      const {code, json} = await run([...args, '--dry-run', '--json'], nodeEnv())
      expect(code).toBe(8)
      expect(json.error.code).toBe('DOES_NOT_PAY_YOU')
      expect(json.error.message).toBe(
        `stratum+tcp://${poolTarget(pool)} is not building on your mainnet chain, so it cannot pay your address (The job does not build on the mainnet tip from node ${node.url}: this pool mines another chain (e.g. Bitcoin Cash) or a stale tip, so its blocks would not pay you): nothing was pushed`,
      )
      expect(sim.http.journal.entries).toEqual([])
      const onTip = await soloPool()
      const accepted = await run(['switch', 'solo', '--pool', poolTarget(onTip), '--address', ADDRESS, '--fallback', 'none', targetOf(sim), '--dry-run', '--json'], nodeEnv())
      expect(accepted.code).toBe(0)
      expect(accepted.json.warnings).toEqual([])
    })
  })
})

describe('upper-case bech32 addresses are pushed lower-cased', () => {
  it('switch solo and config set pool write the canonical address', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const upper = ADDRESS.toUpperCase()
    const solo = await run(['switch', 'solo', '--pool', '127.0.0.1:3333', '--address', upper, '--fallback', 'none', '--no-verify', targetOf(sim), '--yes', '--json'])
    expect(solo.code).toBe(0)
    expect(flatPools(writes(sim)[0]!.body)).toMatchObject({stratumUser: `${ADDRESS}.bitaxe`})
    const set = await run(['config', 'set', 'pool', '127.0.0.1:3334', '--user', `${upper}.rig`, '--no-verify', targetOf(sim), '--yes', '--json'])
    expect(set.code).toBe(0)
    expect(flatPools(writes(sim).at(-2)!.body)).toMatchObject({stratumPort: 3334, stratumUser: `${ADDRESS}.rig`})
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
      network: 'mainnet',
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
