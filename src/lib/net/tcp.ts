/**
 * The only module that opens raw TCP connections for request/response protocols (cgminer RPC on
 * port 4028) and connect probes (scan). Every exchange has a deadline and a byte cap, because anything
 * on a LAN can answer, stay silent, or stream forever.
 */
import {Socket} from 'node:net'

import {SolominerError} from '../errors.js'
import {toNetworkError} from './errors.js'
import {assertNetworkAllowed} from './guard.js'

export const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024

export interface TcpExchangeOptions {
  host: string
  maxBytes?: number
  payload: string
  port: number
  signal?: AbortSignal
  timeoutMs: number
  /** Stop at the first NUL byte (cgminer terminates replies with one) or only when the peer closes. */
  until?: 'close' | 'nul'
}

/** Sends `payload`, reads the reply until NUL or close, and returns it as UTF-8 (without the NUL). */
export function tcpExchange(options: TcpExchangeOptions): Promise<string> {
  const {host, port, timeoutMs} = options
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_REPLY_BYTES
  const what = `${host}:${port}`
  return new Promise((resolve, reject) => {
    assertNetworkAllowed(host) // a throw here rejects the promise
    const socket = new Socket()
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const finish = (error?: unknown) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      if (error === undefined) resolve(Buffer.concat(chunks).toString('utf8'))
      else reject(error instanceof SolominerError ? error : toNetworkError(error, what, timeoutMs))
    }
    const onAbort = () => finish(options.signal?.reason ?? new Error('aborted'))
    const timer = setTimeout(
      () => finish(Object.assign(new Error('timeout'), {name: 'TimeoutError'})),
      timeoutMs,
    )
    if (options.signal?.aborted) return onAbort()
    options.signal?.addEventListener('abort', onAbort, {once: true})
    socket.on('error', finish)
    socket.on('data', (chunk: Buffer) => {
      const nul = options.until === 'close' ? -1 : chunk.indexOf(0)
      const part = nul === -1 ? chunk : chunk.subarray(0, nul)
      size += part.length
      if (size > maxBytes) {
        finish(new SolominerError('RESPONSE_TOO_LARGE', `${what} sent more than ${maxBytes} bytes; stopped reading`))
        return
      }
      chunks.push(part)
      if (nul !== -1) finish()
    })
    socket.on('end', () => finish())
    socket.connect(port, host, () => socket.write(options.payload))
  })
}

export type PortState = 'closed' | 'open' | 'timeout'

/** A TCP connect probe: `open` on connect, `closed` on RST or unreachable, `timeout` when silent. */
export function tcpProbe(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<PortState> {
  return new Promise((resolve) => {
    assertNetworkAllowed(host) // a throw here rejects the promise
    const socket = new Socket()
    let settled = false
    const finish = (state: PortState) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve(state)
    }
    const onAbort = () => finish('timeout')
    // After a busy tick (a sweep opening hundreds of sockets on a loaded CPU) the timer can fire before the
    // event loop has polled a connect that completed in time: give the poll phase one turn first.
    const timer = setTimeout(() => setImmediate(() => finish('timeout')), timeoutMs)
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, {once: true})
    socket.once('connect', () => finish('open'))
    socket.once('error', () => finish('closed'))
    socket.connect(port, host)
  })
}
