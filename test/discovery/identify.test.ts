import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {type Server, type Socket, createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AppContext, createContext} from '../../src/lib/context.js'
import type {DeviceAddress} from '../../src/lib/devices/model.js'
import {identifyAddress} from '../../src/lib/discovery/identify.js'
import {DISCOVERY_HOOKS, DRIVER_IDS, SIGNATURES} from '../../src/lib/devices/registry.js'
import {matchSignature} from '../../src/lib/devices/signatures.js'
import {HttpSim, type SimHandler, jsonReply} from '../../src/sim/http-sim.js'
import {RpcSim} from '../../src/sim/rpc-sim.js'
import {createAxeosSim} from '../../src/sim/axeos.js'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/discovery/${name}`, import.meta.url), 'utf8')

let dir: string
let ctx: AppContext
const running: Array<{stop(): Promise<void>}> = []

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'solominer-identify-'))
  // Generous: a loaded machine answers late; only the silent-socket test wants a deadline to pass.
  ctx = createContext({paths: {cacheDir: dir, configDir: dir, dataDir: dir}, timeoutMs: 10_000})
})
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()))
})
afterAll(async () => {
  await ctx.close()
  rmSync(dir, {force: true, recursive: true})
})

async function http(host: string, handler: SimHandler): Promise<HttpSim> {
  const sim = new HttpSim({host, port: 0}, handler)
  await sim.start()
  running.push(sim)
  return sim
}

async function rpc(host: string, reply: (command: string) => string | undefined): Promise<RpcSim> {
  const sim = new RpcSim({host, port: 0}, (request) => reply(request.command))
  await sim.start()
  running.push(sim)
  return sim
}

/** A port that accepts connections and never says anything (a hung device). */
async function silent(host: string): Promise<number> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  running.push({
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  })
  return (server.address() as {port: number}).port
}

const address = (host: string, httpPort: number, rpcPort: number): DeviceAddress => ({host, httpPort, rpcPort})

describe('signature table', () => {
  it('matches the real RPC version replies of each cgminer dialect', () => {
    const rpcOf = (name: string) => ({rpc: fixture(name).toUpperCase()})
    expect(matchSignature(rpcOf('bmminer-s9-version.json'), SIGNATURES)?.driver).toBe('antminer')
    expect(matchSignature(rpcOf('bosminer-s9-0.2.0-version.json'), SIGNATURES)?.driver).toBe('braiins')
    expect(matchSignature(rpcOf('avalon-q-version.json'), SIGNATURES)?.driver).toBe('avalon')
    // btminer's version reply names nothing: identification asks devdetails next.
    expect(matchSignature(rpcOf('whatsminer-v2-get_version.json'), SIGNATURES)).toBeNull()
  })

  it('lets custom firmware win over the stock firmware it replaces, and generic cgminer come last', () => {
    expect(matchSignature({'http-realm': 'Digest realm="antMiner Configuration"', rpc: 'BOSMINER 0.2.0'}, SIGNATURES)?.driver).toBe('braiins')
    expect(matchSignature({rpc: '"CGMINER":"4.11.1","PROD":"AVALON NANO3S"'}, SIGNATURES)?.driver).toBe('avalon')
    expect(matchSignature({rpc: '"CGMINER":"4.12.0"'}, SIGNATURES)?.driver).toBe('cgminer')
    expect(SIGNATURES.at(-1)!.driver).toBe('cgminer')
  })

  it("has each family's own signatures, and every registered family recognisable", () => {
    for (const hook of DISCOVERY_HOOKS) expect(new Set(hook.signatures.map((signature) => signature.driver)).size).toBe(1)
    expect(DISCOVERY_HOOKS.map((hook) => hook.signatures[0]!.driver).sort()).toEqual([...DRIVER_IDS].sort())
  })

  it('recognises AxeOS by the /api/system/info shape (real 2.4.5 reply)', () => {
    const keys = Object.keys(JSON.parse(fixture('bitaxe-supra-2.4.5-system_info.json'))).join(' ')
    expect(matchSignature({'info-keys': keys}, SIGNATURES)?.driver).toBe('axeos')
    expect(matchSignature({'info-keys': 'hue bridgeid name'}, SIGNATURES)).toBeNull()
  })
})

describe('identifyAddress', () => {
  it('identifies a stock Antminer by its digest realm and bmminer reply, asking GET / and version once each', async () => {
    const host = '127.0.21.2'
    const web = await http(host, () => ({
      headers: {'www-authenticate': 'Digest realm="antMiner Configuration", nonce="abc", qop="auth"'},
      status: 401,
    }))
    const api = await rpc(host, (command) => (command === 'version' ? fixture('bmminer-s9-version.json') : undefined))
    const identity = await identifyAddress(address(host, web.port, api.port), ctx, {openPorts: [web.port, api.port]})
    expect(identity?.driver).toBe('antminer')
    expect(api.journal.entries.filter((entry) => entry.path === 'version')).toHaveLength(1)
    expect(api.journal.entries[0]!.body).toBe('{"command":"version"}')
    expect(web.journal.entries[0]).toMatchObject({method: 'GET', path: '/'})
  })

  it('identifies Braiins OS (bosminer) and an Avalon from their real version replies', async () => {
    const bos = await rpc('127.0.21.3', () => fixture('bosminer-s9-0.2.0-version.json'))
    const avalon = await rpc('127.0.21.4', () => fixture('avalon-q-version.json'))
    expect((await identifyAddress(address('127.0.21.3', 1, bos.port), ctx, {openPorts: [bos.port]}))?.driver).toBe('braiins')
    expect((await identifyAddress(address('127.0.21.4', 1, avalon.port), ctx, {openPorts: [avalon.port]}))?.driver).toBe('avalon')
  })

  it('asks devdetails when version names nothing (Whatsminer)', async () => {
    const api = await rpc('127.0.21.5', (command) =>
      command === 'version'
        ? fixture('whatsminer-v2-get_version.json')
        : '{"STATUS":[{"STATUS":"S","Msg":"Device Details","Description":"btminer"}],"DEVDETAILS":[{"Model":"M30S+"}]}',
    )
    const identity = await identifyAddress(address('127.0.21.5', 1, api.port), ctx, {openPorts: [api.port]})
    expect(identity?.driver).toBe('whatsminer')
    expect(api.journal.entries.slice(0, 2).map((entry) => entry.body)).toEqual(['{"command":"version"}', '{"command":"devdetails"}'])
  })

  it('identifies an Apollo by its 308 to /overview and a Whatsminer by its 307 to https', async () => {
    const apollo = await http('127.0.21.6', () => ({headers: {location: '/overview'}, status: 308}))
    const whatsminer = await http('127.0.21.7', () => ({headers: {location: 'https://127.0.21.7/'}, status: 307}))
    expect((await identifyAddress(address('127.0.21.6', apollo.port, 1), ctx, {openPorts: [apollo.port]}))?.driver).toBe('apollo')
    expect((await identifyAddress(address('127.0.21.7', whatsminer.port, 1), ctx, {openPorts: [whatsminer.port]}))?.driver).toBe(
      'whatsminer',
    )
  })

  it('identifies AxeOS from /api/system/info when the index page carries no marker', async () => {
    const info = JSON.parse(fixture('bitaxe-supra-2.4.5-system_info.json'))
    const web = await http('127.0.21.8', (request) =>
      request.path === '/api/system/info' ? jsonReply(info) : {body: '<html><body>app</body></html>', status: 200},
    )
    const identity = await identifyAddress(address('127.0.21.8', web.port, 1), ctx, {openPorts: [web.port]})
    expect(identity?.driver).toBe('axeos')
    expect(web.journal.entries.map((entry) => entry.path)).toContain('/api/system/info')
  })

  it('identifies the AxeOS simulator (index page marker) with the full identity from the driver', async () => {
    const sim = await createAxeosSim({host: '127.0.21.9', httpPort: 0, jitter: false, profile: 'axeos-2.15'})
    running.push(sim)
    const identity = await identifyAddress(sim.address, ctx, {openPorts: [sim.address.httpPort]})
    expect(identity).toMatchObject({driver: 'axeos', mac: sim.mac})
  })

  it('returns null for a web server it does not know, and throws TIMEOUT for a silent socket within its deadline', async () => {
    const web = await http('127.0.21.10', () => ({body: '<html>router</html>', status: 200}))
    expect(await identifyAddress(address('127.0.21.10', web.port, 1), ctx, {openPorts: [web.port]})).toBeNull()
    const hung = await silent('127.0.21.11')
    const hungRpc = await silent('127.0.21.11')
    const short = createContext({paths: ctx.paths, timeoutMs: 800})
    try {
      await expect(identifyAddress(address('127.0.21.11', hung, hungRpc), short, {openPorts: [hung, hungRpc]})).rejects.toMatchObject({
        code: 'TIMEOUT',
        exitCode: 4,
        message: '127.0.21.11 accepts connections but did not answer within 800 ms',
      })
    } finally {
      await short.close()
    }
  })
})
