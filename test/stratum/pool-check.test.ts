/**
 * `solominer pool check` end to end: the built CLI against the loopback stratum pool simulator
 * replaying real and synthetic jobs, over TCP and TLS, with every misbehaviour the client must survive.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type StratumPoolOptions, type StratumPoolSim, buildSyntheticJob, createStratumPoolSim, soloJobFor} from '../../src/sim/stratum-pool.js'
import {startFakeBitcoind} from '../helpers/fake-chain.js'
import {expectedOutputs, fixtureJob, makeCertificate, poolCheck, poolCheckText, stratumFixture} from './helpers.js'

const CKPOOL = stratumFixture('ckpool-eusolo-h903826.notify.json')
const PUBLIC_POOL = stratumFixture('public-pool-testnet-h2442185.session.json')
const BRAIINS = stratumFixture('braiins-pool-h787109.nonsolo.notify.json')

const USER = 'bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc'
const CKPOOL_DONATION = 'bc1q28kkr5hk4gnqe3evma6runjrd2pvqyp8fpwfzu'
const TIP_HASH = '00000000000000000001b10adebc5c45242f374be8cac92e673cf6311a2b71b6'
const CHAIN_BASE = {height: 903_826, nbits: '17026816', prevhash: TIP_HASH}

const pools: StratumPoolSim[] = []
async function startPool(options: Omit<StratumPoolOptions, 'host'>): Promise<StratumPoolSim> {
  const pool = await createStratumPoolSim({host: '127.0.0.1', ...options})
  pools.push(pool)
  return pool
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()))
})

describe('real pool jobs replayed', () => {
  it('ckpool eusolo: 98 % to the miner, 2 % donation, pays-you (exit 0) with the exact requests sent', async () => {
    const pool = await startPool({difficulty: 10_000, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([`127.0.0.1:${pool.port}`, '--user', `${USER}.bitaxe`, '--no-chain'])
    expect(code).toBe(0)
    expect(json).toMatchObject({
      job: {
        coinbaseTag: 'ckpool eu/solo.ckpool.org/',
        height: 903_826,
        nbits: '17026816',
        networkDifficulty: 116_958_512_019_762.11,
        prevhash: TIP_HASH,
      },
      reachable: true,
      shareDifficulty: 10_000,
      url: `stratum+tcp://127.0.0.1:${pool.port}`,
      user: `${USER}.bitaxe`,
      userSharePercent: 98,
      verdict: 'pays-you',
    })
    expect(json.outputs).toEqual(expectedOutputs(CKPOOL))
    expect(json.outputs[1].address).toBe(CKPOOL_DONATION)
    expect(Object.keys(json).sort()).toEqual([
      'checks', 'job', 'latencyMs', 'outputs', 'reachable', 'reason', 'shareDifficulty', 'timeToJobMs', 'url', 'user', 'userSharePercent', 'verdict',
    ])
    expect(typeof json.latencyMs).toBe('number')
    expect(typeof json.timeToJobMs).toBe('number')
    expect(json.checks).toEqual([
      {detail: '3 output(s) paying 3.18015863 BTC in total', name: 'coinbase', ok: true},
      {detail: '98 % (3.11655546 BTC) goes to your address (at least 95 % expected)', name: 'payout', ok: true},
      {detail: 'The 3.12500000 BTC subsidy plus 0.05515863 BTC in fees', name: 'reward', ok: true},
      {detail: 'Skipped on request', name: 'chain', ok: null},
      {detail: 'Version rolling allowed, mask 1fffe000', name: 'version-rolling', ok: null},
    ])
    expect(pool.received).toEqual([
      {id: 1, method: 'mining.subscribe', params: ['solominer/0.1.0']},
      {id: 2, method: 'mining.configure', params: [['version-rolling'], {'version-rolling.mask': '1fffe000', 'version-rolling.min-bit-count': 2}]},
      {id: 3, method: 'mining.authorize', params: [`${USER}.bitaxe`, 'x']},
    ])
  })

  it('public-pool testnet: both outputs pay the miner, 100 % on --network testnet', async () => {
    const pool = await startPool({difficulty: 512, job: fixtureJob(PUBLIC_POOL)})
    const {code, json} = await poolCheck([pool.url, '--user', PUBLIC_POOL.user_address, '--network', 'testnet', '--no-chain'])
    expect(code).toBe(0)
    expect(json.outputs).toEqual(expectedOutputs(PUBLIC_POOL))
    expect(json).toMatchObject({job: {coinbaseTag: '\\public-pool\\', height: 2_442_185}, shareDifficulty: 512, userSharePercent: 100, verdict: 'pays-you'})
  })

  it('Braiins Pool (not solo): 0 %, does-not-pay-you, exit 8', async () => {
    const pool = await startPool({job: fixtureJob(BRAIINS)})
    const {code, json} = await poolCheck([pool.url, '--user', BRAIINS.user_address, '--no-chain'])
    expect(code).toBe(8)
    expect(json.outputs).toEqual(expectedOutputs(BRAIINS))
    expect(json).toMatchObject({job: {coinbaseTag: '/slush/', height: 787_109}, userSharePercent: 0, verdict: 'does-not-pay-you'})
    expect(json.checks[1]).toEqual({detail: 'No output pays your address', name: 'payout', ok: false})
  })
})

describe('synthetic jobs for every address type', () => {
  it.each([
    ['p2pkh', '1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV'],
    ['p2sh', '33MGnVL6rnKqt6Jjt3HbRqWJrhwy65dMhS'],
    ['p2wpkh', 'bc1q42aueh0wluqpzg3ng32kvaugnx4thnxa7y625x'],
    ['p2wsh', 'bc1qqypqxpq9qcrsszg2pvxq6rs0zqg3yyc5z5tpwxqergd3c8g7rusqyp0mu0'],
    ['p2tr', 'bc1pllhdmn9m42vcsamx24zrxgs3qrl7ahwvhw4fnzrhve25gvezzyqqc0cgpt'],
  ])('%s: a solo pool paying the authorised address is recognised by script', async (_type, address) => {
    const pool = await startPool({job: soloJobFor(CHAIN_BASE, {rewardSats: 315_000_000n})})
    const {code, json} = await poolCheck([pool.url, '--user', `${address}.rig1`, '--no-chain'])
    expect(code).toBe(0)
    expect(json.outputs[0]).toMatchObject({address, isUser: true, sats: '315000000'})
    expect(json).toMatchObject({userSharePercent: 100, verdict: 'pays-you'})
  })

  it('a pool paying someone else: 0 %, exit 8', async () => {
    const pool = await startPool({
      job: buildSyntheticJob({...CHAIN_BASE, payouts: [{address: '1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV', sats: 315_000_000n}]}),
    })
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(8)
    expect(json.outputs[0]).toMatchObject({address: '1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV', isUser: false})
    expect(json).toMatchObject({userSharePercent: 0, verdict: 'does-not-pay-you'})
  })

  it('a fee split: 90 % is pays-you-partly (exit 9); --min-share 90 makes it pays-you (exit 0)', async () => {
    const pool = await startPool({job: soloJobFor(CHAIN_BASE, {feeAddress: CKPOOL_DONATION, feePercent: 10, rewardSats: 320_000_000n})})
    const partly = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(partly.code).toBe(9)
    expect(partly.json).toMatchObject({userSharePercent: 90, verdict: 'pays-you-partly'})
    expect(partly.json.outputs.map((output: {sats: string}) => output.sats)).toEqual(['288000000', '32000000', '0'])
    const accepted = await poolCheck([pool.url, '--user', USER, '--no-chain', '--min-share', '90'])
    expect(accepted.code).toBe(0)
    expect(accepted.json).toMatchObject({userSharePercent: 90, verdict: 'pays-you'})
  })
})

describe('rogue coinbases', () => {
  it('escape sequences in the coinbase tag are removed whole, not just their ESC byte', async () => {
    const tag = '\u001B[31mEVIL\u001B]0;pwned\u0007\u001B[2J'
    const pool = await startPool({job: soloJobFor({...CHAIN_BASE, tag}, {rewardSats: 312_500_000n})})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(0)
    expect(json.job.coinbaseTag).toBe('EVIL')
    const human = await poolCheckText([pool.url, '--user', USER, '--no-chain', '--no-color'])
    expect(human.stdout).toContain('tag EVIL\n')
    expect(human.stdout.includes('\u001B')).toBe(false)
    expect(human.stdout).not.toMatch(/\[31m|pwned/)
  })


  it('value burnt in an OP_RETURN output is not counted as paid to you', async () => {
    const burn = Uint8Array.from([0x6a, 0x04, 0xde, 0xad, 0xbe, 0xef])
    const pool = await startPool({
      job: buildSyntheticJob({...CHAIN_BASE, payouts: [{address: USER, sats: 160_000_000n}, {sats: 160_000_000n, script: burn}]}),
    })
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(9)
    expect(json).toMatchObject({userSharePercent: 50, verdict: 'pays-you-partly'})
    expect(json.outputs[1]).toEqual({address: null, isUser: false, sats: '160000000', script: '6a04deadbeef'})
  })

  it('a token payment (1 sat) to you is does-not-pay-you; a coinbase under the subsidy is flagged', async () => {
    const pool = await startPool({
      job: buildSyntheticJob({...CHAIN_BASE, payouts: [{address: USER, sats: 1n}, {address: CKPOOL_DONATION, sats: 100_000_000n}]}),
    })
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(8)
    expect(json).toMatchObject({userSharePercent: 0, verdict: 'does-not-pay-you'})
    expect(json.checks).toContainEqual({
      detail: 'The coinbase claims 1.00000001 BTC, less than the 3.12500000 BTC subsidy at height 903826',
      name: 'reward',
      ok: false,
    })
  })
})

/** The node's view matching the real ckpool job: its prevhash is the tip, its height the next block. */
const TIP_STATE = {bits: '17026816', blocks: 903_825, chain: 'main', difficulty: 116_958_512_019_762.11}

