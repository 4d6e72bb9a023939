/**
 * The only module that talks HTTP (undici). Built for small embedded web servers and untrusted peers:
 * short timeouts, a hard cap on body size, no automatic redirects, no Origin header (AxeOS rejects
 * cross-origin requests), and Basic/Digest auth (Antminer's realm "antMiner Configuration").
 */
import {createHash, randomBytes} from 'node:crypto'
import type {Agent} from 'undici'

import {SolominerError} from '../errors.js'
import {startDeadline, toNetworkError} from './errors.js'
import {assertNetworkAllowed} from './guard.js'

/** Default cap on a response body: miners' replies are a few kB; a LAN peer streaming forever is cut off. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

export interface HttpAuth {
  password: string
  /** `basic` sends credentials up front (Bitcoin Core); `challenge` answers a 401 Basic or Digest challenge. */
  scheme?: 'basic' | 'challenge'
  user: string
}

export interface HttpRequest {
  auth?: HttpAuth
  body?: string
  headers?: Record<string, string>
  maxBytes?: number
  method?: string
  signal?: AbortSignal
  timeoutMs?: number
  url: string
}

export interface HttpResponse {
  body: string
  headers: Record<string, string | string[] | undefined>
  status: number
  url: string
}

export interface Http {
  close(): Promise<void>
  /** GET (or the given method) and parse JSON; any non-2xx status or invalid JSON throws. */
  json<T = unknown>(request: HttpRequest): Promise<T>
  /** Any status is returned; only transport failures, oversize bodies and timeouts throw. */
  request(request: HttpRequest): Promise<HttpResponse>
}

export class HttpStatusError extends SolominerError {
  constructor(
    readonly response: HttpResponse,
    message: string,
    suggestions: string[] = [],
  ) {
    super(response.status === 429 ? 'RATE_LIMITED' : response.status === 401 ? 'AUTH_FAILED' : 'API_ERROR', message, {
      suggestions,
    })
  }
}

export interface HttpOptions {
  signal?: AbortSignal
  timeoutMs: number
  userAgent: string
}

interface Client {
  agent: Agent
  request: typeof import('undici').request
}

export function createHttp(options: HttpOptions): Http {
  // undici is loaded on first use: commands that never touch HTTP start faster.
  let client: Promise<Client> | undefined
  const connect = () =>
    (client ??= import('undici').then(({Agent, request}) => ({
      agent: new Agent({
        bodyTimeout: options.timeoutMs,
        connect: {timeout: options.timeoutMs},
        connections: 4,
        headersTimeout: options.timeoutMs,
        keepAliveTimeout: 1000,
      }),
      request,
    })))

  /** One exchange within the request's deadline. */
  async function once(req: HttpRequest, client: Client, signal: AbortSignal, authorization?: string): Promise<HttpResponse> {
    const timeoutMs = req.timeoutMs ?? options.timeoutMs
    const headers: Record<string, string> = {'user-agent': options.userAgent, ...req.headers}
    if (authorization) headers.authorization = authorization
    const what = describeUrl(req.url)
    try {
      const response = await client.request(req.url, {
        body: req.body,
        // A per-request timeout (Antminer's legacy config write answers after ~30 s) must also lift the
        // agent's header/body timeouts, which default to the context timeout.
        bodyTimeout: timeoutMs,
        dispatcher: client.agent,
        headers,
        headersTimeout: timeoutMs,
        method: (req.method ?? 'GET') as 'GET',
        signal,
      })
      const body = await readCapped(response.body, req.maxBytes ?? DEFAULT_MAX_BODY_BYTES, what, signal)
      return {body, headers: response.headers, status: response.statusCode, url: req.url}
    } catch (error) {
      if (signal.aborted && options.signal?.aborted) throw options.signal.reason ?? error
      throw toNetworkError(error, what, timeoutMs)
    }
  }

  /**
   * One deadline covers the whole request: connect, TLS, headers, every byte of the body, and the second
   * exchange of a Basic/Digest challenge. undici's own timeouts are not enough: its bodyTimeout is an idle
   * timeout, reset by each byte of a trickled body.
   */
  async function request(req: HttpRequest): Promise<HttpResponse> {
    assertNetworkAllowed(new URL(req.url).hostname)
    // Loading undici (the first request of a run) is our time, not the peer's: the deadline starts after.
    const client = await connect()
    const deadline = startDeadline(req.timeoutMs ?? options.timeoutMs, [req.signal, options.signal])
    try {
      return await authenticated(req, client, deadline.signal)
    } finally {
      deadline.clear()
    }
  }

  async function authenticated(req: HttpRequest, client: Client, signal: AbortSignal): Promise<HttpResponse> {
    const {auth} = req
    if (auth?.scheme === 'basic') return once(req, client, signal, basicAuthorization(auth))
    const first = await once(req, client, signal)
    if (first.status !== 401 || !auth) return first
    const challenge = headerValue(first.headers['www-authenticate'])
    if (!challenge) return first
    if (/^digest /i.test(challenge)) return once(req, client, signal, digestAuthorization(challenge, auth, req))
    if (/^basic/i.test(challenge)) return once(req, client, signal, basicAuthorization(auth))
    return first
  }

  return {
    async close() {
      // destroy, not close: nothing is pending at the end of a command, and closing hundreds of idle
      // keep-alive pools gracefully after a scan costs a visible fraction of a second.
      if (client) await (await client).agent.destroy()
    },
    async json<T>(req: HttpRequest): Promise<T> {
      const response = await request({...req, headers: {accept: 'application/json', ...req.headers}})
      if (response.status < 200 || response.status > 299) {
        throw new HttpStatusError(response, `${describeUrl(req.url)} answered HTTP ${response.status}`)
      }
      try {
        return JSON.parse(response.body) as T
      } catch (error) {
        throw new SolominerError('BAD_RESPONSE', `${describeUrl(req.url)} did not answer with JSON`, {cause: error})
      }
    },
    request,
  }
}

