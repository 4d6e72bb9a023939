import {writeFileSync} from 'node:fs'
import {type Server, type Socket, createServer} from 'node:net'
import {networkInterfaces} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'

// Every host on the same port pair (like 80/4028 on a LAN), on 127.88.4.x.
const HTTP = 21_000 + (process.pid % 19_000)
const RPC = 41_000 + (process.pid % 19_000)
const EVIL_HOSTNAME = 'evil\u001B]0;pwned\u0007\u001B[31mred\u001B[0m'

const servers: Server[] = []
const sockets = new Set<Socket>()
let axeos: AxeosSim
const config = tempConfig()

/** A raw TCP listener with a behaviour per connection; every socket is destroyed at the end. */
async function listen(host: string, port: number, onConnection: (socket: Socket) => void): Promise<void> {
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.on('close', () => sockets.delete(socket))
    onConnection(socket)
  })
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  servers.push(server)
}

/** Writes `chunk` every 5 ms until the peer goes away (bounded by the peer's byte cap). */
function flood(socket: Socket, head: string, chunk: string): void {
  socket.write(head)
  const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write(chunk)), 5)
  socket.on('close', () => clearInterval(timer))
}

beforeAll(async () => {
  axeos = await createAxeosSim({host: '127.88.4.10', hostname: EVIL_HOSTNAME, httpPort: HTTP, jitter: false, profile: 'axeos-2.15'})
  // A hung device: accepts connections on both ports and never answers.
  await listen('127.88.4.20', HTTP, () => undefined)
  await listen('127.88.4.20', RPC, () => undefined)
  // An endless HTTP body.
  await listen('127.88.4.21', HTTP, (socket) => flood(socket, 'HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\r\n', 'x'.repeat(65_536)))
  // A 3 MB page that names AxeOS only at its end (beyond the identification byte cap).
  await listen('127.88.4.22', HTTP, (socket) => {
    const body = `${'<p>filler</p>'.repeat(240_000)}AxeOS`
    socket.end(`HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  })
  // An RPC port streaming JSON-ish garbage forever, never a NUL.
  await listen('127.88.4.23', RPC, (socket) => flood(socket, '{"STATUS":[', '{"CGMiner":"4.11",'.repeat(4000)))
})

afterAll(async () => {
  await axeos?.stop()
  for (const socket of sockets) socket.destroy()
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))))
  config.cleanup()
})

const scanArgs = ['scan', '127.88.4.0/24', '--http-port', String(HTTP), '--rpc-port', String(RPC), '--no-mdns', '--timeout', '10000']

describe('solominer scan (built CLI, loopback LAN with hostile hosts)', () => {
  it('completes, identifies the miner and reports the hostile hosts as unidentified (--json)', async () => {
    const result = await runCli([...scanArgs, '--json'], {env: config.env})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.json.scanned).toBe(254)
    expect(result.json.devices).toHaveLength(1)
    expect(result.json.devices[0]).toMatchObject({
      discoveredBy: ['sweep'],
      driver: 'axeos',
      httpPort: HTTP,
      ip: '127.88.4.10',
      mac: axeos.mac,
      rpcPort: RPC,
    })
    expect([...result.json.devices[0].hostname].some((char: string) => char.charCodeAt(0) < 0x20)).toBe(false)
    expect(result.json.unidentified).toEqual([
      {ip: '127.88.4.20', openPorts: [HTTP, RPC].sort((a, b) => a - b)},
      {ip: '127.88.4.21', openPorts: [HTTP]},
      {ip: '127.88.4.22', openPorts: [HTTP]},
      {ip: '127.88.4.23', openPorts: [RPC]},
    ])
    expect(typeof result.json.durationMs).toBe('number')
  })

  it('prints a table without terminal escapes, the unrecognised hosts with --all, and saves the inventory', async () => {
    const result = await runCli([...scanArgs, '--all'], {env: config.env})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).not.toContain('\u001B')
    expect(result.stdout).not.toContain('\u0007')
    expect(result.stdout).toMatch(new RegExp(`127\\.88\\.4\\.10:${HTTP} +evil`))
    expect(result.stdout).toContain('Responding but not recognised:')
    expect(result.stdout).toMatch(/127\.88\.4\.23 +\d+/)
    expect(result.stdout).toMatch(/Scanned 254 addresses in [\d.]+ s: 1 miner\n?$/)

    const devices = await runCli(['devices', '--json'], {env: config.env})
    expect(devices.json.devices).toHaveLength(1)
    expect(devices.json.devices[0]).toMatchObject({httpPort: HTTP, ip: '127.88.4.10', mac: axeos.mac, rpcPort: RPC})

    const alias = await runCli(['devices', 'alias', axeos.mac.toUpperCase(), 'garage'], {env: config.env})
    expect(alias.stdout).toContain(`Named 127.88.4.10:${HTTP} "garage"`)
    const listed = await runCli(['devices'], {env: config.env})
    expect(listed.stdout).toMatch(new RegExp(`^garage +127\\.88\\.4\\.10:${HTTP}`, 'm'))
    const forgot = await runCli(['devices', 'forget', 'garage', '--json'], {env: config.env})
    expect(forgot.json.device.alias).toBe('garage')
    expect((await runCli(['devices', '--json'], {env: config.env})).json.devices).toEqual([])
  })

  it('takes targets from --targets-file and --subnet', async () => {
    const file = join(config.dir, 'targets.txt')
    writeFileSync(file, '# the miner\n127.88.4.10\n127.88.4.30, 127.88.4.31\n')
    const ports = ['--http-port', String(HTTP), '--rpc-port', String(RPC), '--no-mdns', '--no-save', '--json']
    const result = await runCli(['scan', '--targets-file', file, '--subnet', '127.88.4.20-21', ...ports], {env: config.env})
    expect(result.code, result.stderr).toBe(0)
    expect(result.json.scanned).toBe(5)
    expect(result.json.devices.map((device: {ip: string}) => device.ip)).toEqual(['127.88.4.10'])
    expect(result.json.unidentified.map((host: {ip: string}) => host.ip)).toEqual(['127.88.4.20', '127.88.4.21'])
  })

  it('refuses public targets before sending anything (exit 2, INVALID_INPUT)', async () => {
    const result = await runCli(['scan', '8.8.8.8', '--no-mdns', '--json'], {env: config.env})
    expect(result.code).toBe(2)
    expect(result.json.error).toMatchObject({code: 'INVALID_INPUT'})
    expect(result.json.error.message).toContain('8.8.8.8 is a public address')
  })

  it('explains that --interface lo is not scanned automatically, before sending anything (exit 2)', async () => {
    const lo = Object.entries(networkInterfaces()).find(([, infos]) => infos?.some((info) => info.family === 'IPv4' && info.internal))?.[0]
    if (lo === undefined) return // no IPv4 loopback interface on this system: nothing to name
    const result = await runCli(['scan', '--interface', lo, '--no-mdns', '--json'], {env: config.env})
    expect(result.code).toBe(2)
    expect(result.json.error).toMatchObject({code: 'NO_DEVICES', message: `${lo} is a loopback interface: loopback is not scanned automatically`})
    expect(result.json.error.suggestions[0]).toBe('Name loopback targets explicitly, with the HTTP port after a colon: solominer scan 127.0.0.1:8080 --no-mdns')
  })

  it('reports an unknown device name for devices alias with exit 2', async () => {
    const result = await runCli(['devices', 'alias', 'kitchen', 'x', '--json'], {env: config.env})
    expect(result.code).toBe(2)
    expect(result.json.error.code).toBe('UNKNOWN_TARGET')
  })
})
