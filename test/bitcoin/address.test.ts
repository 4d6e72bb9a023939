import {describe, expect, it} from 'vitest'

import {
  isPayoutAddress,
  looksLikeAddress,
  scriptToAddress,
  splitStratumUser,
  validatePayoutAddress,
} from '../../src/lib/bitcoin/address.js'
import {SolominerError} from '../../src/lib/errors.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

// ESP-Miner's coinbase decoder vectors (ESP-Miner main/tasks coinbase decoding tests), reproduced with bitcoinjs-lib.
const VECTORS = [
  {address: '1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV', script: '76a91489abcdef0123456789abcdef0123456789abcdef88ac', type: 'p2pkh'},
  {address: '33MGnVL6rnKqt6Jjt3HbRqWJrhwy65dMhS', script: 'a914123456789abcdef0123456789abcdef01234567887', type: 'p2sh'},
  {address: 'bc1q42aueh0wluqpzg3ng32kvaugnx4thnxa7y625x', script: '0014aabbccddeeff00112233445566778899aabbccdd', type: 'p2wpkh'},
  {
    address: 'bc1qqypqxpq9qcrsszg2pvxq6rs0zqg3yyc5z5tpwxqergd3c8g7rusqyp0mu0',
    script: '00200102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20',
    type: 'p2wsh',
  },
  {
    address: 'bc1pllhdmn9m42vcsamx24zrxgs3qrl7ahwvhw4fnzrhve25gvezzyqqc0cgpt',
    script: '5120ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100',
    type: 'p2tr',
  },
] as const

function rejection(address: string, network: Parameters<typeof validatePayoutAddress>[1]): SolominerError {
  try {
    validatePayoutAddress(address, network)
  } catch (error) {
    return error as SolominerError
  }
  throw new Error(`${address} was accepted on ${network}`)
}

describe('validatePayoutAddress', () => {
  it.each(VECTORS)('accepts the $type address and returns its output script', ({address, script, type}) => {
    const result = validatePayoutAddress(address, 'mainnet')
    expect(result).toEqual({address, script: expect.any(Uint8Array), type})
    expect(hex(result.script)).toBe(script)
  })

  it.each(VECTORS)('turns the $type script back into its address', ({address, script}) => {
    expect(scriptToAddress(Buffer.from(script, 'hex'), 'mainnet')).toBe(address)
  })

  it('accepts testnet, signet and regtest addresses on their networks', () => {
    expect(validatePayoutAddress('tb1qumezefzdeqqwn5zfvgdrhxjzc5ylr39uhuxcz4', 'testnet').type).toBe('p2wpkh')
    expect(validatePayoutAddress('tb1qumezefzdeqqwn5zfvgdrhxjzc5ylr39uhuxcz4', 'signet').type).toBe('p2wpkh')
    expect(validatePayoutAddress('bcrt1qlk935ze2fsu86zjp395uvtegztrkaezawxx0wf', 'regtest').type).toBe('p2wpkh')
  })

  it('names the network a wrong-network address belongs to', () => {
    const testnetOnMainnet = rejection('tb1qumezefzdeqqwn5zfvgdrhxjzc5ylr39uhuxcz4', 'mainnet')
    expect(testnetOnMainnet.code).toBe('INVALID_ADDRESS')
    expect(testnetOnMainnet.exitCode).toBe(2)
    expect(testnetOnMainnet.message).toBe(
      'tb1qumezefzdeqqwn5zfvgdrhxjzc5ylr39uhuxcz4 is a testnet/signet address, not a mainnet address',
    )
    expect(rejection('bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc', 'testnet').message).toBe(
      'bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc is a mainnet address, not a testnet address',
    )
    expect(rejection('1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV', 'regtest').message).toBe(
      '1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV is a mainnet address, not a regtest address',
    )
    expect(rejection('bcrt1qlk935ze2fsu86zjp395uvtegztrkaezawxx0wf', 'mainnet').message).toContain('is a regtest address')
  })

  it('never accepts a typo (bad checksum), mixed case or junk', () => {
    for (const typo of [
      'bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdd',
      '1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbW',
      'bc1pllhdmn9m42vcsamx24zrxgs3qrl7ahwvhw4fnzrhve25gvezzyqqc0cgpu',
      'bc1Qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc',
      'my-account',
      '',
    ]) {
      const error = rejection(typo, 'mainnet')
      expect(error.code).toBe('INVALID_ADDRESS')
    }
    expect(rejection('bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdd', 'mainnet').message).toBe(
      'bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdd is not a valid Bitcoin address (bad checksum, characters or length)',
    )
  })

  it('returns the canonical spelling: upper-case bech32 lower-cased, base58 untouched (case matters there)', () => {
    expect(validatePayoutAddress('BC1QSZ776DLRLP4P54RWPXD3TC4S9P2A8PPUCEYVDC', 'mainnet').address).toBe('bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc')
    expect(validatePayoutAddress(' TB1QUMEZEFZDEQQWN5ZFVGDRHXJZC5YLR39UHUXCZ4 ', 'testnet').address).toBe('tb1qumezefzdeqqwn5zfvgdrhxjzc5ylr39uhuxcz4')
    expect(validatePayoutAddress('1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV', 'mainnet').address).toBe('1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV')
  })

  it('isPayoutAddress answers without throwing', () => {
    expect(isPayoutAddress('bc1pllhdmn9m42vcsamx24zrxgs3qrl7ahwvhw4fnzrhve25gvezzyqqc0cgpt', 'mainnet')).toBe(true)
    expect(isPayoutAddress('bc1pllhdmn9m42vcsamx24zrxgs3qrl7ahwvhw4fnzrhve25gvezzyqqc0cgpt', 'testnet')).toBe(false)
    expect(isPayoutAddress('worker1', 'mainnet')).toBe(false)
  })
})

describe('splitStratumUser', () => {
  it('cuts an account name at its first "." only: "_" belongs to the account (antminer_1)', () => {
    expect(splitStratumUser('antminer_1')).toEqual({address: 'antminer_1', worker: null})
    expect(splitStratumUser('antminer_1.rig')).toEqual({address: 'antminer_1', worker: 'rig'})
    expect(splitStratumUser('alice.rig_2')).toEqual({address: 'alice', worker: 'rig_2'})
  })

  it('tells an address-shaped string (prefix and alphabet, valid or not) from an account name', () => {
    expect(looksLikeAddress('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toBe(true)
    expect(looksLikeAddress('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3')).toBe(true)
    expect(looksLikeAddress('antminer')).toBe(false)
    expect(looksLikeAddress('alice')).toBe(false)
    expect(looksLikeAddress('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0')).toBe(false)
  })

  it('splits the worker off an address at the first "." or "_" (ckpool accepts both)', () => {
    expect(splitStratumUser('bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc.bitaxe.garage')).toEqual({
      address: 'bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc',
      worker: 'bitaxe.garage',
    })
    expect(splitStratumUser('1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV_rig1')).toEqual({
      address: '1DYwPTnC4NgEmoqbLbcRqoSzVeH3ehmGbV',
      worker: 'rig1',
    })
    expect(splitStratumUser(' tb1qumezefzdeqqwn5zfvgdrhxjzc5ylr39uhuxcz4 ')).toEqual({
      address: 'tb1qumezefzdeqqwn5zfvgdrhxjzc5ylr39uhuxcz4',
      worker: null,
    })
    expect(splitStratumUser('bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc.')).toEqual({
      address: 'bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc',
      worker: null,
    })
  })
})
