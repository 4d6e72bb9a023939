#!/usr/bin/env node
/**
 * bench/status: 500 simulated AxeOS devices (each on its own 127.0.x.y address, ephemeral port) read
 * through the status service, as `solominer status all` does with a 500-device inventory.
 *
 * The simulators run in a child process, so the RSS measured is the client's alone. Prints the first,
 * cold round's wall time (what one `status` run does) and peak RSS against the targets (<= 3 s,
 * <= 200 MB), and the median warm round as a ratio to references measured in the same run: bare undici
 * GETs of /api/system/info on every device, sequential and with the same concurrency (the floor for any
 * client against the same simulators on the same cores).
 *
 * Usage: npm run build:dev && node bench/status.js [--devices 500] [--concurrency 64] [--rounds 3]
 */
import {fork} from 'node:child_process'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

import {hasFlag, numberOption as option, startAxeosFleet} from './common.js'

const DEVICES = option('devices', 500)
const CONCURRENCY = option('concurrency', 64)
const ROUNDS = option('rounds', 3)
const TARGET_MS = 3000
const TARGET_RSS_MB = 200

if (hasFlag('serve')) await serve()
else await main()

/** Child: starts the simulators and reports their addresses; stops when the parent disconnects. */
async function serve() {
  const sims = await startAxeosFleet(DEVICES, (host) => ({hostname: `bitaxe-${host.replaceAll('.', '-')}`}))
  // Warm the simulators up (first-request costs in this process), as real devices are always running.
  const {request} = await import('undici')
  for (const {address} of sims) await (await request(`http://${address.host}:${address.httpPort}/api/system/info`)).body.text()
  process.send({addresses: sims.map((sim) => sim.address)})
  process.on('disconnect', async () => {
    await Promise.all(sims.map((sim) => sim.stop()))
    process.exit(0)
  })
}

async function main() {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', '--devices', String(DEVICES)], {stdio: 'inherit'})
  const {addresses} = await new Promise((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', (code) => reject(new Error(`simulators exited with ${code}`)))
  })
  try {
    const {createContext} = await import('../dist/lib/context.js')
    const {readStatuses} = await import('../dist/lib/status/service.js')
    const targets = addresses.map((address) => ({address, identity: identity(address), target: address.host}))
    // The driver module loads on first use; timed apart so the reading itself compares with the reference.
    const importStarted = performance.now()
    await (await import('../dist/lib/devices/registry.js')).loadDriver('axeos')
    const importMs = performance.now() - importStarted

    const rssBefore = process.memoryUsage().rss
    let peakRss = rssBefore
    const rounds = []
    let report
    // Rounds interleave the service and the reference, so a busy machine slows both alike; medians
    // reported. Peak RSS is the first round's, the only one a `status` process would run.
    for (let round = 0; round < ROUNDS; round++) {
      const sampler = round === 0 ? setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10) : undefined
      const ctx = createContext({paths: {cacheDir: '/nonexistent', configDir: '/nonexistent', dataDir: '/nonexistent'}, timeoutMs: 5000})
      const cpuBefore = process.cpuUsage()
      const started = performance.now()
      report = await readStatuses(targets, ctx, {concurrency: CONCURRENCY})
      const wallMs = performance.now() - started
      const cpu = process.cpuUsage(cpuBefore)
      clearInterval(sampler)
      if (round === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
      await ctx.close()
      rounds.push({...(await referenceLoops(addresses)), cpuMs: (cpu.user + cpu.system) / 1000, wallMs})
    }

    const median = (key) => rounds.map((round) => round[key]).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]
    const wallMs = median('wallMs')
    // A `status` process reads once, cold (first use of its code paths): that round is held to the target.
    const totalMs = importMs + rounds[0].wallMs
    const failed = report.devices.filter((device) => !device.ok)
    const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1)
    const ms = (value) => `${value.toFixed(0)} ms`
    console.log(`bench/status: ${DEVICES} AxeOS simulators, concurrency ${CONCURRENCY}, ${ROUNDS} rounds`)
    console.log(`  status, cold     ${ms(rounds[0].wallMs)} wall + ${ms(importMs)} driver load = ${ms(totalMs)} (target <= ${TARGET_MS} ms: ${totalMs <= TARGET_MS ? 'PASS' : 'FAIL'})`)
    console.log(`  status, warm     median ${ms(wallMs)}; rounds: ${rounds.map((r) => ms(r.wallMs)).join(', ')}`)
    console.log(`  peak RSS         ${mb(peakRss)} MB (before ${mb(rssBefore)} MB; target <= ${TARGET_RSS_MB} MB: ${peakRss / 1024 / 1024 <= TARGET_RSS_MB ? 'PASS' : 'FAIL'})`)
    console.log(`  devices read     ${report.totals.online}/${report.totals.devices} (${failed.length} failed${failed[0] ? `, e.g. ${failed[0].error.message}` : ''})`)
    console.log(`  client CPU       ${ms(median('cpuMs'))} (${(median('cpuMs') / DEVICES).toFixed(2)} ms/device); rounds: ${rounds.map((r) => ms(r.cpuMs)).join(', ')}`)
    console.log(`  reference        bare undici GET, sequential: ${ms(median('sequentialMs'))}; ${CONCURRENCY} at once: ${ms(median('parallelMs'))}`)
    console.log(`  ratio (medians)  status / bare parallel = ${(wallMs / median('parallelMs')).toFixed(2)}x; status / bare sequential = ${(wallMs / median('sequentialMs')).toFixed(2)}x`)
    process.exitCode = failed.length === 0 && totalMs <= TARGET_MS && peakRss / 1024 / 1024 <= TARGET_RSS_MB ? 0 : 1
  } finally {
    child.disconnect()
  }
}

function identity(address) {
  return {address, asic: 'BM1370', driver: 'axeos', firmware: 'AxeOS', firmwareVersion: 'v2.13.0', hostname: null, mac: null, make: 'Bitaxe', model: 'Gamma 601'}
}

/**
 * One plain GET + JSON.parse per device: one after the other, then `CONCURRENCY` at a time, each with
 * a fresh connection pool (as a status run starts with none).
 */
async function referenceLoops(addresses) {
  const {Agent, request} = await import('undici')
  const timed = async (run) => {
    const dispatcher = new Agent()
    const get = async ({host, httpPort}) => JSON.parse(await (await request(`http://${host}:${httpPort}/api/system/info`, {dispatcher})).body.text())
    const started = performance.now()
    await run(get)
    const ms = performance.now() - started
    await dispatcher.close()
    return ms
  }
  const sequentialMs = await timed(async (get) => {
    for (const address of addresses) await get(address)
  })
  const parallelMs = await timed(async (get) => {
    let next = 0
    const lane = async () => {
      while (next < addresses.length) await get(addresses[next++])
    }
    await Promise.all(Array.from({length: CONCURRENCY}, lane))
  })
  return {parallelMs, sequentialMs}
}
