/**
 * AxeOS live websocket peers that stall: one that accepts the TCP connection and never answers the upgrade,
 * and one that completes the upgrade and then trickles its first frame one byte at a time. Subscribing
 * gives up at the deadline (UNSUPPORTED: the caller falls back to polling) instead of waiting.
 */
import {createHash} from 'node:crypto'

import {afterAll, afterEach, describe, expect, it} from 'vitest'

import {createContext} from '../../../src/lib/context.js'
import {subscribeLive} from '../../../src/lib/devices/axeos/live.js'
import {type HostileServer, hostileServer, silentTcp} from '../../helpers/hostile.js'

const TIMEOUT_MS = 600
const TEST_BOUND_MS = 15_000
const ctx = createContext({paths: {cacheDir: '/nonexistent', configDir: '/nonexistent', dataDir: '/nonexistent'}, timeoutMs: TIMEOUT_MS})
let server: HostileServer | undefined
afterEach(async () => {
  await server?.stop()
  server = undefined
})
afterAll(() => ctx.close())

/** Completes the websocket upgrade, then sends a 125-byte text frame one byte every 200 ms. */
function tricklingWebsocket(host: string): Promise<HostileServer> {
  return hostileServer(host, (socket, every) => {
    socket.once('data', (chunk: Buffer) => {
      const key = /sec-websocket-key:\s*(\S+)/i.exec(chunk.toString('latin1'))?.[1] ?? ''
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64')
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\n\r\n`)
      const frame = Buffer.concat([Buffer.from([0x81, 125]), Buffer.from(`{"event":"update","data":{"hashRate":1000${' '.repeat(125 - 39)}}}`)])
      let index = 0
      every(200, () => index < frame.length && socket.write(frame.subarray(index, ++index)))
    })
  })
}

describe('the AxeOS live websocket', () => {
  it.each([
    ['never answers the upgrade', silentTcp],
    ['trickles its first frame', tricklingWebsocket],
  ])('a peer that %s: UNSUPPORTED at the deadline, so the caller polls', async (_name, make) => {
    server = await make('127.82.14.1')
    const statuses: unknown[] = []
    const subscription = subscribeLive({host: server.host, httpPort: server.port, rpcPort: 1}, ctx, (status) => statuses.push(status))
    await expect(subscription).rejects.toMatchObject({code: 'UNSUPPORTED', message: expect.stringContaining(`${server.host} offers no live updates`)})
    expect(statuses).toEqual([])
  }, TEST_BOUND_MS)
})
