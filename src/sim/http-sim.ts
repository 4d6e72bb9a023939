/**
 * The HTTP server base for device simulators: routes every request to one handler and records it in the
 * journal (binding, restarts and socket tracking are SimListener's).
 */
import {type IncomingMessage, type Server, type ServerResponse, createServer} from 'node:http'
import type {Duplex} from 'node:stream'

import {SimListener} from './listener.js'

export interface SimRequest {
  body: string
  headers: IncomingMessage['headers']
  method: string
  path: string
  query: URLSearchParams
  remoteAddress: string
}

export interface SimResponse {
  body?: string
  headers?: Record<string, string>
  status: number
}

export type SimHandler = (request: SimRequest) => Promise<SimResponse> | SimResponse

export interface HttpSimOptions {
  host: string
  /** Handles WebSocket upgrades (AxeOS /api/ws/live); without it upgrades are refused. */
  onUpgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void
  port: number
}

export class HttpSim extends SimListener {
  constructor(
    private readonly options: HttpSimOptions,
    private readonly handler: SimHandler,
  ) {
    super(options.host, options.port)
  }

  protected createServer(): Server {
    const server = createServer((req, res) => this.handle(req, res))
    if (this.options.onUpgrade) server.on('upgrade', this.options.onUpgrade)
    return server
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://sim')
      const body = Buffer.concat(chunks).toString('utf8')
      const method = req.method ?? 'GET'
      this.journal.record({body, headers: req.headers, method, path: url.pathname + url.search, protocol: 'http'})
      try {
        const reply = await this.handler({
          body,
          headers: req.headers,
          method,
          path: url.pathname,
          query: url.searchParams,
          remoteAddress: req.socket.remoteAddress ?? '',
        })
        res.writeHead(reply.status, reply.headers)
        res.end(reply.body ?? '')
      } catch (error) {
        res.writeHead(500, {'content-type': 'text/plain'})
        res.end(String(error))
      }
    })
  }
}

export function jsonReply(value: unknown, status = 200): SimResponse {
  return {body: JSON.stringify(value), headers: {'content-type': 'application/json'}, status}
}
