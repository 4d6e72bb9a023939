/**
 * A dry run shows the diff whatever the network says: a pool that cannot be reached is marked "not
 * verified" (exit 0), a pool that answers and does not pay is refused as the real push would be (exit 8),
 * and only the real push is gated on reaching the pool.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {type StratumPoolSim, buildSyntheticJob, createStratumPoolSim, soloJobFor} from '../../src/sim/stratum-pool.js'
import {startFakeBitcoind} from '../helpers/fake-chain.js'
import {ADDRESS, axeos, cli, nextLoopback, targetOf, writes} from '../config/helpers.js'

const OTHER = 'bc1q28kkr5hk4gnqe3evma6runjrd2pvqyp8fpwfzu'
const CHAIN = {height: 903_826, nbits: '17026816', prevhash: '00000000000000000001b10adebc5c45242f374be8cac92e673cf6311a2b71b6'}
const CKPOOL = 'stratum+tcp://solo.ckpool.org:3333'

const pools: StratumPoolSim[] = []
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()))
})

async function pool(job: Parameters<typeof createStratumPoolSim>[0]['job']): Promise<StratumPoolSim> {
  const sim = await createStratumPoolSim({host: nextLoopback(), job})
  pools.push(sim)
  return sim
}

describe('--dry-run with the pool unreachable (the network guard stops it here)', () => {
  it('config set pool ckpool: the diff, the pool marked not verified, exit 0, nothing written', async () => {
    const sim = await axeos('axeos-2.14', {hostname: 'garage'})
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'ckpool', '--user', `${ADDRESS}.{hostname}`, targetOf(sim), '--dry-run', '--json'])
    expect(code).toBe(0)
    expect(json.poolChecks).toEqual([{detail: `${CKPOOL} not verified (pool unreachable)`, pool: CKPOOL, refused: false, userSharePercent: null, verdict: 'not-verified'}])
    expect(json.warnings).toEqual([])
    expect(json.results[0].status).toBe('planned')
    expect(json.results[0].changes).toContainEqual({after: `${ADDRESS}.garage`, before: expect.any(String), field: 'pool.user'})
    expect(writes(sim)).toEqual([])
  })

  it('switch solo: the pool check line reads "not verified (pool unreachable)" above the diff, exit 0', async () => {
    const sim = await axeos('axeos-2.14', {hostname: 'garage'})
    const {run} = cli()
    const {code, stdout} = await run(['switch', 'solo', '--address', ADDRESS, targetOf(sim), '--dry-run'])
    expect(code).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(`Pool check: ${CKPOOL} not verified (pool unreachable)`)
    expect(lines).toContain(`    pool.url: stratum+tcp://public-pool.io:21496 → ${CKPOOL}`)
    expect(lines.at(-1)).toBe('Dry run, nothing sent: 1 to change')
    expect(writes(sim)).toEqual([])
  })

  it('the real push is still refused (exit 4) before the device is contacted', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--address', ADDRESS, targetOf(sim), '--yes', '--json'])
    expect(code).toBe(4)
    expect(json.error.message).toBe(`Could not check that ${CKPOOL} pays your address: solo.ckpool.org is outside SOLOMINER_NET_ALLOW (127.0.0.0/8); not contacted`)
    expect(sim.http.journal.entries).toEqual([])
  })
})

describe('--dry-run with a pool that answers', () => {
  it('a pool paying someone else is refused (exit 8) as the real gate would, nothing read or written', async () => {
    const rogue = await pool(buildSyntheticJob({...CHAIN, payouts: [{address: OTHER, sats: 312_500_000n}]}))
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--pool', `${rogue.host}:${rogue.port}`, '--address', ADDRESS, '--no-chain', targetOf(sim), '--dry-run', '--json'])
    expect(code).toBe(8)
    expect(json.error.code).toBe('DOES_NOT_PAY_YOU')
    expect(sim.http.journal.entries).toEqual([])
  })

  it('a pool paying the address is reported with its share; --no-chain does not ask the node for the tip', async () => {
    const solo = await pool(soloJobFor(CHAIN, {rewardSats: 312_500_000n}))
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    // A node on another tip: asked, it would make the job look foreign (exit 8).
    const node = await startFakeBitcoind({
      credentials: {password: 'pw', user: 'u'},
      methods: {getbestblockhash: {result: '1'.repeat(64)}, getblockchaininfo: {result: {bestblockhash: '1'.repeat(64), bits: CHAIN.nbits, blocks: CHAIN.height - 1, chain: 'main'}}},
    })
    try {
      const env = {SOLOMINER_RPC_PASSWORD: 'pw', SOLOMINER_RPC_URL: node.url, SOLOMINER_RPC_USER: 'u'}
      const args = ['config', 'set', 'pool', `${solo.host}:${solo.port}`, '--user', ADDRESS, '--verify', targetOf(sim), '--dry-run', '--json']
      const {code, json} = await run([...args, '--no-chain'], env)
      expect(code).toBe(0)
      const url = `stratum+tcp://${solo.host}:${solo.port}`
      expect(json.poolChecks).toEqual([{detail: `${url} pays your address 100.00 % of the block reward`, pool: url, refused: false, userSharePercent: 100, verdict: 'pays-you'}])
      expect(node.methodsCalled()).toEqual([])
      expect((await run(args, env)).code).toBe(8)
      expect(node.methodsCalled()).toContain('getblockchaininfo')
    } finally {
      await node.stop()
    }
  })

  it('--no-verify: the pool is not contacted and its check says so', async () => {
    const solo = await pool(soloJobFor(CHAIN, {rewardSats: 312_500_000n}))
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', `${solo.host}:${solo.port}`, '--user', ADDRESS, '--no-verify', targetOf(sim), '--dry-run', '--json'])
    expect(code).toBe(0)
    const url = `stratum+tcp://${solo.host}:${solo.port}`
    expect(json.poolChecks).toEqual([{detail: `${url} not verified (--no-verify)`, pool: url, refused: false, userSharePercent: null, verdict: 'not-verified'}])
    expect(json.warnings).toEqual([`Not checked whether ${url} pays your address (--no-verify)`])
    expect(solo.received).toEqual([])
  })
})
