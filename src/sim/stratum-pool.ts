/**
 * A loopback stratum v1 pool for tests and demos: replays a given job (real ones captured from pools,
 * or synthetic ones serialised here) over TCP or TLS, with the misbehaviours `pool check` must survive:
 * split and merged packets, silence, garbage, over-long lines, reconnect requests, extranonce changes,
 * string ids, refused users, hostile messages, and coinbases no valid block can carry (21 million BTC,
 * negative values, no outputs, a bad BIP34 height). It records every message it receives.
 */
import {type AddressInfo, type Server, type Socket, createServer} from 'node:net'
import {createServer as createTlsServer} from 'node:tls'

import {type BitcoinNetworkName, splitStratumUser, validatePayoutAddress} from '../lib/bitcoin/address.js'
import {bip34HeightPush, displayPrevhashToStratum} from '../lib/bitcoin/coinbase.js'

/** What the pool sends: the 9 mining.notify params and the extranonce layout they were built for. */
export interface StratumJobSpec {
  extranonce1: string
  extranonce2Size: number
  notifyParams: unknown[]
}

export interface SyntheticPayout {
  /** A payout address (for `network`), or a raw output script. */
  address?: string
  /** Any signed 64-bit value: hostile pools send negative ones or more than 21 million BTC. */
  sats: bigint
  script?: Uint8Array
}

export interface SyntheticJobOptions {
  extranonce1?: string
  extranonce2Size?: number
  height: number
  /** Raw bytes in place of the BIP34 height push (hostile pools: non-minimal, negative, none). */
  heightPush?: Uint8Array
  jobId?: string
  nbits: string
  network?: BitcoinNetworkName
  payouts: SyntheticPayout[]
  /** Display order, as explorers show block hashes. */
  prevhash: string
  tag?: string
  /** Coinbase transaction version (ckpool 1, public-pool 2). */
  txVersion?: number
  witnessCommitment?: boolean
}

const NULL_HASH = new Uint8Array(32)
const COINBASE_PREFIX_BYTES = 4 + 1 + 32 + 4 // version, input count, null prevout

function pushData(data: Uint8Array): Uint8Array {
  return Uint8Array.from([data.length, ...data])
}

function payoutScript(payout: SyntheticPayout, network: BitcoinNetworkName): Uint8Array {
  if (payout.script) return payout.script
  return validatePayoutAddress(payout.address ?? '', network).script
}

/** A witness commitment output like every segwit pool's (its hash is irrelevant to `pool check`). */
function witnessCommitmentScript(): Uint8Array {
  return Uint8Array.from([0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed, ...new Uint8Array(32).fill(0x5a)])
}

function compactSize(length: number): Buffer {
  if (length < 0xfd) return Buffer.of(length)
  const bytes = Buffer.alloc(3, 0xfd)
  bytes.writeUInt16LE(length, 1)
  return bytes
}

/**
 * A legacy (non-witness) coinbase serialised by hand, so output values can be anything a hostile pool
 * writes in the 8-byte field (bitcoinjs-lib refuses values outside 0..21 million BTC).
 */
function serializeCoinbase(version: number, scriptSig: Uint8Array, outputs: Array<{script: Uint8Array; sats: bigint}>): string {
  const parts: Buffer[] = [Buffer.alloc(4), Buffer.of(1), Buffer.from(NULL_HASH), Buffer.alloc(4, 0xff)]
  parts[0]!.writeInt32LE(version)
  parts.push(compactSize(scriptSig.length), Buffer.from(scriptSig), Buffer.alloc(4, 0xff), compactSize(outputs.length))
  for (const output of outputs) {
    const value = Buffer.alloc(8)
    value.writeBigInt64LE(output.sats)
    parts.push(value, compactSize(output.script.length), Buffer.from(output.script))
  }
  parts.push(Buffer.alloc(4)) // lock time
  return Buffer.concat(parts).toString('hex')
}

/**
 * Builds a ckpool-style job: scriptSig = BIP34 height, a push of the extranonce bytes, the tag;
 * coinb1 ends right before the extranonce, coinb2 starts right after it.
 */
export function buildSyntheticJob(options: SyntheticJobOptions): StratumJobSpec {
  const network = options.network ?? 'mainnet'
  const extranonce1 = options.extranonce1 ?? 'f0000001'
  const extranonce2Size = options.extranonce2Size ?? 8
  const extranonceBytes = extranonce1.length / 2 + extranonce2Size
  const heightPush = options.heightPush ?? bip34HeightPush(options.height)
  const tag = new TextEncoder().encode(options.tag ?? '/solominer-sim/')
  const scriptSig = Uint8Array.from([...heightPush, extranonceBytes, ...new Uint8Array(extranonceBytes), ...pushData(tag)])
  const outputs = options.payouts.map((payout) => ({script: payoutScript(payout, network), sats: payout.sats}))
  if (options.witnessCommitment ?? true) outputs.push({script: witnessCommitmentScript(), sats: 0n})
  const hex = serializeCoinbase(options.txVersion ?? 1, scriptSig, outputs)
  const extranonceAt = COINBASE_PREFIX_BYTES + 1 + heightPush.length + 1
  return {
    extranonce1,
    extranonce2Size,
    notifyParams: [
      options.jobId ?? '1',
      displayPrevhashToStratum(options.prevhash),
      hex.slice(0, extranonceAt * 2),
      hex.slice((extranonceAt + extranonceBytes) * 2),
      [],
      '20000000',
      options.nbits,
      '6740f3a0',
      true,
    ],
  }
}

