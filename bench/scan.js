#!/usr/bin/env node
/**
 * bench/scan: `solominer scan` with no target, run inside a network namespace whose only interface is on
 *   A) a /24 with 10 miners, and B) a /22 with 400 miners,
 * every other address silent (no host behind it: no ARP reply, connects time out, as on a real LAN). Timed
 * against `nmap -sT -p 80,4028 -T4 -n <subnet>` run in the same namespace in the same run (nmap only finds
 * open ports; solominer also identifies every miner and reads its hashrate). Prints wall time, the scan's
 * own durationMs, the ratio to nmap, and missed devices. Targets: A <= 1.5 s, B <= 6 s, 0 missed.
 *
 * Needs root (network namespaces) and nmap (installed with apt-get when missing). Bounded: every child
 * process is killed after 60 s and the namespaces are always removed.
 *
 * Usage: npm run build:dev && node bench/scan.js [--mdns]   (mDNS off by default: nmap has none)
 */
import {execFileSync} from 'node:child_process'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const {createNetnsLan, netnsUnavailable} = await import(`${root}dist/sim/netns.js`)
const {AXEOS_PROFILES} = await import(`${root}dist/sim/axeos.js`)

const CHILD_LIMIT_MS = 60_000
const withMdns = process.argv.includes('--mdns')

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
  const child = lan.spawnIn(lan.devices, process.execPath, [`${root}dist/sim/lan-runner.js`, JSON.stringify(spec)])
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
    name: `smb${index}${process.pid % 1000}`,
    prefix: scenario.prefix,
    scannerAddress: scenario.scanner,
  })
  let devices
  try {
    devices = await startDevices(lan, scenario.spec(scenario.devices))
    const subnet = `${scenario.base}.0/${scenario.prefix}`
    const nmap = timed(lan, lan.scanner, 'nmap', ['-sT', '-p', '80,4028', '-T4', '-n', '--open', '-oG', '-', subnet])
    const nmapFound = new Set([...nmap.stdout.matchAll(/^Host: (\S+) .*Ports: .*open/gm)].map((match) => match[1]))
    const config = `/tmp/solominer-bench-scan-${process.pid}`
    const scanArgs = ['scan', '--json', '--no-save', ...(withMdns ? [] : ['--no-mdns'])]
    const scan = timed(lan, lan.scanner, 'env', [`SOLOMINER_CONFIG_DIR=${config}`, 'NO_COLOR=1', process.execPath, `${root}bin/run.js`, ...scanArgs])
    const report = JSON.parse(scan.stdout)
    const found = new Set(report.devices.map((device) => device.ip))
    return {
      durationMs: report.durationMs,
      identified: report.devices.length,
      missed: scenario.devices.filter((host) => !found.has(host)),
      name: scenario.name,
      nmapFound: nmapFound.size,
      nmapMs: nmap.ms,
      nmapMissed: scenario.devices.filter((host) => !nmapFound.has(host)).length,
      scanned: report.scanned,
      targetMs: scenario.targetMs,
      wallMs: scan.ms,
    }
  } finally {
    if (devices) await stopDevices(devices)
    lan.remove()
  }
}

async function main() {
  const reason = netnsUnavailable()
  if (reason) {
    console.log(`bench/scan skipped: ${reason}`)
    return
  }
  ensureNmap()
  const results = []
  for (const [index, scenario] of scenarios.entries()) results.push(await runScenario(scenario, index))
  console.log(`\nsolominer scan (no target, ${withMdns ? 'with' : 'without'} mDNS) vs nmap -sT -p 80,4028 -T4 -n, same namespace LAN\n`)
  for (const result of results) {
    const ok = result.durationMs <= result.targetMs && result.missed.length === 0
    console.log(
      [
        `${result.name} (${result.scanned} addresses)`,
        `  solominer: ${result.durationMs} ms scan (${Math.round(result.wallMs)} ms wall incl. start-up), ` +
          `${result.identified} identified, missed ${result.missed.length}${result.missed.length > 0 ? ` (${result.missed.slice(0, 5).join(', ')}...)` : ''}`,
        `  nmap:      ${Math.round(result.nmapMs)} ms wall, ${result.nmapFound} hosts with 80/4028 open, missed ${result.nmapMissed}`,
        `  ratio:     ${(result.wallMs / result.nmapMs).toFixed(2)}x nmap (wall)  target <= ${result.targetMs} ms, 0 missed: ${ok ? 'MET' : 'NOT MET'}`,
      ].join('\n'),
    )
  }
}

await main()
