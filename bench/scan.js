#!/usr/bin/env node
/**
 * bench/scan: `solominer scan` with no target, run inside a network namespace whose only interface is on
 *   A) a /24 with 10 miners, and B) a /22 with 400 miners,
 * every other address silent (no host behind it: no ARP reply, connects time out, as on a real LAN). Timed
 * against `nmap -sT -p 80,4028 -T4 -n <subnet>` run in the same namespace in the same run (nmap only finds
 * open ports; solominer also identifies every miner and reads its hashrate). Prints wall time, the scan's
 * own durationMs, the ratio to nmap, and missed devices. Targets: A <= 1.5 s, B <= 6 s, 0 missed.
 *
 * What is timed: for both tools the wall time of the whole process (solominer's includes Node and oclif
 * start-up), plus solominer's own durationMs (targets apply to it). Each scenario runs both tools --runs
 * times, rotating which goes first, and prints the median and range: other processes on the machine
 * make single runs noisy. The simulators are one Node process for all devices, whose CPU competes with the
 * scanner's (on a real LAN every device has its own); --sim-nice N runs them at a lower priority (default
 * 0: at 10 they also lose to every other process on a shared machine, which did not help).
 *
 * Needs root (network namespaces) and nmap (installed with apt-get when missing). Bounded: every child
 * process is killed after 60 s and the namespaces are always removed.
 *
 * Usage: npm run build:dev && node bench/scan.js [--mdns] [--runs 3] [--sim-nice 0] [--baseline <built tree>]
 *   (mDNS off by default: nmap has none)
 */
import {execFileSync} from 'node:child_process'
import os from 'node:os'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const {createNetnsLan, netnsName, netnsUnavailable} = await import(`${root}dist/sim/netns.js`)
const {AXEOS_PROFILES} = await import(`${root}dist/sim/axeos.js`)

const CHILD_LIMIT_MS = 60_000
const withMdns = process.argv.includes('--mdns')
const runs = Math.min(9, Math.max(1, Number(optionValue('--runs', '3'))))
const simNice = Math.min(19, Math.max(0, Number(optionValue('--sim-nice', '0'))))
// --baseline <dir>: also time another built tree (e.g. a copy from before a change) in the same runs.
const baseline = optionValue('--baseline', undefined)
const builds = [{name: 'solominer', root}, ...(baseline ? [{name: 'baseline', root: `${baseline.replace(/\/$/, '')}/`}] : [])]

function optionValue(name, fallback) {
  const index = process.argv.indexOf(name)
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback)
}

const scenarios = [
  {
    // The home fleet (8 miners of every family) plus two more Bitaxes, on a /24.
    base: '10.215.1',
    devices: [...Array.from({length: 8}, (_, index) => `10.215.1.${11 + index}`), '10.215.1.100', '10.215.1.200'],
    name: 'A: /24, 10 miners',
    prefix: 24,
    scanner: '10.215.1.1',
    spec: (hosts) => ({axeos: hosts.slice(8).map((host) => ({host, profile: 'axeos-2.15'})), fleetHostBase: '10.215.1'}),
    targetMs: 1500,
  },
  {
    // 400 AxeOS-family miners of every profile spread over a /22 (622 silent addresses).
    base: '10.216.0',
    devices: Array.from({length: 400}, (_, index) => numberToIp(ipToNumber('10.216.0.0') + 2 + Math.floor((index * 1020) / 400))),
    name: 'B: /22, 400 miners',
    prefix: 22,
    scanner: '10.216.0.1',
    spec: (hosts) => {
      const profiles = Object.keys(AXEOS_PROFILES)
      return {axeos: hosts.map((host, index) => ({host, profile: profiles[index % profiles.length]}))}
    },
    targetMs: 6000,
  },
]

function ipToNumber(ip) {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0)
}

function numberToIp(value) {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.')
}

function ensureNmap() {
  try {
    execFileSync('nmap', ['--version'], {stdio: 'ignore'})
  } catch {
    console.log('Installing nmap (apt-get)...')
    execFileSync('apt-get', ['install', '-y', '-qq', 'nmap'], {stdio: 'ignore', timeout: 120_000})
  }
}

/** Runs a command inside a namespace, returns its stdout and wall time. */
function timed(lan, namespace, command, args) {
  const started = performance.now()
  const stdout = execFileSync('ip', ['netns', 'exec', namespace, command, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: CHILD_LIMIT_MS,
  })
  return {ms: performance.now() - started, stdout}
}

function startDevices(lan, spec) {
  const runner = [process.execPath, `${root}dist/sim/lan-runner.js`, JSON.stringify(spec)]
  const child = lan.spawnIn(lan.devices, 'nice', ['-n', String(simNice), ...runner])
  const killer = setTimeout(() => child.kill('SIGKILL'), CHILD_LIMIT_MS * 2)
  return new Promise((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
      if (output.includes('\n')) resolve({child, killer})
    })
    child.on('close', (code) => reject(new Error(`simulators exited with ${code}`)))
  })
}

async function stopDevices({child, killer}) {
  await new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    child.stdin.end()
  })
  clearTimeout(killer)
}

