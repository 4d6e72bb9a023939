#!/usr/bin/env node
/**
 * bench/serve: `serve` watching 500 simulated AxeOS devices (each on its own 127.0.x.y address, or --net) for a
 * bounded soak, at the default 10 s interval (AxeOS 2.13 is polled every 15 s at most, as in `watch`).
 * The service runs in this process, the simulators in a child (so RSS and CPU are serve's alone).
 *
 * Prints: CPU time per device poll and per second, against a reference measured in the same run (a bare
 * poll loop: undici GET + JSON.parse of every device, 64 at a time, the floor for any poller); peak RSS
 * (goal <= 150 MB) and RSS growth from the first to the last quarter of the soak (goal: flat); GET
 * /metrics time for 500 devices (goal <= 50 ms); and the latency from a simulated block to the webhook
 * receiver (goal: within one interval).
 *
 * Usage: npm run build:dev && node bench/serve.js [--devices 500] [--duration 600] (seconds) [--net 127.0]
 */
import {fork} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {createServer} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

import {NET, hasFlag, numberOption as option, startAxeosFleet} from './common.js'

const DEVICES = option('devices', 500)
const DURATION_S = option('duration', 600)
const INTERVAL_MS = 10_000
const CONCURRENCY = 64
const GOALS = {metricsMs: 50, rssMb: 150}

if (hasFlag('simulators')) await simulators()
else await main()

/** Child: the simulators; on 'block' a device finds one; reports the requests they answered. */
async function simulators() {
  const sims = await startAxeosFleet(DEVICES, () => ({jitter: false}))
  process.send({addresses: sims.map((sim) => sim.address)})
  process.on('message', (message) => {
    if (message.block !== undefined) {
      sims[message.block].recordShare(2e14, {block: true})
      process.send({blockAt: Date.now()})
    }
    if (message.count) process.send({requests: sims.reduce((total, sim) => total + sim.journals[0].entries.filter((entry) => entry.path === '/api/system/info').length, 0)})
  })
  process.on('disconnect', async () => {
    await Promise.all(sims.map((sim) => sim.stop()))
    process.exit(0)
  })
}

async function main() {
  const child = fork(fileURLToPath(import.meta.url), ['--simulators', '--devices', String(DEVICES), '--net', NET], {stdio: 'inherit'})
  const ask = (message, key) =>
    new Promise((resolve) => {
      const listener = (reply) => {
        if (reply[key] === undefined) return
        child.off('message', listener)
        resolve(reply[key])
      }
      child.on('message', listener)
      if (message) child.send(message)
    })
  const addresses = await ask(null, 'addresses')
  const stateDir = mkdtempSync(join(tmpdir(), 'solominer-bench-serve-'))
  const webhook = await receiver()
  const stop = new AbortController()
  try {
    const reference = await bareLoop(addresses, 3)
    const {request} = await import('undici')
    const requestsBefore = await ask({count: true}, 'requests')
    const {createContext} = await import('../dist/lib/context.js')
    const {runServe} = await import('../dist/lib/serve/service.js')
    const {parseNotifyUrl} = await import('../dist/lib/serve/notify/targets.js')
    const ctx = createContext({paths: {cacheDir: stateDir, configDir: stateDir, dataDir: stateDir}, signal: stop.signal, timeoutMs: 5000})
    const targets = addresses.map((address) => ({address, identity: null, target: address.host}))
    let url = ''
    const started = new Promise((resolve) => {
      const cpuBefore = process.cpuUsage()
      const serving = runServe(targets, ctx, {
        authToken: null, difficulty: 100e12, intervalMs: INTERVAL_MS, listen: {host: `${NET}.9.2`, port: 0}, live: false,
        notify: [parseNotifyUrl(`json://${webhook.host}/hook`, {})], offlineAfter: 3, stateDir,
      }, {onEvent: (event) => event.event === 'started' && resolve({cpuBefore, serving, url: (url = event.data.url)}), onWarning: (line) => console.error(line)})
      serving.catch((error) => console.error(error))
    })
    const {cpuBefore, serving} = await started
    const soakStarted = performance.now()
    const rss = []
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1000)
    const metricsMs = []
    const latencies = []
    let nextBlock = 0
    while (performance.now() - soakStarted < DURATION_S * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 5000))
      const scrapeStarted = performance.now()
      await (await request(`${url}/metrics`)).body.text()
      metricsMs.push(performance.now() - scrapeStarted)
      // Every 30 s a device finds a block; the latency is to the webhook receiver.
      if (metricsMs.length % 6 === 0 && nextBlock < DEVICES) {
        const received = webhook.next((event) => event.event === 'block-found')
        const blockAt = await ask({block: nextBlock++}, 'blockAt')
        latencies.push((await received) - blockAt)
      }
    }
    const soakS = (performance.now() - soakStarted) / 1000
    const renderMs = await renderTimes(targets.length)
    const cpu = process.cpuUsage(cpuBefore)
    clearInterval(sampler)
    const requests = (await ask({count: true}, 'requests')) - requestsBefore
    stop.abort()
    await serving
    await ctx.close()

    const cpuMs = (cpu.user + cpu.system) / 1000
    const quarter = Math.max(1, Math.floor(rss.length / 4))
    const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length
    const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1)
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    const peak = Math.max(...rss)
    const perPoll = cpuMs / requests
    console.log(`bench/serve: ${DEVICES} AxeOS 2.13 simulators, interval ${INTERVAL_MS / 1000} s, soak ${soakS.toFixed(0)} s`)
    console.log(`  device polls     ${requests} (${(requests / DEVICES).toFixed(1)} rounds)`)
    console.log(`  serve CPU        ${cpuMs.toFixed(0)} ms = ${perPoll.toFixed(3)} ms per device poll, ${(cpuMs / soakS).toFixed(1)} ms/s (${((cpuMs / soakS) / 10).toFixed(1)} % of a core)`)
    console.log(`  reference        bare poll loop: ${reference.toFixed(3)} ms CPU per device poll`)
    console.log(`  ratio            serve / bare = ${(perPoll / reference).toFixed(2)}x CPU per device poll`)
    console.log(`  peak RSS         ${mb(peak)} MB (goal <= ${GOALS.rssMb} MB: ${peak / 1024 / 1024 <= GOALS.rssMb ? 'PASS' : 'FAIL'})`)
    console.log(`  RSS growth       ${mb(mean(rss.slice(-quarter)) - mean(rss.slice(0, quarter)))} MB, first to last quarter (goal: flat)`)
    console.log(`  /metrics render  median ${median(renderMs).toFixed(1)} ms for ${DEVICES} devices over ${renderMs.length} renderings (goal <= ${GOALS.metricsMs} ms: ${median(renderMs) <= GOALS.metricsMs ? 'PASS' : 'FAIL'}; once per poll round that read something)`)
    // Latency as Prometheus sees it: a scrape during a poll round waits for it.
    console.log(`  GET /metrics     median ${median(metricsMs).toFixed(1)} ms, max ${Math.max(...metricsMs).toFixed(1)} ms over ${metricsMs.length} scrapes during the soak`)
    if (latencies.length > 0) {
      console.log(`  block → webhook  median ${(median(latencies) / 1000).toFixed(1)} s, max ${(Math.max(...latencies) / 1000).toFixed(1)} s over ${latencies.length} blocks (goal: within ${INTERVAL_MS / 1000} s + the 15 s AxeOS minimum)`)
    }
  } finally {
    stop.abort()
    webhook.close()
    child.disconnect()
    rmSync(stateDir, {force: true, recursive: true})
  }
}

