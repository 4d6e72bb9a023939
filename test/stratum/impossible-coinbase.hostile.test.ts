/**
 * Hostile pools whose coinbase no valid block can carry (issue 8 §3): 21 million BTC to the user, more
 * than the subsidy plus any plausible fees, negative and overflowing 64-bit output values, no outputs,
 * heights that break BIP34. Each is `does-not-pay-you` (exit 8) with its reason, through the built CLI,
 * and the switch/config gates refuse it before anything reaches a device.
 */
import {afterEach, describe, expect, it} from 'vitest'

import {type StratumPoolSim, type SyntheticJobOptions, buildSyntheticJob, createStratumPoolSim} from '../../src/sim/stratum-pool.js'
import {ADDRESS, axeos, cli, targetOf, writes} from '../config/helpers.js'
import {type FakeServer, mempoolRoutes, startFakeApi, startFakeBitcoind} from '../helpers/fake-chain.js'
import {poolCheck, poolCheckText} from './helpers.js'

const USER = 'bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc'
const OTHER = 'bc1q28kkr5hk4gnqe3evma6runjrd2pvqyp8fpwfzu'
const TIP_HASH = '00000000000000000001b10adebc5c45242f374be8cac92e673cf6311a2b71b6'
const CHAIN_BASE = {height: 903_826, nbits: '17026816', prevhash: TIP_HASH}
const BTC = 100_000_000n
const INVALID = 'The coinbase can never be in a valid block'

const servers: Array<{stop(): Promise<void>}> = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()))
})

async function hostilePool(job: Partial<SyntheticJobOptions>, host = '127.84.3.1'): Promise<StratumPoolSim> {
  const pool = await createStratumPoolSim({host, job: buildSyntheticJob({...CHAIN_BASE, payouts: [], ...job})})
  servers.push(pool)
  return pool
}

function check(json: {checks: Array<{detail: string; name: string; ok: boolean | null}>}, name: string) {
  return json.checks.find((entry) => entry.name === name)
}