/** "http://192.168.1.5/api/system/info" → "192.168.1.5 (GET /api/system/info)": short, for messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`
  } catch {
    return url
  }
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** Reads the body up to `maxBytes`; the deadline's abort ends the read even between two trickled bytes. */
async function readCapped(
  body: AsyncIterable<Buffer> & {destroy(error?: Error): void},
  maxBytes: number,
  what: string,
  signal: AbortSignal,
) {
  const stop = () => body.destroy(signal.reason as Error)
  signal.addEventListener('abort', stop, {once: true})
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body) {
      size += chunk.length
      if (size > maxBytes) {
        body.destroy()
        throw new SolominerError('RESPONSE_TOO_LARGE', `${what} sent more than ${maxBytes} bytes; stopped reading`)
      }
      chunks.push(chunk)
    }
  } finally {
    signal.removeEventListener('abort', stop)
  }
  if (signal.aborted) throw signal.reason
  return Buffer.concat(chunks).toString('utf8')
}

function basicAuthorization(auth: HttpAuth): string {
  return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

/** RFC 7616 Digest with MD5 and qop=auth, as Antminer's lighttpd and Avalon's mongoose expect. */
function digestAuthorization(challenge: string, auth: HttpAuth, req: HttpRequest): string {
  const params = parseChallenge(challenge)
  const uri = new URL(req.url).pathname + new URL(req.url).search
  const method = req.method ?? 'GET'
  const realm = params.realm ?? ''
  const nonce = params.nonce ?? ''
  const ha1 = md5(`${auth.user}:${realm}:${auth.password}`)
  const ha2 = md5(`${method}:${uri}`)
  const qop = params.qop?.split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined
  const nc = '00000001'
  const cnonce = randomBytes(8).toString('hex')
  const response = qop ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`)
  const fields = [
    `username="${auth.user}"`,
    `realm="${realm}"`,
    `nonce="${nonce}"`,
    `uri="${uri}"`,
    `response="${response}"`,
    'algorithm=MD5',
  ]
  if (qop) fields.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`)
  if (params.opaque !== undefined) fields.push(`opaque="${params.opaque}"`)
  return `Digest ${fields.join(', ')}`
}

export function parseChallenge(challenge: string): Record<string, string> {
  const params: Record<string, string> = {}
  for (const match of challenge.replace(/^\w+\s+/, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    params[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? ''
  }
  return params
}