/** Rendering times (ms) of the exposition for `devices` devices, each time a new poll round. */
async function renderTimes(devices) {
  const {FleetView} = await import('../dist/lib/serve/fleet-view.js')
  const {createMetricsRenderer} = await import('../dist/lib/serve/metrics.js')
  const renderer = await createMetricsRenderer()
  const view = new FleetView(null)
  view.difficulty = 100e12
  const row = (i) => ({
    alias: null, bestDifficulty: 5e9, bestSessionDifficulty: 2e7, blocksFound: 0, driver: 'axeos', efficiency: 16.5, expectedHashrate: 1.1e12,
    fanRpm: 4000, firmware: 'AxeOS', firmwareVersion: 'v2.13.0', hashrate: 1.05e12 + i, hostname: `bitaxe-${i}`, httpPort: 80, ip: `127.0.${10 + Math.floor(i / 250)}.${1 + (i % 250)}`,
    mac: `02:00:00:00:${String(Math.floor(i / 256)).padStart(2, '0')}:${(i % 256).toString(16).padStart(2, '0')}`, make: 'Bitaxe', model: 'Gamma 601', ok: true,
    pool: {fallback: false, url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq.bitaxe'}, power: 17.6,
    readAt: new Date().toISOString(), rpcPort: 4028, sharesAccepted: 100, sharesRejected: 1, target: 'x', temperature: 60, uptimeSeconds: 3600, vrTemperature: 50, warnings: [],
  })
  const times = []
  for (let round = 0; round < 10; round++) {
    view.record({alerts: [], at: '', devices: Array.from({length: devices}, (_, i) => ({...row(i), history: [], source: 'poll'})), durationMs: 1, poll: round + 1, totals: {}})
    const started = performance.now()
    await renderer.render(view)
    times.push(performance.now() - started)
  }
  return times
}

/** The webhook receiver: resolves `next(match)` with the time (ms) the matching event arrived. */
async function receiver() {
  const waiting = []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      const at = Date.now()
      const event = JSON.parse(body)
      for (const wait of waiting.filter((candidate) => candidate.match(event))) {
        waiting.splice(waiting.indexOf(wait), 1)
        wait.resolve(at)
      }
      response.writeHead(204).end()
    })
  })
  await new Promise((resolve) => server.listen(0, `${NET}.9.1`, resolve))
  return {
    close: () => server.close(),
    host: `${NET}.9.1:${server.address().port}`,
    next: (match) => new Promise((resolve) => waiting.push({match, resolve})),
  }
}

/** CPU ms per device poll of a bare loop: GET /api/system/info + JSON.parse, 64 at a time, `rounds` rounds. */
async function bareLoop(addresses, rounds) {
  const {Agent, request} = await import('undici')
  const dispatcher = new Agent()
  const before = process.cpuUsage()
  for (let round = 0; round < rounds; round++) {
    let next = 0
    const lane = async () => {
      while (next < addresses.length) {
        const {host, httpPort} = addresses[next++]
        JSON.parse(await (await request(`http://${host}:${httpPort}/api/system/info`, {dispatcher})).body.text())
      }
    }
    await Promise.all(Array.from({length: CONCURRENCY}, lane))
  }
  const cpu = process.cpuUsage(before)
  await dispatcher.close()
  return (cpu.user + cpu.system) / 1000 / (rounds * addresses.length)
}