describe('pool check refuses a coinbase no valid block can carry', () => {
  it('21,000,000 BTC to your address: does-not-pay-you (exit 8), 0 %, the reason in JSON and on the second line', async () => {
    const pool = await hostilePool({payouts: [{address: USER, sats: 21_000_000n * BTC}]})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(8)
    const reason = `${INVALID}: the coinbase claims 21000000.00000000 BTC, more than the 3.12500000 BTC subsidy at height 903826 plus at most 10.00000000 BTC in fees without a live fee figure`
    expect(json).toMatchObject({reason, userSharePercent: 0, verdict: 'does-not-pay-you'})
    expect(check(json, 'reward')).toEqual({detail: `T${reason.slice(INVALID.length + 3)}`, name: 'reward', ok: false})
    expect(check(json, 'payout')).toEqual({detail: 'No output pays your address', name: 'payout', ok: false})
    const human = await poolCheckText([pool.url, '--user', USER, '--no-chain'])
    expect(human.code).toBe(8)
    expect(human.stdout.split('\n').slice(0, 2)).toEqual([`${pool.url}  DOES NOT PAY YOU`, reason])
  })

  it('just above subsidy + the 10 BTC ceiling fails; exactly at it passes', async () => {
    const over = await hostilePool({payouts: [{address: USER, sats: 312_500_000n + 10n * BTC + 1n}]})
    expect((await poolCheck([over.url, '--user', USER, '--no-chain'])).code).toBe(8)
    const at = await hostilePool({payouts: [{address: USER, sats: 312_500_000n + 10n * BTC}]}, '127.84.3.2')
    const {code, json} = await poolCheck([at.url, '--user', USER, '--no-chain'])
    expect(code).toBe(0)
    expect(json).toMatchObject({reason: null, userSharePercent: 100, verdict: 'pays-you'})
  })

  it('an output above 21 million BTC, and outputs that add up beyond it', async () => {
    const huge = await hostilePool({payouts: [{address: USER, sats: 21_000_000n * BTC + 1n}]})
    const one = await poolCheck([huge.url, '--user', USER, '--no-chain'])
    expect(one.code).toBe(8)
    expect(one.json.reason).toBe(`${INVALID}: output 1 claims 21000000.00000001 BTC, more than the 21,000,000 BTC that can ever exist`)
    expect(check(one.json, 'coinbase')).toMatchObject({ok: false})
    const split = await hostilePool({payouts: [{address: USER, sats: 15_000_000n * BTC}, {address: OTHER, sats: 15_000_000n * BTC}]}, '127.84.3.2')
    const two = await poolCheck([split.url, '--user', USER, '--no-chain'])
    expect(two.code).toBe(8)
    expect(two.json.reason).toBe(`${INVALID}: its outputs claim 30000000.00000000 BTC together, more than the 21,000,000 BTC that can ever exist`)
  })

  it('a negative output, and the largest signed 64-bit value, are read exactly (BigInt) and refused', async () => {
    const negative = await hostilePool({payouts: [{address: USER, sats: 312_500_000n}, {address: OTHER, sats: -1n}]})
    const neg = await poolCheck([negative.url, '--user', USER, '--no-chain'])
    expect(neg.code).toBe(8)
    expect(neg.json.reason).toBe(`${INVALID}: output 2 has a negative value (-1 sats)`)
    expect(neg.json.outputs.map((output: {sats: string}) => output.sats)).toEqual(['312500000', '-1', '0'])
    const overflow = await hostilePool({payouts: [{address: USER, sats: 2n ** 63n - 1n}]}, '127.84.3.2')
    const big = await poolCheck([overflow.url, '--user', USER, '--no-chain'])
    expect(big.code).toBe(8)
    expect(big.json.outputs[0].sats).toBe('9223372036854775807')
    expect(big.json.reason).toBe(`${INVALID}: output 1 claims 92233720368.54775807 BTC, more than the 21,000,000 BTC that can ever exist`)
    const human = await poolCheckText([negative.url, '--user', USER, '--no-chain'])
    expect(human.stdout).toContain('-0.00000001 BTC')
  })

  it('a coinbase with no outputs pays nobody', async () => {
    const pool = await hostilePool({payouts: [], witnessCommitment: false})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(8)
    expect(json).toMatchObject({outputs: [], reason: `${INVALID}: it has no outputs, so it pays nobody`, verdict: 'does-not-pay-you'})
  })

  it.each([
    ['a non-minimal push (extra zero byte)', Uint8Array.of(0x04, 0x92, 0xca, 0x0d, 0x00), 'height 903826 is written 0492ca0d00, but BIP34 requires 0392ca0d: no valid block has it'],
    ['a negative number', Uint8Array.of(0x03, 0x92, 0xca, 0x8d), 'the coinbase height push 92ca8d is a negative number: no valid block has it'],
    ['a one-byte push of 5 instead of OP_5', Uint8Array.of(0x01, 0x05), 'height 5 is written 0105, but BIP34 requires 55: no valid block has it'],
    ['no height at all', Uint8Array.of(), 'the coinbase scriptSig does not start with a BIP34 height'],
  ])('a height that breaks BIP34 encoding: %s', async (_name, heightPush, problem) => {
    const pool = await hostilePool({heightPush, payouts: [{address: USER, sats: 312_500_000n}]})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(8)
    expect(json).toMatchObject({reason: `${INVALID}: ${problem}`, userSharePercent: 0, verdict: 'does-not-pay-you'})
  })
})

