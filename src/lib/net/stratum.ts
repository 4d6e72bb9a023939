/**
 * The stratum transport: newline-delimited JSON over TCP or TLS. Lines may arrive split across packets
 * or several per packet; anything on the internet can answer, so lines have a size cap (longer ones
 * are cut off and reported), and every wait has a deadline.
 */
import {Socket, isIP} from 'node:net'
import {connect as tlsConnect, type TLSSocket} from 'node:tls'

import {SolominerError} from '../errors.js'
import {toNetworkError} from './errors.js'
import {assertNetworkAllowed} from './guard.js'
import {appendAll} from '../arrays.js'

export const DEFAULT_MAX_LINE_BYTES = 256 * 1024
/** A session reads one job: a pool streaming more than this is misbehaving. */
export const MAX_SESSION_BYTES = 8 * 1024 * 1024

export interface StratumConnectOptions {
  host: string
  /** Accept a TLS certificate that does not verify (self-signed pools). */
  insecureTls?: boolean
  maxLineBytes?: number
  port: number
  signal?: AbortSignal
  timeoutMs: number
  tls: boolean
}

export type StratumLine =
  | {kind: 'garbage'; text: string}
  | {kind: 'message'; message: Record<string, unknown>}
  | {kind: 'oversized'; bytes: number}

/** Splits a byte stream into lines; an over-long line is dropped up to its newline. */
export class LineSplitter {
  private buffered: Buffer[] = []
  private bufferedBytes = 0
  private skipping = 0

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Buffer): StratumLine[] {
    const lines: StratumLine[] = []
    let rest = chunk
    for (let newline = rest.indexOf(0x0a); newline !== -1; newline = rest.indexOf(0x0a)) {
      const line = this.take(rest.subarray(0, newline))
      if (line) lines.push(line)
      rest = rest.subarray(newline + 1)
    }
    this.append(rest)
    return lines
  }

  /** Keeps a partial line; past the cap it is dropped and only counted until its newline. */
  private append(part: Buffer): void {
    if (this.skipping > 0) {
      this.skipping += part.length
      return
    }
    this.buffered.push(part)
    this.bufferedBytes += part.length
    if (this.bufferedBytes > this.maxLineBytes) {
      this.skipping = this.bufferedBytes
      this.buffered = []
      this.bufferedBytes = 0
    }
  }

  private take(end: Buffer): StratumLine | null {
    if (this.skipping > 0) {
      const bytes = this.skipping + end.length
      this.skipping = 0
      return {bytes, kind: 'oversized'}
    }
    const raw = Buffer.concat([...this.buffered, end])
    this.buffered = []
    this.bufferedBytes = 0
    if (raw.length > this.maxLineBytes) return {bytes: raw.length, kind: 'oversized'}
    const text = raw.toString('utf8').trim()
    return text === '' ? null : parseLine(text)
  }
}

function parseLine(text: string): StratumLine {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return {kind: 'message', message: value as Record<string, unknown>}
    }
  } catch {
    // falls through: not JSON
  }
  return {kind: 'garbage', text: text.slice(0, 200)}
}

/** One open stratum connection: send JSON lines, receive parsed lines in order. */
export class StratumConnection {
  /** The pool hung up (as opposed to an error, a deadline or our own close). */
  peerClosed = false
  private closed: SolominerError | null = null
  private readonly queue: StratumLine[] = []
  private waiter: (() => void) | null = null