async function runScenario(scenario, index) {
  const lan = createNetnsLan({
    deviceAddresses: scenario.devices,
    name: netnsName(`smb${index}`),
    prefix: scenario.prefix,
    scannerAddress: scenario.scanner,
  })
  let devices
  try {
    devices = await startDevices(lan, scenario.spec(scenario.devices))
    const samples = []
    for (let run = 0; run < runs; run++) {
      // Rotate which tool goes first, so none always meets a warmer (or busier) machine.
      const tools = [runNmap, ...builds.map((build) => (...args) => runSolominer(...args, build))]
      const order = [...tools.slice(run % tools.length), ...tools.slice(0, run % tools.length)]
      const sample = {}
      for (const tool of order) Object.assign(sample, tool(lan, scenario))
      samples.push(sample)
    }
    return {name: scenario.name, samples, scanned: samples[0].solominer.scanned, targetMs: scenario.targetMs}
  } finally {
    if (devices) await stopDevices(devices)
    lan.remove()
  }
}

function runNmap(lan, scenario) {
  const subnet = `${scenario.base}.0/${scenario.prefix}`
  const nmap = timed(lan, lan.scanner, 'nmap', ['-sT', '-p', '80,4028', '-T4', '-n', '--open', '-oG', '-', subnet])
  const nmapFound = new Set([...nmap.stdout.matchAll(/^Host: (\S+) .*Ports: .*open/gm)].map((match) => match[1]))
  return {nmap: {missed: scenario.devices.filter((host) => !nmapFound.has(host)), wallMs: nmap.ms}}
}

function runSolominer(lan, scenario, build) {
  const config = `/tmp/solominer-bench-scan-${process.pid}`
  const scanArgs = ['scan', '--json', '--no-save', ...(withMdns ? [] : ['--no-mdns'])]
  const env = [`SOLOMINER_CONFIG_DIR=${config}`, `SOLOMINER_NET_ALLOW=${lan.allow}`, 'NO_COLOR=1']
  const scan = timed(lan, lan.scanner, 'env', [...env, process.execPath, `${build.root}bin/run.js`, ...scanArgs])
  const report = JSON.parse(scan.stdout)
  const found = new Set(report.devices.map((device) => device.ip))
  return {
    [build.name]: {
      durationMs: report.durationMs,
      identified: report.devices.length,
      missed: scenario.devices.filter((host) => !found.has(host)),
      scanned: report.scanned,
      wallMs: scan.ms,
    },
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** "1234 ms (1100-1500)": the median and range of one measure over the runs. */
function spread(values) {
  const range = values.length > 1 ? ` (${Math.round(Math.min(...values))}-${Math.round(Math.max(...values))})` : ''
  return `${Math.round(median(values))} ms${range}`
}

function printResult(result) {
  const of = (tool, key) => result.samples.map((sample) => sample[tool][key])
  const nmapWall = median(of('nmap', 'wallMs'))
  const lines = [`${result.name} (${result.scanned} addresses, median of ${result.samples.length} runs)`]
  for (const build of builds) {
    const missed = of(build.name, 'missed').flat()
    const ok = median(of(build.name, 'durationMs')) <= result.targetMs && missed.length === 0
    lines.push(
      `  ${build.name.padEnd(10)} scan ${spread(of(build.name, 'durationMs'))}, process wall ${spread(of(build.name, 'wallMs'))}, ` +
        `identified ${of(build.name, 'identified').join('/')}, missed ${missed.length}` +
        `${missed.length > 0 ? ` (${[...new Set(missed)].slice(0, 5).join(', ')}...)` : ''}`,
      `  ${''.padEnd(10)} ${(median(of(build.name, 'wallMs')) / nmapWall).toFixed(2)}x nmap (wall/wall), ` +
        `${(median(of(build.name, 'durationMs')) / nmapWall).toFixed(2)}x (scan/nmap wall); ` +
        `target scan <= ${result.targetMs} ms, 0 missed: ${ok ? 'MET' : 'NOT MET'}`,
    )
  }
  lines.push(`  ${'nmap'.padEnd(10)} process wall ${spread(of('nmap', 'wallMs'))}, missed ${of('nmap', 'missed').map((missed) => missed.length).join('/')}`)
  console.log(lines.join('\n'))
}

async function main() {
  const reason = netnsUnavailable()
  if (reason) {
    console.log(`bench/scan skipped: ${reason}`)
    return
  }
  ensureNmap()
  const loadBefore = os.loadavg()[0].toFixed(1)
  const results = []
  for (const [index, scenario] of scenarios.entries()) results.push(await runScenario(scenario, index))
  console.log(
    `\nsolominer scan (no target, ${withMdns ? 'with' : 'without'} mDNS) vs nmap -sT -p 80,4028 -T4 -n, same namespace LAN, ` +
      `simulators at nice ${simNice}, ${os.cpus().length} CPUs, load ${loadBefore} -> ${os.loadavg()[0].toFixed(1)}\n`,
  )
  for (const result of results) printResult(result)
}

await main()
