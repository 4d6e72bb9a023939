/**
 * The sweep's retry pass, on loopback: a device that ignores its first connection attempt (a cold ARP
 * cache, a Wi-Fi miner in power save) is still found. Loopback answers every SYN, so the test makes one go
 * unanswered the way Linux does it: a listener whose accept queue is full drops new SYNs. The listener is a
 * child process stopped with SIGSTOP while fillers take its queue, and continued (so it drains the queue)
 * just after the sweep's first SYN has been dropped; the client would resend that SYN only after 1 s, past
 * the first attempt's timeout, so only the retry can connect.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {Socket, connect} from 'node:net'

import {afterEach, describe, expect, it} from 'vitest'

import {sweep} from '../../src/lib/discovery/sweep.js'

const HOST = `127.86.${process.pid % 250}.${1 + (Math.floor(process.pid / 250) % 250)}`
/** First attempt well under the 1 s SYN resend, so that it cannot succeed on its own. */
const CONNECT_TIMEOUT_MS = 500
const LISTENER = `
const server = require('node:net').createServer((socket) => socket.on('error', () => {}))
server.listen({backlog: 1, host: process.argv[1], port: 0}, () => process.stdout.write(server.address().port + '\\n'))
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
`

let listener: ChildProcess | undefined
const fillers: Socket[] = []

afterEach(() => {
  listener?.kill('SIGCONT')
  listener?.kill('SIGKILL')
  listener = undefined
  for (const socket of fillers.splice(0)) socket.destroy()
})

function startListener(): Promise<number> {
  listener = spawn(process.execPath, ['-e', LISTENER, HOST], {stdio: ['pipe', 'pipe', 'inherit']})
  return new Promise((resolve, reject) => {
    listener!.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())))
    listener!.once('exit', (code) => reject(new Error(`listener exited with ${code}`)))
  })
}

/** Connects one socket; true when the handshake completes within `ms`. The socket is kept open. */
function fill(port: number, ms: number): Promise<boolean> {
  const socket = connect({host: HOST, port})
  fillers.push(socket)
  socket.on('error', () => undefined)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    socket.once('connect', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

/** Stops the listener and fills its accept queue until a connection goes unanswered (bounded). */
async function fillAcceptQueue(port: number): Promise<void> {
  listener!.kill('SIGSTOP')
  for (let attempt = 0; attempt < 8; attempt++) {
    if (!(await fill(port, 300))) {
      fillers.pop()!.destroy()
      return
    }
  }
  throw new Error('the accept queue never filled up')
}

describe.skipIf(process.platform !== 'linux')('sweep retry pass (Linux loopback)', () => {
  it('finds a device that ignored the first connection attempt', async () => {
    const port = await startListener()
    await fillAcceptQueue(port)
    const swept = sweep([{ip: HOST, ports: [port]}], {timeoutMs: CONNECT_TIMEOUT_MS})
    // The first SYN leaves on this tick's connect; a timer runs only after it, so it is already dropped.
    setTimeout(() => listener?.kill('SIGCONT'), 20)
    expect(await swept).toEqual([{ip: HOST, openPorts: [port], ports: [port]}])
  }, 15_000)

  it('reports nothing for an address that stays silent on both attempts', async () => {
    const port = await startListener()
    await fillAcceptQueue(port)
    expect(await sweep([{ip: HOST, ports: [port]}], {timeoutMs: CONNECT_TIMEOUT_MS})).toEqual([])
  }, 15_000)
})