describe('chain checks against the node', () => {
  const node = {stop: async () => {}, url: ''}
  beforeAll(async () => {
    const fake = await startFakeBitcoind({
      credentials: {password: 'pw', user: 'u'},
      methods: {
        getbestblockhash: {result: TIP_HASH},
        getblockchaininfo: {result: {...TIP_STATE, bestblockhash: TIP_HASH}},
        getmininginfo: {result: TIP_STATE},
      },
    })
    Object.assign(node, fake)
  })
  afterAll(() => node.stop())
  const nodeFlags = () => ['--source', 'node', '--rpc-url', node.url, '--rpc-user', 'u', '--rpc-password', 'pw']

  it('a job on the tip passes height, prevhash, difficulty and same-chain', async () => {
    const pool = await startPool({job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, ...nodeFlags()])
    expect(code).toBe(0)
    expect(json.checks.slice(3, 7)).toEqual([
      {detail: 'Height 903826 = tip + 1', name: 'height', ok: true},
      {detail: 'Builds on the current tip', name: 'prevhash', ok: true},
      {detail: 'nbits 17026816 matches the network', name: 'difficulty', ok: true},
      {detail: `The job builds on the mainnet chain seen by node ${node.url}`, name: 'same-chain', ok: true},
    ])
  })

  it('a "solo" pool building on another chain (Bitcoin Cash-like) is flagged and does not pay you (exit 8)', async () => {
    const foreign = {height: 921_000, nbits: '18034b5b', prevhash: '000000000000000000cafe0000000000000000000000000000000000000000bc'}
    const pool = await startPool({job: soloJobFor(foreign, {rewardSats: 312_500_000n})})
    const {code, json} = await poolCheck([pool.url, '--user', USER, ...nodeFlags()])
    expect(code).toBe(8)
    expect(json).toMatchObject({userSharePercent: 100, verdict: 'does-not-pay-you'})
    const byName = Object.fromEntries(json.checks.map((check: {name: string; ok: boolean | null}) => [check.name, check.ok]))
    expect(byName).toMatchObject({difficulty: false, height: false, prevhash: false, 'same-chain': false})
    expect(json.checks.find((check: {name: string}) => check.name === 'same-chain').detail).toContain('this pool mines another chain')
  })

  it('a job at the next height on another tip hash (same nbits) is another chain: exit 8, headline says so', async () => {
    const otherTip = {...CHAIN_BASE, prevhash: '1'.repeat(64)}
    const pool = await startPool({job: soloJobFor(otherTip, {rewardSats: 312_500_000n})})
    const {code, json} = await poolCheck([pool.url, '--user', USER, ...nodeFlags()])
    expect(code).toBe(8)
    expect(json).toMatchObject({userSharePercent: 100, verdict: 'does-not-pay-you'})
    expect(json.checks.slice(3, 7)).toEqual([
      {detail: 'Height 903826 = tip + 1', name: 'height', ok: true},
      {detail: `Builds on ${'1'.repeat(64)}, but the tip is ${TIP_HASH}`, name: 'prevhash', ok: false},
      {detail: 'nbits 17026816 matches the network', name: 'difficulty', ok: true},
      {
        detail: `The job does not build on the mainnet tip from node ${node.url}: this pool mines another chain (e.g. Bitcoin Cash) or a stale tip, so its blocks would not pay you`,
        name: 'same-chain',
        ok: false,
      },
    ])
    const human = await poolCheckText([pool.url, '--user', USER, ...nodeFlags(), '--no-color'])
    expect(human.code).toBe(8)
    expect(human.stdout.split('\n')[0]).toBe(`${pool.url}  DOES NOT PAY YOU (the job is not on your chain)`)
  })

  it('a job on the tip hash at a wrong height (123) is not on the chain either: exit 8', async () => {
    const pool = await startPool({job: soloJobFor({...CHAIN_BASE, height: 123}, {rewardSats: 312_500_000n})})
    const {code, json} = await poolCheck([pool.url, '--user', USER, ...nodeFlags()])
    expect(code).toBe(8)
    expect(json.verdict).toBe('does-not-pay-you')
    const byName = Object.fromEntries(json.checks.map((check: {name: string; ok: boolean | null}) => [check.name, check.ok]))
    expect(byName).toMatchObject({height: false, prevhash: true, 'same-chain': false})
  })

  it('an unreachable chain source is said, not failed', async () => {
    const pool = await startPool({job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--source', 'node', '--rpc-url', 'http://127.0.0.1:9', '--rpc-user', 'u', '--rpc-password', 'pw'])
    expect(code).toBe(0)
    expect(json.checks[3]).toMatchObject({name: 'chain', ok: null})
    expect(json.checks[3].detail).toMatch(/^Not checked: the chain source did not answer/)
  })
})

describe('difficulty against the next block', () => {
  const nodes: Array<{stop(): Promise<void>}> = []
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((node) => node.stop()))
  })
  async function nodeWith(methods: Parameters<typeof startFakeBitcoind>[0]['methods']) {
    const node = await startFakeBitcoind({credentials: {password: 'pw', user: 'u'}, methods: {getbestblockhash: {result: TIP_HASH}, ...methods}})
    nodes.push(node)
    return {flags: ['--source', 'node', '--rpc-url', node.url, '--rpc-user', 'u', '--rpc-password', 'pw'], node}
  }
  const byName = (checks: Array<{name: string; ok: boolean | null}>) => Object.fromEntries(checks.map((check) => [check.name, check.ok]))

  it('an nbits that is not the next block\'s is another chain even on the tip at the next height: exit 8', async () => {
    const {flags} = await nodeWith({getblockchaininfo: {result: {...TIP_STATE, bestblockhash: TIP_HASH}}, getmininginfo: {result: TIP_STATE}})
    const pool = await startPool({job: soloJobFor({...CHAIN_BASE, nbits: '17034219'}, {rewardSats: 312_500_000n})})
    const {code, json} = await poolCheck([pool.url, '--user', USER, ...flags])
    expect(code).toBe(8)
    expect(json.verdict).toBe('does-not-pay-you')
    expect(json.checks.find((check: {name: string}) => check.name === 'difficulty')).toEqual({
      detail: 'nbits 17034219, but the next block needs 17026816',
      name: 'difficulty',
      ok: false,
    })
    expect(byName(json.checks)).toMatchObject({height: true, prevhash: true, 'same-chain': false})
  })

  // Block 903168 = 448 × 2016 starts a difficulty period: its nbits differ from the tip's.
  const RETARGET_TIP = {...TIP_STATE, blocks: 903_167}
  const RETARGET_JOB = {...CHAIN_BASE, height: 903_168, nbits: '17025ced'}

  it('at a retarget the job is compared with getmininginfo next.bits (Core 29+), not the tip\'s bits', async () => {
    const mining = {...RETARGET_TIP, next: {bits: '17025ced', height: 903_168}}
    const {flags, node} = await nodeWith({getblockchaininfo: {result: {...RETARGET_TIP, bestblockhash: TIP_HASH}}, getmininginfo: {result: mining}})
    const pool = await startPool({job: soloJobFor(RETARGET_JOB, {rewardSats: 312_500_000n})})
    const {code, json} = await poolCheck([pool.url, '--user', USER, ...flags])
    expect(code).toBe(0)
    expect(json.verdict).toBe('pays-you')
    expect(json.checks.find((check: {name: string}) => check.name === 'difficulty')).toEqual({detail: 'nbits 17025ced matches the network', name: 'difficulty', ok: true})
    // getblocktemplate is read for the next block's fees only (its bits are not the comparison).
    expect(node.methodsCalled()).toContain('getblocktemplate')
  })

  it('at a retarget, an older node is asked getblocktemplate for the next bits', async () => {
    const {flags, node} = await nodeWith({
      getblockchaininfo: {result: {...RETARGET_TIP, bestblockhash: TIP_HASH}},
      getblocktemplate: {result: {bits: '17025ced', coinbasevalue: 312_500_000, height: 903_168}},
      getmininginfo: {result: RETARGET_TIP},
    })
    const pool = await startPool({job: soloJobFor(RETARGET_JOB, {rewardSats: 312_500_000n})})
    const {code, json} = await poolCheck([pool.url, '--user', USER, ...flags])
    expect(code).toBe(0)
    expect(byName(json.checks)).toMatchObject({difficulty: true, 'same-chain': true})
    expect(node.methodsCalled()).toContain('getblocktemplate')
  })

  it('at a retarget with no next bits known, a plausible nbits is not judged; one off by more than 4x is', async () => {
    const refused = {error: {code: -10, message: 'Bitcoin Core is in initial block download'}}
    const {flags} = await nodeWith({
      getblockchaininfo: {result: {...RETARGET_TIP, bestblockhash: TIP_HASH}},
      getblocktemplate: refused,
      getmininginfo: {result: RETARGET_TIP},
    })
    const plausible = await startPool({job: soloJobFor(RETARGET_JOB, {rewardSats: 312_500_000n})})
    const ok = await poolCheck([plausible.url, '--user', USER, ...flags])
    expect(ok.code).toBe(0)
    const difficulty = ok.json.checks.find((check: {name: string}) => check.name === 'difficulty')
    expect(difficulty).toMatchObject({name: 'difficulty', ok: null})
    expect(difficulty.detail).toMatch(/\(block 903168 starts a new difficulty period\)$/)
    const far = await startPool({job: soloJobFor({...RETARGET_JOB, nbits: '18034b5b'}, {rewardSats: 312_500_000n})})
    const bad = await poolCheck([far.url, '--user', USER, ...flags])
    expect(bad.code).toBe(8)
    expect(byName(bad.json.checks)).toMatchObject({difficulty: false, height: true, prevhash: true, 'same-chain': false})
  })
})

