/**
 * Hostile peers on loopback for deadline tests: each accepts connections and then misbehaves in one way
 * (a body trickled one byte at a time, a reply that never ends, a peer that never reads...). Every server
 * records its connections and stops cleanly, timers included.
 */
import {type Server, type Socket, connect, createServer} from 'node:net'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'

export interface HostileServer {
  /** Connections accepted so far. */
  connections: number
  host: string
  port: number
  stop(): Promise<void>
}

/** What the server does with each accepted socket; `every` schedules a repeating write, stopped on close. */
type Behaviour = (socket: Socket, every: (ms: number, write: () => void) => void) => void

/** A TCP server on `host` (port 0 = ephemeral) running `behaviour` on every connection. */
export async function hostileServer(host: string, behaviour: Behaviour, port = 0): Promise<HostileServer> {
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const state = {connections: 0}
  const server: Server = createServer((socket) => {
    state.connections++
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
    behaviour(socket, (ms, write) => {
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : write()), ms)
      timers.add(timer)
      socket.on('close', () => clearInterval(timer))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  return {
    get connections() {
      return state.connections
    },
    host,
    port: (server.address() as {port: number}).port,
    async stop() {
      for (const timer of timers) clearInterval(timer)
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const TRICKLE_MS = 200

/** HTTP: status and headers at once, then a body that never completes, one byte every 200 ms. */
export function slowBodyHttp(host: string, options: {chunked?: boolean; port?: number} = {}): Promise<HostileServer> {
  return hostileServer(
    host,
    (socket, every) => {
      socket.once('data', () => {
        const framing = options.chunked ? 'transfer-encoding: chunked' : 'content-length: 1000000'
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${framing}\r\n\r\n`)
        every(TRICKLE_MS, () => socket.write(options.chunked ? '1\r\n \r\n' : ' '))
      })
    },
    options.port,
  )
}

/** HTTP: a status line, then header bytes forever (never the blank line that ends the headers). */
export function endlessHeaderHttp(host: string): Promise<HostileServer> {
  return hostileServer(host, (socket, every) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nx-padding: ')
      every(TRICKLE_MS, () => socket.write('a'))
    })
  })
}

/** HTTP: every request is answered at once with a redirect to itself. */
export function redirectLoopHttp(host: string): Promise<HostileServer> {
  return hostileServer(host, (socket) => {
    socket.on('data', () => socket.write('HTTP/1.1 302 Found\r\nlocation: /\r\ncontent-length: 0\r\n\r\n'))
  })
}

/**
 * TCP (cgminer RPC, stratum): reads the request, then answers one byte every 200 ms, never a terminator;
 * `atOnce` may answer some requests in full instead (a cgminer `version`, so identification succeeds).
 */
export function trickleTcp(host: string, options: {atOnce?: (request: string) => string | undefined; port?: number} = {}): Promise<HostileServer> {
  return hostileServer(
    host,
    (socket, every) => {
      socket.once('data', (request: Buffer) => {
        const full = options.atOnce?.(request.toString('utf8'))
        if (full !== undefined) return void socket.end(full)
        const reply = '{"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary","Description":"cgminer 4.12.0"}],"SUMMARY":[{"Elapsed":5'
        let index = 0
        every(TRICKLE_MS, () => socket.write(reply[index++ % reply.length]!))
      })
    },
    options.port,
  )
}

/**
 * TCP: accepts and then never reads nor writes (a TLS client waits for its handshake forever; a writer's
 * bytes pile up unread).
 */
export function silentTcp(host: string): Promise<HostileServer> {
  return hostileServer(host, (socket) => socket.pause())
}

/**
 * Runs the garbage collector every `ms` until the returned function is called: a deadline that the
 * collector can take away (an `AbortSignal.timeout` only referenced by `AbortSignal.any`, Node 20) then
 * fails every time instead of only under a real program's memory pressure.
 */
export function collectGarbageEvery(ms: number): () => void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const timer = setInterval(gc, ms)
  return () => clearInterval(timer)
}


export interface TrickledRequest {
  method: string
  path: string
}

/**
 * HTTP: a proxy in front of a real simulator that answers some requests with the simulator's status and
 * headers at once and then its body one byte every 200 ms (`trickle` decides, given the request and all
 * earlier ones). Everything else passes through (after `holdMs`), so identification and writes still work.
 */
export async function tricklingProxy(
  host: string,
  upstream: {host: string; port: number},
  trickle: (request: TrickledRequest, earlier: TrickledRequest[]) => boolean,
  /** Every other answer is held this long and then sent whole (a device just inside each deadline). */
  holdMs = 0,
): Promise<HostileServer & {requests: TrickledRequest[]}> {
  const requests: TrickledRequest[] = []
  const server = await hostileServer(host, (socket, every) => {
    let buffered = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      const end = buffered.indexOf('\r\n\r\n')
      if (end === -1) return
      const head = buffered.subarray(0, end).toString('latin1')
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
      if (buffered.length < end + 4 + length) return
      const [method = 'GET', path = '/'] = head.split(' ')
      const request = {method, path}
      const slow = trickle(request, [...requests])
      requests.push(request)
      const outgoing = buffered.subarray(0, end + 4 + length)
      buffered = buffered.subarray(end + 4 + length)
      void forward(upstream, outgoing).then((reply) => {
        if (socket.destroyed) return
        if (!slow) return void setTimeout(() => socket.destroyed || socket.write(reply.raw), holdMs)
        socket.write(reply.head)
        let index = 0
        every(TRICKLE_MS, () => index < reply.body.length && socket.write(reply.body.subarray(index, ++index)))
      })
    })
  })
  return Object.assign(server, {requests})
}

/** Sends one raw HTTP/1.1 request upstream (connection: close) and splits the reply into head and body. */
function forward(upstream: {host: string; port: number}, request: Buffer): Promise<{body: Buffer; head: Buffer; raw: Buffer}> {
  const text = request.toString('latin1').replace(/\r\nconnection:[^\r]*/i, '').replace('\r\n\r\n', '\r\nconnection: close\r\n\r\n')
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const socket = connect(upstream.port, upstream.host, () => socket.write(Buffer.from(text, 'latin1')))
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      const raw = Buffer.concat(chunks)
      const split = raw.indexOf('\r\n\r\n') + 4
      resolve({body: raw.subarray(split), head: raw.subarray(0, split), raw})
    })
  })
}