describe('with a chain source, fees are bounded by its next-block figure (twice it, plus 1 BTC)', () => {
  it('mempool API: fees/mempool-blocks says 0.05 BTC, so 1.2 BTC of fees is impossible; 1.1 BTC is fine', async () => {
    const api = await startFakeApi({...mempoolRoutes(), '/api/v1/fees/mempool-blocks': {body: '[{"blockSize":1598833,"blockVSize":997925,"nTx":3119,"totalFees":5000000,"medianFee":5.1}]'}})
    servers.push(api)
    const env = {SOLOMINER_MEMPOOL_URL: api.url}
    const greedy = await hostilePool({payouts: [{address: USER, sats: 312_500_000n + 120_000_000n}]})
    const refused = await poolCheck([greedy.url, '--user', USER, '--source', 'mempool'], env)
    expect(refused.code).toBe(8)
    expect(check(refused.json, 'reward')).toEqual({
      detail: 'The coinbase claims 4.32500000 BTC, more than the 3.12500000 BTC subsidy at height 903826 plus at most 1.10000000 BTC in fees (twice the 0.05000000 BTC the mempool source expects in the next block, plus 1 BTC)',
      name: 'reward',
      ok: false,
    })
    expect(api.paths()).toContain('/api/v1/fees/mempool-blocks')
    const fair = await hostilePool({payouts: [{address: USER, sats: 312_500_000n + 110_000_000n}]}, '127.84.3.2')
    const accepted = await poolCheck([fair.url, '--user', USER, '--source', 'mempool'], env)
    expect(check(accepted.json, 'reward')).toEqual({detail: 'The 3.12500000 BTC subsidy plus 1.10000000 BTC in fees', name: 'reward', ok: true})
  })

  it('node: getblocktemplate coinbasevalue bounds the fees', async () => {
    const node: FakeServer = await startFakeBitcoind({
      credentials: {password: 'p', user: 'u'},
      methods: {getblocktemplate: {result: {bits: '17026816', coinbasevalue: 312_500_000 + 2_000_000, height: 903_826}}},
    })
    servers.push(node)
    const pool = await hostilePool({payouts: [{address: USER, sats: 312_500_000n + 200_000_000n}]})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--source', 'node', '--rpc-url', node.url, '--rpc-user', 'u', '--rpc-password', 'p'])
    expect(code).toBe(8)
    expect(check(json, 'reward')?.detail).toBe(
      'The coinbase claims 5.12500000 BTC, more than the 3.12500000 BTC subsidy at height 903826 plus at most 1.04000000 BTC in fees (twice the 0.02000000 BTC the node source expects in the next block, plus 1 BTC)',
    )
  })
})

describe('the switch and config gates refuse an impossible coinbase before anything is pushed', () => {
  it('switch solo and config set pool --verify: exit 8, DOES_NOT_PAY_YOU with the reason, no request to the device', async () => {
    const pool = await createStratumPoolSim({
      host: '127.84.3.5',
      job: (user: string) => buildSyntheticJob({...CHAIN_BASE, payouts: [{address: user.split('.')[0]!, sats: 21_000_000n * BTC}]}),
    })
    servers.push(pool)
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const target = `${pool.host}:${pool.port}`
    const solo = await run(['switch', 'solo', '--pool', target, '--address', ADDRESS, '--fallback', 'none', targetOf(sim), '--yes', '--json'])
    expect(solo.code).toBe(8)
    expect(solo.json.error.code).toBe('DOES_NOT_PAY_YOU')
    expect(solo.json.error.message).toBe(
      `stratum+tcp://${target} does not pay your address: ${INVALID}: the coinbase claims 21000000.00000000 BTC, more than the 3.12500000 BTC subsidy at height 903826 plus at most 10.00000000 BTC in fees without a live fee figure: nothing was pushed`,
    )
    const set = await run(['config', 'set', 'pool', target, '--user', ADDRESS, '--verify', targetOf(sim), '--yes', '--json'])
    expect(set.code).toBe(8)
    expect(set.json.error.code).toBe('DOES_NOT_PAY_YOU')
    expect(writes(sim)).toEqual([])
  })
})
