/**
 * Rebuilds and decodes a stratum job's coinbase transaction (coinb1 + extranonce1 + extranonce2 +
 * coinb2), so `pool check` can see who the pool pays. Values stay bigint (bitcoinjs-lib 7).
 */
import type {Transaction} from 'bitcoinjs-lib'

import {SolominerError} from '../errors.js'
import {deviceString, sanitizeText} from '../text/sanitize.js'
import {type BitcoinNetworkName, type PayoutAddressType, scriptToAddress, scriptType} from './address.js'
import {bitcoinjs} from './lib.js'

export type OutputType = 'nonstandard' | 'op-return' | 'witness-commitment' | PayoutAddressType

export interface CoinbaseOutput {
  /** Null for OP_RETURN and non-standard scripts. */
  address: string | null
  sats: bigint
  /** scriptPubKey, hex. */
  script: string
  type: OutputType
}

export interface DecodedCoinbase {
  /** BIP34 height (first push of the scriptSig), null when the scriptSig does not start with one. */
  height: number | null
  /** Why the height is not valid BIP34 (readBip34Height), else null. */
  heightProblem: string | null
  hex: string
  outputs: CoinbaseOutput[]
  /** Printable text of the scriptSig (the pool's tag), extranonce bytes excluded. */
  tag: string | null
}

export interface CoinbaseParts {
  coinb1: string
  coinb2: string
  extranonce1: string
  extranonce2Size: number
}

const HEX = /^(?:[0-9a-f]{2})*$/i
const MAX_EXTRANONCE2_SIZE = 32
// Shorter printable runs are usually random bytes (timestamps, nonces) that happen to be ASCII.
const MIN_TAG_RUN = 4

function requireHex(value: string, what: string): string {
  if (!HEX.test(value)) throw new SolominerError('BAD_RESPONSE', `The pool sent an invalid ${what} (not hex)`)
  return value.toLowerCase()
}

/** Any extranonce2 value yields the same outputs, so zeros stand in for the miner's. */
export function rebuildCoinbaseHex(parts: CoinbaseParts): string {
  if (!Number.isInteger(parts.extranonce2Size) || parts.extranonce2Size < 0 || parts.extranonce2Size > MAX_EXTRANONCE2_SIZE) {
    throw new SolominerError('BAD_RESPONSE', `The pool sent an implausible extranonce2 size (${parts.extranonce2Size})`)
  }
  return (
    requireHex(parts.coinb1, 'coinb1') +
    requireHex(parts.extranonce1, 'extranonce1') +
    '00'.repeat(parts.extranonce2Size) +
    requireHex(parts.coinb2, 'coinb2')
  )
}

/** 21 million BTC: consensus refuses any output, and any transaction, worth more (MAX_MONEY). */
export const MAX_MONEY_SATS = 21_000_000n * 100_000_000n

/** Longest height push read: 5 bytes hold every height a 32-bit block count reaches, sign byte included. */
const MAX_HEIGHT_PUSH = 5

/** The BIP34 height as Bitcoin Core writes and checks it (`CScript() << height`): OP_0, OP_1..OP_16, else a minimal number push. */
export function bip34HeightPush(height: number): Uint8Array {
  if (height === 0) return Uint8Array.of(0x00)
  if (height <= 16) return Uint8Array.of(0x50 + height)
  const bytes: number[] = []
  for (let rest = height; rest > 0; rest = Math.floor(rest / 256)) bytes.push(rest % 256)
  // The top bit is the sign: a positive number whose last byte has it set takes one more byte.
  if (bytes.at(-1)! >= 0x80) bytes.push(0)
  return Uint8Array.from([bytes.length, ...bytes])
}

export interface Bip34Height {
  /** The height the scriptSig starts with, null when it starts with no number. */
  height: number | null
  /** Why no valid block can carry this scriptSig (no height, a negative or non-minimal one), else null. */
  problem: string | null
}

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/**
 * BIP34: the scriptSig must start with exactly `bip34HeightPush(height)`; a block whose coinbase does
 * not (no number, a negative one, extra zero bytes) is invalid whatever the rest says.
 */
export function readBip34Height(scriptSig: Uint8Array): Bip34Height {
  const op = scriptSig[0]
  if (op === undefined) return {height: null, problem: 'the coinbase scriptSig is empty: it carries no BIP34 height'}
  let height: number
  if (op === 0x00) height = 0
  else if (op >= 0x51 && op <= 0x60) height = op - 0x50
  else if (op >= 1 && op <= MAX_HEIGHT_PUSH && scriptSig.length >= 1 + op) {
    const bytes = scriptSig.subarray(1, 1 + op)
    if (bytes.at(-1)! >= 0x80) return {height: null, problem: `the coinbase height push ${toHex(bytes)} is a negative number: no valid block has it`}
    height = bytes.reduceRight((value, byte) => value * 256 + byte, 0)
  } else {
    return {height: null, problem: 'the coinbase scriptSig does not start with a BIP34 height'}
  }
  const written = toHex(scriptSig.subarray(0, op >= 1 && op <= MAX_HEIGHT_PUSH ? 1 + op : 1))
  const expected = toHex(bip34HeightPush(height))
  if (written !== expected) return {height, problem: `height ${height} is written ${written}, but BIP34 requires ${expected}: no valid block has it`}
  return {height, problem: null}
}

/** ESC, BEL and CSI: kept in the text so sanitizeText removes whole escape sequences, not just ESC. */
const ESCAPE_BYTES = new Set([0x07, 0x1b, 0x9b])
// Stands for every other non-printable byte (push lengths, masked extranonce): it ends a printable run.
const RUN_BREAK = '\u0100'

