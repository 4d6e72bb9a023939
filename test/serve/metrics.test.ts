/**
 * GET /metrics from the built `solominer serve` against simulators with pinned figures (127.87.2.x):
 * the exact series and values per device, label values from a hostile hostname escaped as the
 * exposition format wants, payout_ok from the user's solo profile, share counters that keep counting
 * across a device restart. (prometheus.test.ts checks the output with promtool and a real Prometheus.)
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AvalonSim, createAvalonSim} from '../../src/sim/avalon.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {FLEET_PAYOUT_ADDRESS} from '../../src/sim/fleet.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {PINNED_AXEOS_FIGURES, type RunningServe, request, startServe, stopAll, waitHealthy} from './helpers.js'

/** A valid mainnet address that is not the user's (BIP-173 test vector). */
const OTHER_ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
/** A quote, a backslash, a right-to-left override, a newline and an escape sequence. */
const HOSTILE_HOSTNAME = 'evil"host\\na\u202Eme\n\u001B[31m'

let gamma: AxeosSim
let hostile: AxeosSim
let nano: AvalonSim
let config: ReturnType<typeof tempConfig>
let env: Record<string, string>


beforeAll(async () => {
  gamma = await createAxeosSim({host: '127.87.2.1', hostname: 'gamma', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
  gamma.setTelemetry(PINNED_AXEOS_FIGURES)
  hostile = await createAxeosSim({host: '127.87.2.2', hostname: HOSTILE_HOSTNAME, httpPort: 0, jitter: false, profile: 'axeos-2.13'})
  hostile.setTelemetry({...PINNED_AXEOS_FIGURES, stratumUser: `${OTHER_ADDRESS}.rig`})
  nano = await createAvalonSim({host: '127.87.2.3', httpPort: 0, profile: 'nano3s', rpcPort: 0})
  config = tempConfig()
  env = {...config.env, SOLOMINER_STATE_DIR: join(config.dir, 'state')}
  // The user's solo profile: the payout address the fleet is compared with (the pool is never contacted).
  const profile = await runCli(['profile', 'add', 'solo', '--pool', 'stratum+tcp://127.87.2.99:3333', '-u', `${FLEET_PAYOUT_ADDRESS}.rig`], {env})
  expect(profile.code).toBe(0)
})

afterEach(stopAll)

afterAll(async () => {
  await Promise.all([gamma?.stop(), hostile?.stop(), nano?.stop()])
  config?.cleanup()
})

async function serveFleet(listen: string): Promise<RunningServe> {
  const targets = [gamma, hostile, nano].map((sim) => `${sim.address.host}:${sim.address.httpPort}`)
  const serve = await startServe([...targets, '--rpc-port', String(nano.address.rpcPort), '--listen', listen, '--interval', '1s', '--difficulty', '100T'], env)
  await waitHealthy(serve)
  return serve
}

/** The samples of an exposition, "name{labels}" → value text. */
function samples(text: string): Map<string, string> {
  const lines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'))
  return new Map(lines.map((line) => [line.slice(0, line.lastIndexOf(' ')), line.slice(line.lastIndexOf(' ') + 1)]))
}

/** A device's series carry only ip and mac; solominer_device_info says what the device is. */
const seriesLabels = (sim: AxeosSim) => `ip="${sim.address.host}",mac="${sim.mac}"`
const axeosInfo = (sim: AxeosSim, hostname: string) =>
  `alias="",driver="axeos",firmware="AxeOS v2.13.0",hostname="${hostname}",ip="${sim.address.host}",mac="${sim.mac}",make="Bitaxe",model="Gamma 601"`

describe('GET /metrics', () => {
  it('exports every metric the Grafana dashboard uses', async () => {
    const serve = await serveFleet('127.87.2.13:0')
    const text = (await request(`${serve.url}/metrics`)).body
    const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]))
    const dashboard = readFileSync(new URL('../../grafana/solominer-dashboard.json', import.meta.url), 'utf8')
    const used = new Set([...dashboard.matchAll(/solominer_[a-z_]+/g)].map((match) => match[0]))
    expect(used.size).toBeGreaterThan(15)
    expect([...used].filter((name) => !exported.has(name))).toEqual([])
  })


  it('exports every device figure with its labels and exact values, in format 0.0.4', async () => {
    const serve = await serveFleet('127.87.2.10:0')
    const response = await request(`${serve.url}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const values = samples(response.body)
    const gammaLabels = seriesLabels(gamma)
    const gammaSeries = [...values].filter(([key]) => key.includes('ip="127.87.2.1"'))
    expect(Object.fromEntries(gammaSeries)).toEqual({
      [`solominer_best_difficulty{${gammaLabels},scope="alltime"}`]: '5000000000',
      [`solominer_best_difficulty{${gammaLabels},scope="session"}`]: '21874112',
      [`solominer_blocks_found_total{${gammaLabels}}`]: '0',
      [`solominer_device_info{${axeosInfo(gamma, 'gamma')}}`]: '1',
      [`solominer_device_up{${gammaLabels}}`]: '1',
      [`solominer_efficiency_joules_per_terahash{${gammaLabels}}`]: '16.61',
      [`solominer_expected_hashrate_hashes_per_second{${gammaLabels}}`]: '1300000000000',
      [`solominer_fan_rpm{${gammaLabels},fan="1"}`]: '4100',
      [`solominer_hashrate_hashes_per_second{${gammaLabels}}`]: '1234500000000',
      [`solominer_payout_ok{${gammaLabels}}`]: '1',
      [`solominer_pool_info{${gammaLabels},mode="solo",slot="primary",url="stratum+tcp://public-pool.io:21496",user="${FLEET_PAYOUT_ADDRESS}.bitaxe"}`]: '1',
      [`solominer_power_watts{${gammaLabels}}`]: '20.5',
      [`solominer_shares_total{${gammaLabels},result="accepted"}`]: '500',
      [`solominer_shares_total{${gammaLabels},result="rejected"}`]: '3',
      [`solominer_temperature_celsius{${gammaLabels},sensor="chip"}`]: '61.5',
      [`solominer_temperature_celsius{${gammaLabels},sensor="vr"}`]: '55',
      [`solominer_uptime_seconds{${gammaLabels}}`]: '7200',
    })
    const nanoLabels = 'ip="127.87.2.3",mac="02:ca:aa:00:3f:53"'
    expect(values.get('solominer_device_info{alias="",driver="avalon",firmware="Canaan cgminer 25021401_56abae7",hostname="",ip="127.87.2.3",mac="02:ca:aa:00:3f:53",make="Canaan",model="Avalon Nano 3S"}')).toBe('1')
    expect(values.get(`solominer_device_up{${nanoLabels}}`)).toBe('1')
    expect(values.get(`solominer_shares_total{${nanoLabels},result="accepted"}`)).toBe('1204')
    expect(values.get(`solominer_payout_ok{${nanoLabels}}`)).toBe('1')
    // cgminer firmware reports a session best only: the all-time one is the best serve has seen.
    expect(values.get(`solominer_best_difficulty{${nanoLabels},scope="session"}`)).toMatch(/^\d+$/)
    expect(values.get(`solominer_best_difficulty{${nanoLabels},scope="alltime"}`)).toBe(values.get(`solominer_best_difficulty{${nanoLabels},scope="session"}`))
    // Fleet-wide: the difficulty given, the hashrate of the three, the odds at that hashrate.
    expect(values.get('solominer_network_difficulty')).toBe('100000000000000')
    const devices = JSON.parse((await request(`${serve.url}/api/devices`)).body)
    expect(values.get('solominer_fleet_hashrate_hashes_per_second')).toBe(String(devices.totals.hashrate))
    const perDay = 1 - Math.exp((-devices.totals.hashrate * 86_400) / (100e12 * 2 ** 32))
    expect(Number(values.get('solominer_fleet_block_probability{window="1d"}'))).toBeCloseTo(perDay, 15)
    expect([...values.keys()].filter((key) => key.startsWith('solominer_fleet_block_probability'))).toEqual([
      'solominer_fleet_block_probability{window="1d"}',
      'solominer_fleet_block_probability{window="30d"}',
      'solominer_fleet_block_probability{window="1y"}',
    ])
    expect(Number(values.get('solominer_poll_duration_seconds'))).toBeGreaterThan(0)
  })

  it('escapes a hostile hostname and flags a device paying someone else', async () => {
    const serve = await serveFleet('127.87.2.11:0')
    const text = (await request(`${serve.url}/metrics`)).body
    // The override, the newline and the escape sequence are gone; the quote and backslash are escaped.
    const labels = seriesLabels(hostile)
    const values = samples(text)
    expect(values.get(`solominer_device_info{${axeosInfo(hostile, 'evil\\"host\\\\name')}}`)).toBe('1')
    expect(values.get(`solominer_device_up{${labels}}`)).toBe('1')
    expect(values.get(`solominer_payout_ok{${labels}}`)).toBe('0')
    expect(values.get(`solominer_pool_info{${labels},mode="solo",slot="primary",url="stratum+tcp://public-pool.io:21496",user="${OTHER_ADDRESS}.rig"}`)).toBe('1')
    expect(text).not.toContain('\u001B')
    expect(text).not.toContain('\u202E')
  })

  it('keeps share counters rising when a device restarts and counts failed polls per reason', async () => {
    const serve = await serveFleet('127.87.2.12:0')
    const key = `solominer_shares_total{${seriesLabels(gamma)},result="accepted"}`
    expect(samples((await request(`${serve.url}/metrics`)).body).get(key)).toBe('500')
    // The device restarts: its own counter starts again from zero.
    gamma.setTelemetry({sharesAccepted: 7, uptimeSeconds: 30})
    // AxeOS without the live websocket is polled every 15 s at most.
    await waitForSample(serve, key, '507')

    await nano.stop()
    try {
      const nanoUp = 'solominer_device_up{ip="127.87.2.3",mac="02:ca:aa:00:3f:53"}'
      await waitForSample(serve, nanoUp, '0')
      const errors = [...samples((await request(`${serve.url}/metrics`)).body)].filter(([name]) => name.startsWith('solominer_scrape_errors_total'))
      expect(errors.map(([name]) => name)).toEqual(['solominer_scrape_errors_total{ip="127.87.2.3",reason="host_unreachable"}'])
      expect(Number(errors[0]![1])).toBeGreaterThanOrEqual(1)
    } finally {
      await nano.start()
    }
  }, 60_000)
})

async function waitForSample(serve: RunningServe, key: string, value: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last: string | undefined
  while (Date.now() < deadline) {
    last = samples((await request(`${serve.url}/metrics`)).body).get(key)
    if (last === value) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${key} stayed ${last}, expected ${value}`)
}
