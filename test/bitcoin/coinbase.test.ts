import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {validatePayoutAddress} from '../../src/lib/bitcoin/address.js'
import {
  bip34HeightPush,
  readBip34Height,
  coinbaseTag,
  decodeCoinbase,
  payoutShare,
  stratumPrevhashToDisplay,
} from '../../src/lib/bitcoin/coinbase.js'
import {difficultyFromBits} from '../../src/lib/bitcoin/consensus.js'
import {buildSyntheticJob} from '../../src/sim/stratum-pool.js'
import {projectRoot} from '../helpers/cli.js'

interface StratumFixture {
  expected: {
    bip34_height: number
    coinbase_hex: string
    network_difficulty_from_nbits: number
    outputs: Array<{address: string | null; is_user: boolean; script_hex: string; value_sats: string}>
    prevhash_display: string
    user_share_percent: number
  }
  extranonce1: string
  extranonce2_size: number
  notify: {params: [string, string, string, string, string[], string, string, string, boolean]}
  user_address: string
}

function fixture(name: string): StratumFixture {
  return JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'stratum', name), 'utf8')) as StratumFixture
}

const CASES = [
  {file: 'ckpool-eusolo-h903826.notify.json', network: 'mainnet', share: 98, tag: 'ckpool eu/solo.ckpool.org/', userSats: 311_655_546n},
  {file: 'public-pool-testnet-h2442185.session.json', network: 'testnet', share: 100, tag: '\\public-pool\\', userSats: 2_465_717n},
  {file: 'braiins-pool-h787109.nonsolo.notify.json', network: 'mainnet', share: 0, tag: '/slush/', userSats: 0n},
] as const

describe('decodeCoinbase on real pool jobs', () => {
  it.each(CASES)('$file: outputs, height, tag and share exactly as decoded independently', ({file, network, share, tag, userSats}) => {
    const data = fixture(file)
    const [, prevhash, coinb1, coinb2, , , nbits] = data.notify.params
    const decoded = decodeCoinbase({coinb1, coinb2, extranonce1: data.extranonce1, extranonce2Size: data.extranonce2_size}, network)
    expect(decoded.hex).toBe(data.expected.coinbase_hex)
    expect(decoded.height).toBe(data.expected.bip34_height)
    expect(decoded.tag).toBe(tag)
    expect(decoded.outputs.map((output) => ({address: output.address, sats: output.sats.toString(), script: output.script}))).toEqual(
      data.expected.outputs.map((output) => ({address: output.address, sats: output.value_sats, script: output.script_hex})),
    )
    const user = validatePayoutAddress(data.user_address.split('.')[0]!, network)
    const result = payoutShare(decoded.outputs, user.script)
    expect(result.percent).toBe(share)
    expect(result.percent).toBe(data.expected.user_share_percent)
    expect(result.userSats).toBe(userSats)
    expect(stratumPrevhashToDisplay(prevhash)).toBe(data.expected.prevhash_display)
    expect(difficultyFromBits(nbits)).toBe(data.expected.network_difficulty_from_nbits)
  })

  it('refuses a job whose extranonce sizes do not fit the coinbase', () => {
    const data = fixture('braiins-pool-h787109.nonsolo.notify.json')
    const [, , coinb1, coinb2] = data.notify.params
    expect(() => decodeCoinbase({coinb1, coinb2, extranonce1: data.extranonce1, extranonce2Size: 8}, 'mainnet')).toThrow(
      /does not parse as a transaction/,
    )
  })
})

describe('coinbase helpers', () => {
  it('reads BIP34 heights, including OP_N for tiny regtest heights', () => {
    expect(readBip34Height(Uint8Array.from([0x03, 0x92, 0xca, 0x0d]))).toEqual({height: 903_826, problem: null})
    expect(readBip34Height(Uint8Array.from([0x55]))).toEqual({height: 5, problem: null})
    expect(readBip34Height(Uint8Array.from([0x00]))).toEqual({height: 0, problem: null})
    expect(readBip34Height(Uint8Array.from([0x4c, 0x01])).height).toBeNull()
  })

  it('writes heights as Bitcoin Core does: OP_N up to 16, a sign byte when the top bit is set', () => {
    const hex = (height: number) => Buffer.from(bip34HeightPush(height)).toString('hex')
    expect([hex(0), hex(16), hex(17), hex(128), hex(903_826), hex(8_388_608)]).toEqual(['00', '60', '0111', '028000', '0392ca0d', '0400008000'])
  })

  it('strips whole escape sequences from the tag before splitting it into printable runs', () => {
    const hostile = new TextEncoder().encode('\u001B[31mEVIL\u001B]0;pwned\u0007\u001B[2J')
    expect(coinbaseTag(Uint8Array.from([0x03, 0x92, 0xca, 0x0d, hostile.length, ...hostile]))).toBe('EVIL')
    const ckpool = new TextEncoder().encode('\nckpool\u0013eu/solo.ckpool.org/')
    expect(coinbaseTag(Uint8Array.from([0x00, ...ckpool, 0xff, 0x9b, 0x41]))).toBe('ckpool eu/solo.ckpool.org/')
  })
})

describe('buildSyntheticJob (the simulator) round-trips through the decoder', () => {
  it('puts every payout, the height and the tag where the decoder finds them', () => {
    const job = buildSyntheticJob({
      height: 940_105,
      nbits: '1701f0cc',
      payouts: [
        {address: 'bc1pllhdmn9m42vcsamx24zrxgs3qrl7ahwvhw4fnzrhve25gvezzyqqc0cgpt', sats: 310_000_000n},
        {address: '33MGnVL6rnKqt6Jjt3HbRqWJrhwy65dMhS', sats: 2_500_000n},
      ],
      prevhash: '00000000000000000001b10adebc5c45242f374be8cac92e673cf6311a2b71b6',
      tag: '/test-pool/',
    })
    const [, prevhash, coinb1, coinb2] = job.notifyParams as string[]
    const decoded = decodeCoinbase({coinb1: coinb1!, coinb2: coinb2!, extranonce1: job.extranonce1, extranonce2Size: job.extranonce2Size}, 'mainnet')
    expect(decoded.height).toBe(940_105)
    expect(decoded.tag).toBe('/test-pool/')
    expect(decoded.outputs.map((output) => [output.type, output.address, output.sats])).toEqual([
      ['p2tr', 'bc1pllhdmn9m42vcsamx24zrxgs3qrl7ahwvhw4fnzrhve25gvezzyqqc0cgpt', 310_000_000n],
      ['p2sh', '33MGnVL6rnKqt6Jjt3HbRqWJrhwy65dMhS', 2_500_000n],
      ['witness-commitment', null, 0n],
    ])
    expect(stratumPrevhashToDisplay(prevhash!)).toBe('00000000000000000001b10adebc5c45242f374be8cac92e673cf6311a2b71b6')
  })
})
