/**
 * The `serve` HTTP endpoints: GET /metrics, /api/devices, /api/events?since=SEQ, /healthz. Read-only;
 * with a token every endpoint wants `Authorization: Bearer <token>`.
 */
import {type IncomingMessage, type Server, type ServerResponse, createServer} from 'node:http'

import {SolominerError} from '../errors.js'
import {bearerMatches} from './auth.js'
import type {EventLog} from './events.js'
import type {FleetView} from './fleet-view.js'
import {type ListenAddress, listenUrl} from './listen.js'
import type {MetricsRenderer} from './metrics.js'

export interface EndpointSources {
  events: EventLog
  /** How long without a completed poll round before /healthz says unhealthy, ms. */
  staleAfterMs: number
  startedAt: number
  token: string | null
  view: FleetView
  metrics: MetricsRenderer
}

export interface RunningServer {
  address: ListenAddress
  close(): Promise<void>
  url: string
}

/** Binds where told (never elsewhere) and serves until close(). */
export async function startHttpServer(listen: ListenAddress, sources: EndpointSources): Promise<RunningServer> {
  const server = createServer((request, response) => {
    handle(request, response, sources).catch((error: unknown) => {
      sendJson(response, 500, {error: {code: 'INTERNAL', message: error instanceof Error ? error.message : String(error)}})
    })
  })
  // Slow or idle clients must not hold sockets: scrapes are short.
  server.requestTimeout = 10_000
  server.headersTimeout = 5000
  server.keepAliveTimeout = 5000
  await bind(server, listen)
  const bound = server.address()
  const address = typeof bound === 'object' && bound !== null ? {host: listen.host, port: bound.port} : listen
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
    url: listenUrl(address),
  }
}

function bind(server: Server, {host, port}: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = listenUrl({host, port})
      const reason =
        error.code === 'EADDRINUSE'
          ? 'the port is in use (another serve?)'
          : error.code === 'EADDRNOTAVAIL'
            ? 'this machine has no such address'
            : error.code === 'EACCES'
              ? 'permission denied (ports below 1024 need privileges)'
              : error.message
      reject(new SolominerError('USAGE', `Cannot listen on ${where}: ${reason}`, {cause: error, suggestions: ['Choose another --listen HOST:PORT']}))
    })
    server.listen({host, port}, () => resolve())
  })
}

async function handle(request: IncomingMessage, response: ServerResponse, sources: EndpointSources): Promise<void> {
  response.setHeader('Cache-Control', 'no-store')
  response.setHeader('X-Content-Type-Options', 'nosniff')
  if (sources.token !== null && !bearerMatches(request.headers.authorization, sources.token)) {
    response.setHeader('WWW-Authenticate', 'Bearer realm="solominer"')
    return sendJson(response, 401, {error: {code: 'AUTH_FAILED', message: 'A bearer token is required (Authorization: Bearer <token>)'}})
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD')
    return sendJson(response, 405, {error: {code: 'USAGE', message: `${request.method} is not allowed: the endpoints are read-only`}})
  }
  const url = new URL(request.url ?? '/', 'http://serve.invalid')
  switch (url.pathname) {
    case '/metrics': {
      const text = await sources.metrics.render(sources.view)
      return send(response, 200, sources.metrics.contentType, text)
    }
    case '/api/devices':
      return sendJson(response, 200, sources.view.report())
    case '/api/events': {
      const since = parseSince(url.searchParams.get('since'))
      if (since === null) return sendJson(response, 400, {error: {code: 'INVALID_INPUT', message: 'since must be a whole number (an event seq)'}})
      return sendJson(response, 200, {events: sources.events.since(since), lastSeq: sources.events.last})
    }
    case '/healthz':
      return sendJson(response, ...health(sources))
    default:
      return sendJson(response, 404, {error: {code: 'USAGE', message: `No endpoint ${url.pathname}: try /metrics, /api/devices, /api/events or /healthz`}})
  }
}

/** Healthy once a poll round has completed, and as long as rounds keep completing. */
function health({staleAfterMs, startedAt, view}: EndpointSources): [number, Record<string, unknown>] {
  const {totals} = view.report()
  const lastPollAt = view.lastPollAt === null ? null : new Date(view.lastPollAt).toISOString()
  const status = view.lastPollAt === null ? 'starting' : Date.now() - view.lastPollAt > staleAfterMs ? 'stalled' : 'ok'
  const body = {devices: totals.devices, lastPollAt, online: totals.online, status, uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000)}
  return [status === 'ok' ? 200 : 503, body]
}

function parseSince(text: string | null): number | null {
  if (text === null || text === '') return 0
  return /^\d{1,15}$/.test(text) ? Number(text) : null
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`)
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, {'Content-Length': Buffer.byteLength(body), 'Content-Type': contentType})
  response.end(response.req.method === 'HEAD' ? undefined : body)
}
