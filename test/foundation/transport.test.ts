import {createHash} from 'node:crypto'
import {type Server, createServer as createHttpServer} from 'node:http'
import {type Socket, type Server as TcpServer, createServer as createTcpServer} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'

import {createContext} from '../../src/lib/context.js'
import {SolominerError} from '../../src/lib/errors.js'
import {parseChallenge} from '../../src/lib/net/http.js'
import {tcpExchange, tcpProbe} from '../../src/lib/net/tcp.js'

const paths = {cacheDir: '/nonexistent', configDir: '/nonexistent', dataDir: '/nonexistent'}
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function httpServer(handler: Parameters<typeof createHttpServer>[1]): Promise<string> {
  const server: Server = createHttpServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.21', resolve))
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  const {port} = server.address() as {port: number}
  return `http://127.0.0.21:${port}`
}

async function tcpServer(onConnection: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>()
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket)
    onConnection?.(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.22', resolve))
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  )
  return (server.address() as {port: number}).port
}

/** Generous by default: a loaded machine answers late; the deadline test passes its own. */
function context(timeoutMs = 10_000) {
  const ctx = createContext({paths, timeoutMs})
  closers.push(() => ctx.close())
  return ctx
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

describe('http', () => {
  it('answers a Digest challenge with a response the server can verify (qop=auth)', async () => {
    const seen: string[] = []
    const base = await httpServer((req, res) => {
      const header = req.headers.authorization
      if (!header) {
        res.writeHead(401, {'www-authenticate': 'Digest realm="antMiner Configuration", nonce="abc123", qop="auth"'})
        return res.end()
      }
      seen.push(header)
      const p = parseChallenge(header)
      const ha1 = md5(`root:antMiner Configuration:root`)
      const ha2 = md5(`GET:${p.uri}`)
      const ok = p.response === md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
      res.writeHead(ok ? 200 : 401).end(ok ? 'welcome' : '')
    })
    const response = await context().http.request({
      auth: {password: 'root', user: 'root'},
      url: `${base}/cgi-bin/get_miner_conf.cgi`,
    })
    expect(response.status).toBe(200)
    expect(response.body).toBe('welcome')
    expect(parseChallenge(seen[0]!)).toMatchObject({
      nonce: 'abc123',
      qop: 'auth',
      realm: 'antMiner Configuration',
      uri: '/cgi-bin/get_miner_conf.cgi',
      username: 'root',
    })
  })

  it('sends Basic credentials up front when asked, and never an Origin header', async () => {
    const headers: Record<string, unknown>[] = []
    const base = await httpServer((req, res) => {
      headers.push(req.headers)
      res.writeHead(200, {'content-type': 'application/json'}).end('{"ok":1}')
    })
    const value = await context().http.json({auth: {password: 'p', scheme: 'basic', user: 'u'}, url: base})
    expect(value).toEqual({ok: 1})
    expect(headers[0]!.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`)
    expect(headers[0]!.origin).toBeUndefined()
  })

  it('cuts off a body larger than the cap', async () => {
    const base = await httpServer((_req, res) => res.end('x'.repeat(5000)))
    await expect(context().http.request({maxBytes: 1000, url: base})).rejects.toMatchObject({code: 'RESPONSE_TOO_LARGE'})
  })

  it('gives up on a server that never answers, as a TIMEOUT', async () => {
    const base = await httpServer(() => undefined)
    await expect(context(200).http.request({url: base})).rejects.toMatchObject({code: 'TIMEOUT', exitCode: 4})
  })

  it('maps a refused connection to HOST_UNREACHABLE with a suggestion', async () => {
    const error = await context().http.request({url: 'http://127.0.0.23:9'}).catch((error_) => error_)
    expect(error).toBeInstanceOf(SolominerError)
    expect(error).toMatchObject({code: 'HOST_UNREACHABLE', message: '127.0.0.23:9 refused the connection'})
  })

  it('json() throws an HTTP status error carrying the response', async () => {
    const base = await httpServer((_req, res) => res.writeHead(429).end('slow down'))
    await expect(context().http.json({url: base})).rejects.toMatchObject({code: 'RATE_LIMITED', response: {status: 429}})
  })
})

describe('tcp', () => {
  it('reads a reply up to the NUL terminator even when split across packets', async () => {
    const port = await tcpServer((socket) => {
      socket.once('data', () => {
        socket.write('{"STATUS":')
        setTimeout(() => socket.end('[]}\u0000garbage'), 20)
      })
    })
    const reply = await tcpExchange({host: '127.0.0.22', payload: '{"command":"summary"}', port, timeoutMs: 10_000})
    expect(reply).toBe('{"STATUS":[]}')
  })

  it('times out on a silent peer and caps an endless stream', async () => {
    const silent = await tcpServer(() => undefined)
    await expect(tcpExchange({host: '127.0.0.22', payload: 'x', port: silent, timeoutMs: 150})).rejects.toMatchObject({
      code: 'TIMEOUT',
    })
    const endless = await tcpServer((socket) => {
      const timer = setInterval(() => socket.write('y'.repeat(4096)), 1)
      socket.on('close', () => clearInterval(timer))
      socket.on('error', () => clearInterval(timer))
    })
    await expect(
      tcpExchange({host: '127.0.0.22', maxBytes: 20_000, payload: 'x', port: endless, timeoutMs: 10_000}),
    ).rejects.toMatchObject({code: 'RESPONSE_TOO_LARGE'})
  })

  it('probes open and closed ports', async () => {
    const port = await tcpServer((socket) => socket.end())
    expect(await tcpProbe('127.0.0.22', port, 10_000)).toBe('open')
    expect(await tcpProbe('127.0.0.24', 9, 300)).toBe('closed')
  })
})