export interface StratumPoolBehaviour {
  /** Hang up right after sending the job. */
  closeAfterJob?: boolean
  /** Hang up on mining.configure, as some pools do on methods they do not know. */
  closeOnConfigure?: boolean
  /** Answer mining.configure with an error instead of a version mask. */
  configureError?: boolean
  /** lines: one write per message; merged: one write per reply batch; split: 16-byte writes. */
  delivery?: 'lines' | 'merged' | 'split'
  /** Answer every request with junk instead of JSON. */
  garbage?: boolean
  /** Subscribe with this extranonce, then switch to the job's with mining.set_extranonce. */
  initialExtranonce?: {extranonce1: string; extranonce2Size: number}
  /** Send this job right after the subscribe reply, before the user is known. */
  jobBeforeAuthorize?: StratumJobSpec
  /** Send the difficulty and the job but never answer mining.authorize. */
  noAuthorizeReply?: boolean
  /** Answer subscribe/authorize, then never send a job. */
  noJob?: boolean
  /** Send one line this long (bytes) before the job. */
  oversizedLineBytes?: number
  /** Send client.reconnect to this host:port before the job. */
  reconnectTo?: {host: string; port: number}
  /** Refuse mining.authorize with this error message. */
  refuseUser?: string
  /** Send client.show_message with this text before the job (hostile pools hide escapes and bidi in it). */
  showMessage?: string
  /** Accept the connection and say nothing. */
  silent?: boolean
  /** Echo request ids as strings. */
  stringIds?: boolean
}

export interface StratumPoolOptions {
  behaviour?: StratumPoolBehaviour
  /** Share difficulty sent with mining.set_difficulty; null sends none. */
  difficulty?: number | null
  host: string
  /** A fixed job, or one per authorised user (solo pools build the coinbase for the user). */
  job: ((user: string) => StratumJobSpec) | StratumJobSpec
  /** 0 = ephemeral. */
  port?: number
  tls?: {cert: string; key: string}
}

export interface ReceivedMessage {
  id: unknown
  method: string
  params: unknown
}

export interface StratumPoolSim {
  host: string
  port: number
  /** Every request received, in order, across connections. */
  received: ReceivedMessage[]
  start(): Promise<void>
  stop(): Promise<void>
  /** `stratum+tcp://host:port` or `stratum+ssl://host:port`. */
  url: string
}

const SPLIT_BYTES = 16
const SPLIT_GAP_MS = 1

class PoolConnection {
  private buffered = ''
  private endAfterReplies = false
  /** Split writes are chained so replies to consecutive requests never interleave. */
  private sending: Promise<void> = Promise.resolve()