describe('transport', () => {
  it.each(['split', 'merged'] as const)('%s packets give the same result', async (delivery) => {
    const pool = await startPool({behaviour: {delivery}, difficulty: 10_000, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(0)
    expect(json.outputs).toEqual(expectedOutputs(CKPOOL))
    expect(json).toMatchObject({shareDifficulty: 10_000, userSharePercent: 98})
  })

  it('TLS with a trusted certificate; an untrusted one is refused unless --insecure-tls', async (context) => {
    const certificate = makeCertificate()
    if (!certificate) return context.skip('openssl is not installed: cannot make a test certificate')
    try {
      const pool = await startPool({job: fixtureJob(CKPOOL), tls: {cert: certificate.cert, key: certificate.key}})
      expect(pool.url).toBe(`stratum+ssl://127.0.0.1:${pool.port}`)
      const trusted = await poolCheck([pool.url, '--user', USER, '--no-chain'], {NODE_EXTRA_CA_CERTS: certificate.certPath})
      expect(trusted.code).toBe(0)
      expect(trusted.json).toMatchObject({url: pool.url, userSharePercent: 98, verdict: 'pays-you'})
      const tlsAlias = await poolCheck([`stratum+tls://127.0.0.1:${pool.port}`, '--user', USER, '--no-chain', '--insecure-tls'])
      expect(tlsAlias.json).toMatchObject({url: pool.url, verdict: 'pays-you'})
      const untrusted = await poolCheck([pool.url, '--user', USER, '--no-chain'])
      expect(untrusted.code).toBe(5)
      expect(untrusted.json.error.message).toMatch(/TLS certificate not trusted/)
    } finally {
      certificate.cleanup()
    }
  })

  it('a silent server times out with a clear message (exit 4)', async () => {
    const pool = await startPool({behaviour: {silent: true}, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain', '--timeout', '1000'])
    expect(code).toBe(4)
    expect(json.error).toMatchObject({code: 'TIMEOUT', message: `Pool 127.0.0.1:${pool.port} did not answer mining.subscribe within 1000 ms`})
  })

  it('a pool that never sends a job times out saying so', async () => {
    const pool = await startPool({behaviour: {noJob: true}, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain', '--timeout', '1000'])
    expect(code).toBe(4)
    expect(json.error.message).toBe(`Pool 127.0.0.1:${pool.port} sent no job (mining.notify) within 1000 ms`)
  })

  it('a garbage server: lines ignored and counted, then a timeout', async () => {
    const pool = await startPool({behaviour: {garbage: true}, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain', '--timeout', '1000'])
    expect(code).toBe(4)
    expect(json.error.message).toBe(`Pool 127.0.0.1:${pool.port} did not answer mining.subscribe within 1000 ms`)
    expect(json.error.suggestions[0]).toMatch(/^\d+ line\(s\) from the pool were not JSON and were ignored$/)
  })

  it('an over-long line is cut off and the job still read', async () => {
    const pool = await startPool({behaviour: {oversizedLineBytes: 600_000}, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(0)
    expect(json.userSharePercent).toBe(98)
    expect(json.checks).toContainEqual({detail: '1 over-long line(s) from the pool were cut off', name: 'pool-message', ok: null})
  })

  it('client.reconnect is reported, not followed', async () => {
    const pool = await startPool({behaviour: {reconnectTo: {host: 'elsewhere.example', port: 3334}}, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(0)
    expect(json.checks).toContainEqual({
      detail: 'The pool asked to reconnect to elsewhere.example:3334; not followed',
      name: 'pool-message',
      ok: null,
    })
    expect(pool.received.filter((message) => message.method === 'mining.subscribe')).toHaveLength(1)
  })

  it('mining.set_extranonce before the job is applied to the coinbase', async () => {
    const pool = await startPool({
      behaviour: {initialExtranonce: {extranonce1: 'aa', extranonce2Size: 2}},
      job: fixtureJob(CKPOOL),
    })
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(0)
    expect(json.outputs).toEqual(expectedOutputs(CKPOOL))
  })

  it('string ids and a refused mining.configure are fine', async () => {
    const pool = await startPool({behaviour: {configureError: true, stringIds: true}, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(0)
    expect(json.userSharePercent).toBe(98)
    expect(json.checks).toContainEqual({detail: 'The pool did not offer version rolling (mining.configure)', name: 'version-rolling', ok: null})
  })

  it('a pool that hangs up on mining.configure is asked again without it', async () => {
    const pool = await startPool({behaviour: {closeOnConfigure: true}, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain', '--user-agent', 'bitaxe/BM1370/v2.9.0'])
    expect(code).toBe(0)
    expect(json.userSharePercent).toBe(98)
    expect(pool.received.map((message) => [message.method, message.params])).toEqual([
      ['mining.subscribe', ['bitaxe/BM1370/v2.9.0']],
      ['mining.configure', [['version-rolling'], {'version-rolling.mask': '1fffe000', 'version-rolling.min-bit-count': 2}]],
      ['mining.subscribe', ['bitaxe/BM1370/v2.9.0']],
      ['mining.authorize', [USER, 'x']],
    ])
    expect(json.checks).toContainEqual({
      detail: 'The pool closed the connection on mining.configure; asked again without it',
      name: 'pool-message',
      ok: null,
    })
  })

  it('a job sent before the user was authorised is replaced by the job made for the user', async () => {
    const generic = buildSyntheticJob({...CHAIN_BASE, extranonce1: CKPOOL.extranonce1, extranonce2Size: CKPOOL.extranonce2_size, payouts: [{address: CKPOOL_DONATION, sats: 318_015_863n}]})
    const pool = await startPool({behaviour: {jobBeforeAuthorize: generic}, difficulty: 10_000, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(0)
    expect(json.outputs).toEqual(expectedOutputs(CKPOOL))
  })

  it('a pool that never answers mining.authorize: its job is used, with a note', async () => {
    const pool = await startPool({behaviour: {noAuthorizeReply: true}, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain', '--timeout', '1000'])
    expect(code).toBe(0)
    expect(json.userSharePercent).toBe(98)
    expect(json.checks).toContainEqual({
      detail: 'The pool never answered mining.authorize: this job may not be the one made for your user',
      name: 'pool-message',
      ok: null,
    })
  })

  it('a pool that hangs up right after its job (no share difficulty) still gives a result', async () => {
    const pool = await startPool({behaviour: {closeAfterJob: true, delivery: 'split'}, difficulty: null, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(0)
    expect(json).toMatchObject({shareDifficulty: null, userSharePercent: 98})
  })

  it('a refused user is an error with the pool reason (exit 5)', async () => {
    const pool = await startPool({behaviour: {refuseUser: 'Invalid address'}, job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(code).toBe(5)
    expect(json.error).toMatchObject({code: 'AUTH_FAILED', message: `The pool refused the user ${USER} (Invalid address)`})
  })

  it('a user the solo pool cannot pay (wrong network) is refused to that client; the pool keeps serving', async () => {
    const pool = await startPool({job: soloJobFor(CHAIN_BASE, {rewardSats: 312_500_000n})})
    const testnet = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx'
    const refused = await poolCheck([pool.url, '--user', testnet, '--network', 'testnet', '--no-chain'])
    expect(refused.code).toBe(5)
    expect(refused.json.error).toMatchObject({
      code: 'AUTH_FAILED',
      message: `The pool refused the user ${testnet} (Invalid payout address: ${testnet} is a testnet/signet address, not a mainnet address)`,
    })
    const served = await poolCheck([pool.url, '--user', USER, '--no-chain'])
    expect(served.code).toBe(0)
    expect(served.json).toMatchObject({userSharePercent: 100, verdict: 'pays-you'})
  })

  it('a closed port is unreachable: reachable false, exit 4', async () => {
    const pool = await startPool({job: fixtureJob(CKPOOL)})
    const port = pool.port
    await pool.stop()
    pools.splice(0)
    const {code, json} = await poolCheck([`127.0.0.1:${port}`, '--user', USER, '--no-chain'])
    expect(code).toBe(4)
    expect(json).toEqual({
      checks: [{detail: `Pool 127.0.0.1:${port} refused the connection`, name: 'connect', ok: false}],
      error: {
        code: 'HOST_UNREACHABLE',
        exitCode: 4,
        message: `Pool 127.0.0.1:${port} refused the connection`,
        suggestions: ['Check the address and port, and that the service is running'],
      },
      job: null,
      latencyMs: null,
      outputs: [],
      reachable: false,
      reason: null,
      shareDifficulty: null,
      timeToJobMs: null,
      url: `stratum+tcp://127.0.0.1:${port}`,
      user: USER,
      userSharePercent: null,
      verdict: null,
    })
  })
})

describe('the address is validated before anything is sent', () => {
  it.each([
    ['a typo', `${USER.slice(0, -1)}d`, /is not a valid Bitcoin address/],
    ['a testnet address on mainnet', 'tb1qumezefzdeqqwn5zfvgdrhxjzc5ylr39uhuxcz4', /is a testnet\/signet address, not a mainnet address/],
    ['an account name', 'myaccount.worker1', /^pool check compares what the pool pays with your address: "myaccount" is an account name, not a Bitcoin address$/],
  ])('%s: exit 2, no connection', async (_case, user, message) => {
    const pool = await startPool({job: fixtureJob(CKPOOL)})
    const {code, json} = await poolCheck([pool.url, '--user', user, '--no-chain'])
    expect(code).toBe(2)
    expect(json.error.code).toBe('INVALID_ADDRESS')
    expect(json.error.message).toMatch(message)
    expect(pool.received).toEqual([])
  })
})
