import {type Server, type Socket, createServer} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'

import {createContext} from '../../src/lib/context.js'
import type {DeviceAddress} from '../../src/lib/devices/model.js'
import {cgminerCommand, cgminerCommands, cgminerPlainCommand, cgminerStatus} from '../../src/lib/net/cgminer.js'
import {cgEnvelope, createCgminerServer, createRawRpcSim} from '../../src/sim/cgminer.js'
import type {RpcSim} from '../../src/sim/rpc-sim.js'

const HOST = '127.0.0.1'
const ctx = createContext({paths: {cacheDir: '/nonexistent', configDir: '/nonexistent', dataDir: '/nonexistent'}, timeoutMs: 10_000})
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

const at = (port: number): DeviceAddress => ({host: HOST, httpPort: 0, rpcPort: port})
const summaryReply = cgEnvelope('cgminer 4.11.1', {code: 11, message: 'Summary', status: 'S'}, 'SUMMARY', [{Elapsed: 5, 'MHS 5s': 1000}])
const poolsReply = cgEnvelope('cgminer 4.11.1', {code: 7, message: '1 Pool(s)', status: 'S'}, 'POOLS', [{POOL: 0, URL: 'stratum+tcp://a:1'}])

/** A bare TCP server whose behaviour per connection the test scripts; records what it received. */
async function rawServer(onData: (socket: Socket, request: string) => void): Promise<{port: number; requests: string[]}> {
  const requests: string[] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.once('data', (chunk) => {
      requests.push(chunk.toString('utf8'))
      onData(socket, chunk.toString('utf8'))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return {port: (server.address() as {port: number}).port, requests}
}

async function started(sim: RpcSim): Promise<RpcSim> {
  await sim.start()
  cleanups.push(() => sim.stop())
  return sim
}

describe('cgminerCommand', () => {
  it('sends the JSON form and stops at the NUL even when the peer keeps the socket open', async () => {
    const server = await rawServer((socket) => socket.write(`${JSON.stringify(summaryReply)}\u0000trailing bytes`))
    const reply = await cgminerCommand(at(server.port), 'summary', ctx)
    expect(server.requests).toEqual(['{"command":"summary"}'])
    expect(reply.SUMMARY).toEqual([{Elapsed: 5, 'MHS 5s': 1000}])
  })

  it('sends the parameter as a string field', async () => {
    const sim = await createRawRpcSim({host: HOST, reply: JSON.stringify(cgEnvelope('cgminer 4.11.1', {code: 119, message: 'ASC 0 set OK', status: 'S'}))})
    cleanups.push(() => sim.stop())
    await cgminerCommand(at(sim.port), 'ascset', ctx, {parameter: '0,fan-spd,-1'})
    expect(sim.journal.entries.map((entry) => entry.body)).toEqual(['{"command":"ascset","parameter":"0,fan-spd,-1"}'])
  })

  it('reassembles a reply split over several packets', async () => {
    const text = `${JSON.stringify(summaryReply)}\u0000`
    const server = await rawServer((socket) => {
      socket.write(text.slice(0, 10))
      setTimeout(() => socket.write(text.slice(10, 40)), 15)
      setTimeout(() => socket.write(text.slice(40)), 30)
    })
    expect((await cgminerCommand(at(server.port), 'summary', ctx)).SUMMARY).toEqual([{Elapsed: 5, 'MHS 5s': 1000}])
  })

  it('accepts a reply ended by close instead of NUL', async () => {
    const server = await rawServer((socket) => socket.end(JSON.stringify(summaryReply)))
    expect(cgminerStatus(await cgminerCommand(at(server.port), 'summary', ctx))).toEqual({
      code: 11,
      description: 'cgminer 4.11.1',
      message: 'Summary',
      status: 'S',
    })
  })

  it('gives up on a silent peer with TIMEOUT', async () => {
    const server = await rawServer(() => undefined)
    await expect(cgminerCommand(at(server.port), 'summary', ctx, {timeoutMs: 150})).rejects.toMatchObject({code: 'TIMEOUT', exitCode: 4})
  })

  it('stops reading an endless reply with RESPONSE_TOO_LARGE', async () => {
    const server = await rawServer((socket) => {
      const block = Buffer.alloc(64 * 1024, 'a')
      for (let index = 0; index < 20; index += 1) socket.write(block)
    })
    await expect(cgminerCommand(at(server.port), 'summary', ctx)).rejects.toMatchObject({code: 'RESPONSE_TOO_LARGE'})
  })

  it('turns STATUS E into DEVICE_ERROR carrying the device message', async () => {
    const sim = await createRawRpcSim({host: HOST, reply: JSON.stringify(cgEnvelope('cgminer 4.11.1', {code: 45, message: "Access denied to 'addpool' command", status: 'E'}))})
    cleanups.push(() => sim.stop())
    await expect(cgminerCommand(at(sim.port), 'addpool', ctx, {parameter: 'a,b,c'})).rejects.toMatchObject({
      code: 'DEVICE_ERROR',
      message: `127.0.0.1:${sim.port} refused "addpool": Access denied to 'addpool' command`,
    })
  })

  it('reports a refused connection as HOST_UNREACHABLE', async () => {
    const sim = await createRawRpcSim({host: HOST, reply: '{}'})
    const {port} = sim
    await sim.stop()
    await expect(cgminerCommand(at(port), 'version', ctx)).rejects.toMatchObject({code: 'HOST_UNREACHABLE'})
  })
})

describe('cgminerCommands', () => {
  const handlers = {pools: () => poolsReply, summary: () => summaryReply}

  it('joins report commands into one request and splits the reply per command', async () => {
    const sim = await started(createCgminerServer({description: 'cgminer 4.11.1', handlers, host: HOST, joinable: ['summary', 'pools'], port: 0}))
    const replies = await cgminerCommands(at(sim.port), ['summary', 'pools', 'summary'], ctx)
    expect(sim.journal.entries.map((entry) => entry.body)).toEqual(['{"command":"summary+pools"}'])
    expect(replies.summary!.SUMMARY).toEqual([{Elapsed: 5, 'MHS 5s': 1000}])
    expect(replies.pools!.POOLS).toEqual([{POOL: 0, URL: 'stratum+tcp://a:1'}])
  })

  it('falls back to parallel single commands when joins are refused', async () => {
    const sim = await started(createCgminerServer({description: 'bmminer 1.0.0', handlers, host: HOST, joinable: [], port: 0}))
    const replies = await cgminerCommands(at(sim.port), ['summary', 'pools'], ctx)
    const bodies = sim.journal.entries.map((entry) => entry.body)
    expect(bodies[0]).toBe('{"command":"summary+pools"}')
    expect(bodies.slice(1).sort()).toEqual(['{"command":"pools"}', '{"command":"summary"}'])
    expect(Object.keys(replies)).toEqual(['summary', 'pools'])
  })

  it('fails when one joined command reports an error', async () => {
    const failing = {...handlers, pools: () => cgEnvelope('cgminer 4.11.1', {code: 8, message: 'No pools', status: 'E'})}
    const sim = await started(createCgminerServer({description: 'cgminer 4.11.1', handlers: failing, host: HOST, joinable: ['summary', 'pools'], port: 0}))
    await expect(cgminerCommands(at(sim.port), ['summary', 'pools'], ctx)).rejects.toMatchObject({code: 'DEVICE_ERROR', message: expect.stringContaining('"pools": No pools')})
  })
})

describe('cgminerPlainCommand', () => {
  it('sends `command|parameter` and parses the text reply', async () => {
    const sim = await createRawRpcSim({host: HOST, reply: 'STATUS=I,When=8337,Code=118,Msg=ASC 0 set info: ok,Description=cgminer 4.11.1'})
    cleanups.push(() => sim.stop())
    const reply = await cgminerPlainCommand(at(sim.port), 'ascset', ctx, {parameter: '0,help'})
    expect(sim.journal.entries.map((entry) => entry.body)).toEqual(['ascset|0,help'])
    expect(cgminerStatus(reply)).toEqual({code: 118, description: 'cgminer 4.11.1', message: 'ASC 0 set info: ok', status: 'I'})
  })

  it('treats a reply without a status letter ("failed") as a refusal', async () => {
    const sim = await createRawRpcSim({host: HOST, reply: 'failed'})
    cleanups.push(() => sim.stop())
    await expect(cgminerPlainCommand(at(sim.port), 'ascset', ctx, {parameter: '0,setpool,a,b,0,c,d,e'})).rejects.toMatchObject({
      code: 'DEVICE_ERROR',
      message: `127.0.0.1:${sim.port} refused "ascset": failed`,
    })
  })
})