function isPrintableAscii(byte: number): boolean {
  return byte >= 0x20 && byte < 0x7f
}

/**
 * Printable ASCII runs of the scriptSig, joined by spaces: "ckpool eu/solo.ckpool.org/". Escape
 * sequences are stripped first, so "\e[31mEVIL" gives "EVIL", never "[31mEVIL".
 */
export function coinbaseTag(scriptSig: Uint8Array): string | null {
  let text = ''
  for (const byte of scriptSig) {
    // An escape byte also ends a run, as a lone ESC (a push of 27 bytes) is no sequence: "=L\e/slush/".
    if (ESCAPE_BYTES.has(byte)) text += RUN_BREAK + String.fromCodePoint(byte)
    else text += isPrintableAscii(byte) ? String.fromCodePoint(byte) : RUN_BREAK
  }
  const runs = sanitizeText(text, text.length + 1)
    .split(RUN_BREAK)
    .filter((run) => run.length >= MIN_TAG_RUN)
  return deviceString(runs.join(' '))
}

function outputType(script: Uint8Array): OutputType {
  const standard = scriptType(script)
  if (standard !== null) return standard
  if (script[0] === 0x6a) {
    const isCommitment = script.length >= 38 && script[1] === 0x24 && Buffer.from(script.subarray(2, 6)).toString('hex') === 'aa21a9ed'
    return isCommitment ? 'witness-commitment' : 'op-return'
  }
  return 'nonstandard'
}

/** The same classification from hex, for renderers of JSON-shaped results. */
export function outputTypeOfScript(scriptHex: string): OutputType {
  return outputType(Buffer.from(scriptHex, 'hex'))
}

function parseTransaction(hex: string): Transaction {
  try {
    return bitcoinjs().Transaction.fromHex(hex)
  } catch (error) {
    throw new SolominerError(
      'BAD_RESPONSE',
      `The pool's coinbase does not parse as a transaction (${(error as Error).message}); wrong extranonce sizes or a malformed job`,
      {cause: error},
    )
  }
}

/**
 * The scriptSig without the BIP34 height push and the extranonce bytes, whose values are not part of
 * the pool's tag but often happen to be printable.
 */
function tagBytes(scriptSig: Uint8Array, hex: string, parts: CoinbaseParts): Uint8Array {
  const masked = Uint8Array.from(scriptSig)
  const heightPush = masked[0] !== undefined && masked[0] >= 1 && masked[0] <= 8 ? 1 + masked[0] : 1
  masked.fill(0, 0, heightPush)
  const scriptStart = hex.indexOf(Buffer.from(scriptSig).toString('hex'), 82) / 2 // after version, input count, null prevout
  const from = parts.coinb1.length / 2 - scriptStart
  if (scriptStart >= 0 && from >= 0) masked.fill(0, from, from + parts.extranonce1.length / 2 + parts.extranonce2Size)
  return masked
}

export function decodeCoinbase(parts: CoinbaseParts, network: BitcoinNetworkName): DecodedCoinbase {
  const hex = rebuildCoinbaseHex(parts)
  const tx = parseTransaction(hex)
  if (!tx.isCoinbase()) throw new SolominerError('BAD_RESPONSE', "The pool's job is not a coinbase transaction")
  const scriptSig = tx.ins[0]!.script
  const {height, problem} = readBip34Height(scriptSig)
  return {
    height,
    heightProblem: problem,
    hex,
    outputs: tx.outs.map((out) => ({
      address: scriptToAddress(out.script, network),
      sats: out.value,
      script: Buffer.from(out.script).toString('hex'),
      type: outputType(out.script),
    })),
    tag: coinbaseTag(tagBytes(scriptSig, hex, parts)),
  }
}

export interface PayoutShare {
  /** Percent of the coinbase value paid to the user's script, 4 decimals, rounded down. */
  percent: number
  totalSats: bigint
  userSats: bigint
}

/** Compares output scripts (not address strings, which have several spellings). */
export function isSameScript(outputScriptHex: string, userScript: Uint8Array): boolean {
  return outputScriptHex === Buffer.from(userScript).toString('hex')
}

/** Exact BTC from sats, "3.12500000 BTC" (negative values keep their sign). */
export function formatBtc(sats: bigint): string {
  const magnitude = sats < 0n ? -sats : sats
  const fraction = (magnitude % 100_000_000n).toString().padStart(8, '0')
  return `${sats < 0n ? '-' : ''}${magnitude / 100_000_000n}.${fraction} BTC`
}

/** Value burnt in OP_RETURN outputs counts as not paid to the user (honest pools put 0 there). */
export function payoutShare(outputs: CoinbaseOutput[], userScript: Uint8Array): PayoutShare {
  let totalSats = 0n
  let userSats = 0n
  for (const output of outputs) {
    totalSats += output.sats
    if (isSameScript(output.script, userScript)) userSats += output.sats
  }
  const percent = totalSats <= 0n ? 0 : Number((userSats * 1_000_000n) / totalSats) / 10_000
  return {percent, totalSats, userSats}
}

/** Stratum sends prevhash as eight 4-byte words in reverse order; display order reverses them back. */
export function stratumPrevhashToDisplay(prevhash: string): string {
  const hex = requireHex(prevhash, 'prevhash')
  if (hex.length !== 64) throw new SolominerError('BAD_RESPONSE', `The pool sent a prevhash of ${hex.length / 2} bytes`)
  return hex.match(/.{8}/g)!.reverse().join('')
}

/** The inverse (display → stratum), used by the simulator; the word reversal is its own inverse. */
export const displayPrevhashToStratum = stratumPrevhashToDisplay
