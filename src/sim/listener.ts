/**
 * What every simulator listener shares: bind a given 127.x address and port (0 = ephemeral, kept across
 * restarts), track open sockets so stop() is immediate, and "restart" like a real device: drop every
 * connection, refuse connections for a while, then listen again on the same address and port.
 */
import type {Server, Socket} from 'node:net'

import {Journal} from './journal.js'

export abstract class SimListener {
  readonly journal = new Journal()
  private boundPort: number
  private server?: Server
  private readonly sockets = new Set<Socket>()

  constructor(
    private readonly bindHost: string,
    port: number,
  ) {
    this.boundPort = port
  }

  get host(): string {
    return this.bindHost
  }

  get port(): number {
    return this.boundPort
  }

  get running(): boolean {
    return this.server !== undefined
  }

  /** Vanish (connections refused) for `downMs`, then listen again on the same address and port. */
  restartAfterReply(downMs: number): void {
    setTimeout(async () => {
      await this.stop()
      setTimeout(() => void this.start().catch(() => undefined), downMs)
    }, 20)
  }

  async start(): Promise<void> {
    const server = this.createServer()
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.boundPort, this.bindHost, () => resolve())
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

  protected abstract createServer(): Server
}
