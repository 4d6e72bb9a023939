#!/usr/bin/env node
/**
 * bench/slow-host: a bounded soak of `solominer status` against a host that sends its headers at once and
 * then its body one byte every 200 ms, for ever. The built CLI must return within --timeout plus a small
 * constant, whatever the host does.
 *
 * Reference, measured in the same run and interleaved: `status` against a healthy AxeOS simulator (process
 * start, identification and one reading). For each --timeout it prints the medians and
 *   bound = slow / (healthy + timeout)   (at most about 1: the slow host costs one deadline, no more)
 * with the worst round's (the round's own healthy run as its reference). Everything listens on 127.82.17.x; every CLI run is killed after 60 s.
 *
 * Usage: npm run build && node bench/slow-host.js [--rounds 3] [--timeouts 1000,3000]
 */
import {spawn} from 'node:child_process'
import {createServer} from 'node:net'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {option} from './common.js'

const ROUNDS = Math.min(10, Number(option('rounds', 3)))
const TIMEOUTS = String(option('timeouts', '1000,3000')).split(',').map(Number)
const KILL_AFTER_MS = 60_000
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))

/** Headers at once, then one byte of a never-ending body every 200 ms. */
async function slowBodyHost(host) {
  const sockets = new Set()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n\r\n{')
      const timer = setInterval(() => socket.write(' '), 200)
      socket.on('close', () => clearInterval(timer))
    })
  })
  await new Promise((resolve) => server.listen(0, host, resolve))
  return {
    port: server.address().port,
    stop: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

/** Runs the built CLI; resolves with its wall time and exit code (null when it had to be killed). */
function timedStatus(target, timeoutMs, home) {
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(process.execPath, [bin, 'status', target, '--timeout', String(timeoutMs), '--json'], {
      env: {
        HOME: home,
        PATH: process.env.PATH,
        SOLOMINER_CACHE_DIR: join(home, 'cache'),
        SOLOMINER_CONFIG_DIR: join(home, 'config'),
        SOLOMINER_DATA_DIR: join(home, 'data'),
        SOLOMINER_NET_ALLOW: process.env.SOLOMINER_NET_ALLOW,
        SOLOMINER_SKIP_NEW_VERSION_CHECK: 'true',
      },
      stdio: 'ignore',
    })
    const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS)
    child.on('close', (code) => {
      clearTimeout(killer)
      resolve({code, ms: performance.now() - started})
    })
  })
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const {createAxeosSim} = await import('../dist/sim/axeos.js')
const sim = await createAxeosSim({host: '127.82.17.1', httpPort: 0, jitter: false, profile: 'axeos-2.12'})
const slow = await slowBodyHost('127.82.17.2')
const home = mkdtempSync(join(tmpdir(), 'solominer-bench-slow-'))
try {
  console.log(`status against a host trickling its body (1 byte / 200 ms), ${ROUNDS} rounds per --timeout`)
  for (const timeoutMs of TIMEOUTS) {
    const healthy = []
    const trickled = []
    const codes = new Set()
    for (let round = 0; round < ROUNDS; round++) {
      healthy.push((await timedStatus(`127.82.17.1:${sim.address.httpPort}`, timeoutMs, home)).ms)
      const result = await timedStatus(`127.82.17.2:${slow.port}`, timeoutMs, home)
      trickled.push(result.ms)
      codes.add(result.code)
    }
    const bound = median(trickled) / (median(healthy) + timeoutMs)
    const worst = Math.max(...trickled.map((ms, round) => ms / (healthy[round] + timeoutMs)))
    console.log(
      `--timeout ${timeoutMs}: healthy ${median(healthy).toFixed(0)} ms, slow host ${median(trickled).toFixed(0)} ms ` +
        `(exit ${[...codes].join('/')}); bound = slow / (healthy + timeout) = ${bound.toFixed(2)} (worst round ${worst.toFixed(2)})`,
    )
  }
} finally {
  await slow.stop()
  await sim.stop()
  rmSync(home, {force: true, recursive: true})
}
