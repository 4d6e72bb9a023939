/**
 * cgminer RPC peers that trickle their reply, never read, or answer a joined command slowly with a refusal:
 * the per-request deadline bounds the whole reply, and the fallback to single commands shares it.
 */
import {type Socket, createServer} from 'node:net'

import {afterAll, afterEach, describe, expect, it} from 'vitest'

import {createContext} from '../../src/lib/context.js'
import type {DeviceAddress} from '../../src/lib/devices/model.js'
import {cgminerCommands} from '../../src/lib/net/cgminer.js'
import {tcpExchange} from '../../src/lib/net/tcp.js'
import {cgEnvelope, cgInvalidCommand} from '../../src/sim/cgminer.js'
import {type HostileServer, silentTcp, trickleTcp} from '../helpers/hostile.js'

const HOST = '127.82.8.1'
const TIMEOUT_MS = 1000
const TEST_BOUND_MS = 15_000

const ctx = createContext({paths: {cacheDir: '/nonexistent', configDir: '/nonexistent', dataDir: '/nonexistent'}, timeoutMs: TIMEOUT_MS})
const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})
afterAll(() => ctx.close())

const track = (server: HostileServer) => {
  stops.push(() => server.stop())
  return server
}
const at = (port: number): DeviceAddress => ({host: HOST, httpPort: 1, rpcPort: port})

describe('the cgminer TCP client', () => {
  it('a reply trickled one byte at a time ends with TIMEOUT at the deadline', async () => {
    const server = track(await trickleTcp(HOST))
    const exchange = tcpExchange({host: HOST, payload: '{"command":"summary"}', port: server.port, timeoutMs: TIMEOUT_MS, until: 'nul'})
    await expect(exchange).rejects.toMatchObject({code: 'TIMEOUT', message: `${HOST}:${server.port} did not answer within ${TIMEOUT_MS} ms`})
  }, TEST_BOUND_MS)

  it('a peer that accepts and never reads ends with TIMEOUT, however large the request', async () => {
    const server = track(await silentTcp(HOST))
    const exchange = tcpExchange({host: HOST, payload: 'x'.repeat(8 * 1024 * 1024), port: server.port, timeoutMs: TIMEOUT_MS, until: 'nul'})
    await expect(exchange).rejects.toMatchObject({code: 'TIMEOUT'})
  }, TEST_BOUND_MS)

  it('the fallback after a slowly refused joined command gets what is left of one deadline, not a second one', async () => {
    // The join is refused after 60 % of the deadline and each single command answers after another 60 %:
    // together they would need 120 % of the deadline.
    const answerAfter = 0.6 * TIMEOUT_MS
    const bodies: string[] = []
    const sockets = new Set<Socket>()
    const server = createServer((socket) => {
      sockets.add(socket)
      socket.on('error', () => undefined)
      socket.once('data', (chunk) => {
        const body = chunk.toString('utf8')
        bodies.push(body)
        const {command} = JSON.parse(body) as {command: string}
        const reply = command.includes('+')
          ? cgInvalidCommand('bmminer 1.0.0')
          : cgEnvelope('bmminer 1.0.0', {code: 11, message: command, status: 'S'}, command.toUpperCase(), [{Elapsed: 5}])
        setTimeout(() => socket.end(`${JSON.stringify(reply)}\u0000`), answerAfter)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
    stops.push(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })
    const {port} = server.address() as {port: number}
    await expect(cgminerCommands(at(port), ['summary', 'pools'], ctx)).rejects.toMatchObject({code: 'TIMEOUT'})
    expect(bodies[0]).toBe('{"command":"summary+pools"}')
  }, TEST_BOUND_MS)
})
