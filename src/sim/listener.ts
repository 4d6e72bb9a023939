/**
 * What every simulator listener shares: bind a given 127.x address and port (0 = ephemeral, kept across
 * restarts), track open sockets so stop() is immediate, and "restart" like a real device: drop every
 * connection, refuse connections for a while, then listen again on the same address and port.
 */
import {EventEmitter, once} from 'node:events'
import type {Server, Socket} from 'node:net'

import {Journal} from './journal.js'

export type ListenerEvent = 'down' | 'up'

interface Outage {
  timer?: NodeJS.Timeout
}

export abstract class SimListener {
  readonly journal = new Journal()
  private boundPort: number
  /** How many times a restart took the listener down, and brought it back. */
  private readonly counts: Record<ListenerEvent, number> = {down: 0, up: 0}
  private readonly events = new EventEmitter()
  /** The restart in progress, if any (stop() cancels it). */
  private outage?: Outage
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
    // A restart during another one replaces it (its down time starts again).
    clearTimeout(this.outage?.timer)
    const outage: Outage = {}
    this.outage = outage
    outage.timer = setTimeout(async () => {
      const wasRunning = this.running
      await this.close()
      if (this.outage !== outage) return // stopped meanwhile
      if (wasRunning) this.record('down')
      outage.timer = setTimeout(() => void this.comeBack(outage), downMs)
    }, 20)
  }

  /**
   * Resolves once a restart has taken the listener down (`'down'`) or brought it back (`'up'`) for the
   * `nth` time: tests wait for these transitions instead of polling for a short-lived state.
   */
  async reached(event: ListenerEvent, nth = 1): Promise<void> {
    while (this.counts[event] < nth) await once(this.events, event)
  }

  /** Ends the outage of the restart in progress now rather than after its down time (tests). */
  async endOutage(): Promise<void> {
    const {outage} = this
    if (outage === undefined) return
    await this.reached('down', this.counts.up + 1)
    await this.comeBack(outage)
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

  /** Stops for good: a restart in progress does not bring the listener back. */
  async stop(): Promise<void> {
    clearTimeout(this.outage?.timer)
    this.outage = undefined
    await this.close()
  }

  protected abstract createServer(): Server

  private async close(): Promise<void> {
    const {server} = this
    if (!server) return
    this.server = undefined
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private async comeBack(outage: Outage): Promise<void> {
    if (this.outage !== outage) return
    clearTimeout(outage.timer)
    this.outage = undefined
    // The port may have been taken meanwhile (ephemeral ports are shared): the device then stays away.
    if (this.running) return
    await this.start().then(
      () => this.record('up'),
      () => undefined,
    )
  }

  private record(event: ListenerEvent): void {
    this.counts[event] += 1
    this.events.emit(event)
  }
}
