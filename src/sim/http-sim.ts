/**
 * A small HTTP server base for device simulators: binds a given 127.x address and port, records a
 * journal, and can "restart" (close every socket, stay unreachable for a while, come back) like a real
 * device does after POST /api/system/restart.
 */
import {type IncomingMessage, type Server, type ServerResponse, createServer} from 'node:http'
import type {Socket} from 'node:net'
import type {Duplex} from 'node:stream'

import {Journal} from './journal.js'

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

export class HttpSim {
  readonly journal = new Journal()
  private server?: Server
  private readonly sockets = new Set<Socket>()
  private boundPort: number

  constructor(
    private readonly options: HttpSimOptions,
    private readonly handler: SimHandler,
  ) {
    this.boundPort = options.port
  }

  get host(): string {
    return this.options.host
  }

  get port(): number {
    return this.boundPort
  }

  get running(): boolean {
    return this.server !== undefined
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res))
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    if (this.options.onUpgrade) server.on('upgrade', this.options.onUpgrade)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.boundPort, this.options.host, () => resolve())
    })
    const address = server.address()
    if (address && typeof address === 'object') this.boundPort = address.port
    this.server = server
  }

  async stop(): Promise<void> {
    const {server} = this
    if (!server) return
    this.server = undefined
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Vanish (connections refused) for `downMs`, then listen again on the same address and port. */
  restartAfterReply(downMs: number): void {
    setTimeout(async () => {
      await this.stop()
      setTimeout(() => void this.start().catch(() => undefined), downMs)
    }, 20)
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