  constructor(
    private readonly socket: Socket | TLSSocket,
    readonly what: string,
    maxLineBytes: number,
  ) {
    const splitter = new LineSplitter(maxLineBytes)
    let received = 0
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > MAX_SESSION_BYTES) {
        this.end(new SolominerError('RESPONSE_TOO_LARGE', `${what} sent more than ${MAX_SESSION_BYTES} bytes; stopped reading`))
        return
      }
      appendAll(this.queue, splitter.push(chunk))
      this.wake()
    })
    socket.on('error', (error) => this.end(toNetworkError(error, what)))
    socket.on('close', () => {
      if (this.closed === null) this.peerClosed = true
      this.end(new SolominerError('BAD_RESPONSE', `${what} closed the connection`))
    })
  }

  close(): void {
    this.end(new SolominerError('BAD_RESPONSE', `${this.what}: connection closed`))
  }

  /** The next line, waiting at most until `deadline` (epoch ms); null when the deadline passes. */
  async next(deadline: number, signal?: AbortSignal): Promise<StratumLine | null> {
    while (this.queue.length === 0) {
      if (this.closed) throw this.closed
      if (signal?.aborted) throw signal.reason
      const remaining = deadline - Date.now()
      if (remaining <= 0) return null
       
      await this.waitForData(remaining, signal)
    }
    return this.queue.shift()!
  }

  send(message: Record<string, unknown>): void {
    if (this.closed) throw this.closed
    this.socket.write(`${JSON.stringify(message)}\n`)
  }

  private end(reason: SolominerError): void {
    if (this.closed) return
    this.closed = reason
    this.socket.destroy()
    this.wake()
  }

  private waitForData(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        this.waiter = null
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, {once: true})
      this.waiter = done
    })
  }

  private wake(): void {
    this.waiter?.()
  }
}

/** Connects (TLS handshake included) within `timeoutMs`; resolves with the connection and its latency. */
export function connectStratum(options: StratumConnectOptions): Promise<{connection: StratumConnection; latencyMs: number}> {
  const what = `Pool ${options.host}:${options.port}`
  // URLs carry IPv6 literals in brackets; sockets want them bare.
  const host = options.host.replace(/^\[(.*)]$/, '$1')
  assertNetworkAllowed(host)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const socket = options.tls
      ? tlsConnect({
          host,
          port: options.port,
          rejectUnauthorized: !options.insecureTls,
          // SNI must not be an IP address.
          servername: isIP(host) === 0 ? host : undefined,
        })
      : new Socket().connect(options.port, host)
    const fail = (error: unknown) => {
      cleanup()
      socket.destroy()
      reject(tlsError(error, what) ?? unreachable(toNetworkError(error, what, options.timeoutMs)))
    }
    const onAbort = () => fail(options.signal?.reason)
    const timer = setTimeout(() => fail(Object.assign(new Error('timeout'), {name: 'TimeoutError'})), options.timeoutMs)
    const cleanup = () => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      socket.off('error', fail)
    }
    if (options.signal?.aborted) return onAbort()
    options.signal?.addEventListener('abort', onAbort, {once: true})
    socket.once('error', fail)
    socket.once(options.tls ? 'secureConnect' : 'connect', () => {
      cleanup()
      const latencyMs = Math.round(performance.now() - started)
      resolve({connection: new StratumConnection(socket, what, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES), latencyMs})
    })
  })
}

/** The pool could not be reached at all (as opposed to answering badly), so callers can say `reachable: false`. */
export class PoolUnreachableError extends SolominerError {}

function unreachable(error: SolominerError): SolominerError {
  if (error.code !== 'HOST_UNREACHABLE' && error.code !== 'TIMEOUT') return error
  return new PoolUnreachableError(error.code, error.message, {cause: error.cause, suggestions: error.suggestions})
}

/** Certificate failures are not "unreachable": the pool answered, but could not prove who it is. */
function tlsError(error: unknown, what: string): SolominerError | null {
  const code = (error as {code?: unknown} | undefined)?.code
  if (typeof code !== 'string' || !/CERT|SELF_SIGNED|ERR_TLS|UNABLE_TO_VERIFY|HOSTNAME/.test(code)) return null
  return new SolominerError('BAD_RESPONSE', `${what}: TLS certificate not trusted (${code})`, {
    cause: error,
    suggestions: ['If the pool uses a self-signed certificate on purpose, pass --insecure-tls'],
  })
}
