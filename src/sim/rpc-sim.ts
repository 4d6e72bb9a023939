/**
 * The cgminer-style RPC server base (TCP 4028): one request per connection, JSON `{"command","parameter"}`
 * or plain `command|parameter`, reply terminated by a NUL byte and the connection closed, as cgminer does.
 */
import {type Server, type Socket, createServer} from 'node:net'

import {SimListener} from './listener.js'

export interface RpcRequest {
  command: string
  /** True when the request came as JSON (replies are then JSON; plain requests get the plain form). */
  json: boolean
  parameter: string | undefined
}

/** Returns the raw reply text (without NUL), or undefined to stay silent and close. */
export type RpcHandler = (request: RpcRequest) => Promise<string | undefined> | string | undefined

export interface RpcSimOptions {
  host: string
  port: number
  /** Commands that change state (recorded in the journal with method WRITE). */
  writeCommands?: string[]
}

export class RpcSim extends SimListener {
  constructor(
    private readonly options: RpcSimOptions,
    private readonly handler: RpcHandler,
  ) {
    super(options.host, options.port)
  }

  protected createServer(): Server {
    return createServer((socket) => this.handle(socket))
  }

  private handle(socket: Socket): void {
    socket.on('error', () => socket.destroy())
    let text = ''
    let answered = false
    const answer = async () => {
      if (answered) return
      answered = true
      const request = parseRpcRequest(text)
      this.journal.record({
        body: text,
        headers: {},
        method: this.options.writeCommands?.includes(request.command) ? 'WRITE' : 'READ',
        path: request.command,
        protocol: 'rpc',
      })
      const reply = await this.handler(request)
      if (reply === undefined) socket.destroy()
      else socket.end(`${reply}\u0000`)
    }
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8')
      // cgminer reads one request then answers; a complete JSON object or a plain line is enough.
      if (isCompleteRequest(text)) void answer()
    })
    socket.on('end', () => void answer())
  }
}

export function parseRpcRequest(text: string): RpcRequest {
  // cgminer clients may NUL-terminate requests too.
  const trimmed = text.replaceAll('\u0000', '').trim()
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as {command?: unknown; parameter?: unknown}
      return {
        command: String(value.command ?? ''),
        json: true,
        parameter: value.parameter === undefined ? undefined : String(value.parameter),
      }
    } catch {
      return {command: '', json: true, parameter: undefined}
    }
  }
  const [command = '', ...rest] = trimmed.split('|')
  return {command, json: false, parameter: rest.length > 0 ? rest.join('|') : undefined}
}

function isCompleteRequest(text: string): boolean {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      JSON.parse(trimmed)
      return true
    } catch {
      return false
    }
  }
  // Plain "command|parameter": cgminer answers after a single read, whatever the terminator.
  return trimmed.length > 0
}