  constructor(
    private readonly socket: Socket,
    private readonly options: StratumPoolOptions,
    private readonly received: ReceivedMessage[],
  ) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', () => socket.destroy())
  }

  private get behaviour(): StratumPoolBehaviour {
    return this.options.behaviour ?? {}
  }

  private answer(request: ReceivedMessage): string[] {
    const id = this.behaviour.stringIds ? String(request.id) : request.id
    switch (request.method) {
      case 'mining.subscribe': {
        const early = this.behaviour.jobBeforeAuthorize
        const reply = [line({error: null, id, result: this.subscribeResult()})]
        return early ? [...reply, line({id: null, method: 'mining.notify', params: early.notifyParams})] : reply
      }
      case 'mining.configure': {
        if (this.behaviour.closeOnConfigure) this.socket.destroy()
        return [
          this.behaviour.configureError
            ? line({error: [20, 'Unsupported method', null], id, result: null})
            : line({error: null, id, result: {'version-rolling': true, 'version-rolling.mask': '1fffe000'}}),
        ]
      }
      case 'mining.authorize': {
        return this.authorize(id, String((request.params as unknown[] | undefined)?.[0] ?? ''))
      }
      default: {
        return [line({error: [20, 'Unknown method', null], id, result: null})]
      }
    }
  }

  private authorize(id: unknown, user: string): string[] {
    if (this.behaviour.refuseUser !== undefined) return [line({error: [24, this.behaviour.refuseUser, null], id, result: null})]
    const job = this.jobFor(user)
    if (typeof job === 'string') return [line({error: [24, job, null], id, result: null})]
    const out = this.behaviour.noAuthorizeReply ? [] : [line({error: null, id, result: true})]
    const difficulty = this.options.difficulty === undefined ? 1 : this.options.difficulty
    if (difficulty !== null) out.push(line({id: null, method: 'mining.set_difficulty', params: [difficulty]}))
    if (this.behaviour.noJob) return out
    if (this.behaviour.oversizedLineBytes) out.push(`${'x'.repeat(this.behaviour.oversizedLineBytes)}\n`)
    if (this.behaviour.showMessage !== undefined) out.push(line({id: null, method: 'client.show_message', params: [this.behaviour.showMessage]}))
    const reconnect = this.behaviour.reconnectTo
    if (reconnect) out.push(line({id: null, method: 'client.reconnect', params: [reconnect.host, reconnect.port, 0]}))
    if (this.behaviour.initialExtranonce) {
      out.push(line({id: null, method: 'mining.set_extranonce', params: [job.extranonce1, job.extranonce2Size]}))
    }
    out.push(line({id: null, method: 'mining.notify', params: job.notifyParams}))
    this.endAfterReplies = this.behaviour.closeAfterJob ?? false
    return out
  }

  /** The job for `user`, or why there is none: a solo pool refuses a user it cannot pay (wrong network, typo). */
  private jobFor(user: string): StratumJobSpec | string {
    if (typeof this.options.job !== 'function') return this.options.job
    try {
      return this.options.job(user)
    } catch (error) {
      return `Invalid payout address: ${(error as Error).message}`
    }
  }

  private onData(chunk: Buffer): void {
    if (this.behaviour.silent) return
    if (this.behaviour.garbage) {
      this.socket.write('HTTP/1.1 400 Bad Request\r\n\r\n\u0000\u0001garbage{not json\n')
      return
    }
    this.buffered += chunk.toString('utf8')
    const lines = this.buffered.split('\n')
    this.buffered = lines.pop() ?? ''
    const replies: string[] = []
    for (const text of lines.filter((entry) => entry.trim() !== '')) {
      const request = parseRequest(text)
      this.received.push(request)
      replies.push(...this.answer(request))
    }
    this.deliver(replies)
  }

  private deliver(replies: string[]): void {
    if (replies.length === 0 || this.socket.destroyed) return
    const delivery = this.behaviour.delivery ?? 'lines'
    if (delivery === 'merged') this.socket.write(replies.join(''))
    else if (delivery === 'lines') for (const reply of replies) this.socket.write(reply)
    else this.sending = this.sending.then(() => this.writeSplit(replies.join('')))
    if (this.endAfterReplies) this.sending = this.sending.then(() => void this.socket.end())
  }

  private subscribeResult(): unknown[] {
    const job = typeof this.options.job === 'function' ? null : this.options.job
    const extranonce = this.behaviour.initialExtranonce ?? job ?? {extranonce1: 'f0000001', extranonce2Size: 8}
    return [[['mining.set_difficulty', 'b4b6693b'], ['mining.notify', 'b4b6693b']], extranonce.extranonce1, extranonce.extranonce2Size]
  }

  /** Small writes with gaps, so the client really receives partial lines. */
  private async writeSplit(text: string): Promise<void> {
    const bytes = Buffer.from(text)
    for (let offset = 0; offset < bytes.length && !this.socket.destroyed; offset += SPLIT_BYTES) {
      this.socket.write(bytes.subarray(offset, offset + SPLIT_BYTES))
       
      await new Promise((resolve) => setTimeout(resolve, SPLIT_GAP_MS))
    }
  }
}

function line(message: Record<string, unknown>): string {
  return `${JSON.stringify(message)}\n`
}

function parseRequest(text: string): ReceivedMessage {
  try {
    const value = JSON.parse(text) as {id?: unknown; method?: unknown; params?: unknown}
    return {id: value.id ?? null, method: String(value.method ?? ''), params: value.params ?? null}
  } catch {
    return {id: null, method: '', params: text}
  }
}

export interface SoloPayoutOptions {
  /** Operator cut in percent, paid to `feeAddress` after the user's output (ckpool's layout). */
  feePercent?: number
  feeAddress?: string
  rewardSats: bigint
}

/** A solo pool: the job pays whatever address the miner authorises with, minus the operator's cut. */
export function soloJobFor(base: Omit<SyntheticJobOptions, 'payouts'>, payout: SoloPayoutOptions) {
  return (user: string): StratumJobSpec => {
    const fee = (payout.rewardSats * BigInt(Math.round((payout.feePercent ?? 0) * 100))) / 10_000n
    const payouts: SyntheticPayout[] = [{address: splitStratumUser(user).address, sats: payout.rewardSats - fee}]
    if (fee > 0n) payouts.push({address: payout.feeAddress, sats: fee})
    return buildSyntheticJob({...base, payouts})
  }
}

export async function createStratumPoolSim(options: StratumPoolOptions): Promise<StratumPoolSim> {
  const received: ReceivedMessage[] = []
  const sockets = new Set<Socket>()
  const onConnection = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    new PoolConnection(socket, options, received)  
  }
  const server: Server = options.tls ? createTlsServer(options.tls, onConnection) : createServer(onConnection)
  const sim: StratumPoolSim = {
    host: options.host,
    port: options.port ?? 0,
    received,
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(options.port ?? 0, options.host, () => resolve())
      })
      sim.port = (server.address() as AddressInfo).port
      sim.url = `${options.tls ? 'stratum+ssl' : 'stratum+tcp'}://${options.host}:${sim.port}`
    },
    async stop() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
    url: '',
  }
  await sim.start()
  return sim
}
