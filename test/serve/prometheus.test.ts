/**
 * The exposition checked by the real tools: `promtool check metrics` on GET /metrics, and a real
 * Prometheus (Debian package `prometheus`, which .ci/run installs) scraping the built `solominer serve`
 * every second. Prometheus listens on 127.87.3.20 with a temporary data dir and a config that scrapes
 * serve only (no remote write, no rules; it makes no other connection). The test waits for two scrapes
 * and reads the series back through Prometheus's HTTP query API. Skipped when Prometheus is not installed.
 */
import {type ChildProcess, spawn, spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AvalonSim, createAvalonSim} from '../../src/sim/avalon.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {FLEET_PAYOUT_ADDRESS} from '../../src/sim/fleet.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {PINNED_AXEOS_FIGURES, type RunningServe, freePort, request, startServe, stopAll, stopProcess, waitHealthy} from './helpers.js'

const installed = (tool: string) => spawnSync(tool, ['--version'], {stdio: 'ignore'}).error === undefined
const missing = ['prometheus', 'promtool'].filter((tool) => !installed(tool))
const PROMETHEUS_HOST = '127.87.3.20'

let gamma: AxeosSim
let hostile: AxeosSim
let nano: AvalonSim
let config: ReturnType<typeof tempConfig>
let serve: RunningServe
let prometheus: ChildProcess | undefined
let prometheusLog = ''
let prometheusUrl = ''


describe.skipIf(missing.length > 0)(
  `serve scraped by a real Prometheus${missing.length > 0 ? ` (skipped: ${missing.join(' and ')} not installed; apt-get install prometheus)` : ''}`,
  () => {
    beforeAll(async () => {
      gamma = await createAxeosSim({host: '127.87.3.1', hostname: 'gamma', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
      gamma.setTelemetry(PINNED_AXEOS_FIGURES)
      hostile = await createAxeosSim({host: '127.87.3.2', hostname: 'evil"host\\na\u202Eme\n\u001B[31m', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
      hostile.setTelemetry({...PINNED_AXEOS_FIGURES, hashRate: 987.6, sharesAccepted: 42})
      nano = await createAvalonSim({host: '127.87.3.3', httpPort: 0, profile: 'nano3s', rpcPort: 0})
      config = tempConfig()
      // A solo profile, so that solominer_payout_ok is exported (the pool is never contacted).
      const profile = await runCli(['profile', 'add', 'solo', '--pool', 'stratum+tcp://127.87.3.99:3333', '-u', `${FLEET_PAYOUT_ADDRESS}.rig`], {env: config.env})
      expect(profile.code).toBe(0)
      const targets = [gamma, hostile, nano].map((sim) => `${sim.address.host}:${sim.address.httpPort}`)
      serve = await startServe([...targets, '--rpc-port', String(nano.address.rpcPort), '--listen', '127.87.3.10:0', '--interval', '1s', '--difficulty', '100T'], {
        ...config.env,
        SOLOMINER_STATE_DIR: join(config.dir, 'state'),
      })
      await waitHealthy(serve)
    })

    afterAll(async () => {
      await stopProcess(prometheus)
      await stopAll()
      await Promise.all([gamma?.stop(), hostile?.stop(), nano?.stop()])
      config?.cleanup()
    })

    it('passes promtool check metrics', async () => {
      const text = (await request(`${serve.url}/metrics`)).body
      const promtool = spawnSync('promtool', ['check', 'metrics'], {encoding: 'utf8', input: text})
      expect(promtool.stdout + promtool.stderr).toBe('')
      expect(promtool.status).toBe(0)
    })

    it('is scraped by Prometheus, which sees every device with its values', async () => {
      const dir = join(config.dir, 'prometheus')
      const port = await freePort(PROMETHEUS_HOST)
      prometheusUrl = `http://${PROMETHEUS_HOST}:${port}`
      writeFileSync(
        join(config.dir, 'prometheus.yml'),
        [
          'global:',
          '  scrape_interval: 1s',
          '  scrape_timeout: 1s',
          '  evaluation_interval: 1m',
          'scrape_configs:',
          '  - job_name: solominer',
          '    static_configs:',
          `      - targets: ['${new URL(serve.url).host}']`,
          '',
        ].join('\n'),
      )
      const check = spawnSync('promtool', ['check', 'config', join(config.dir, 'prometheus.yml')], {encoding: 'utf8'})
      expect(check.status, check.stdout + check.stderr).toBe(0)
      prometheus = spawn(
        'prometheus',
        [
          `--config.file=${join(config.dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${dir}`,
          `--web.listen-address=${PROMETHEUS_HOST}:${port}`,
          '--log.level=warn',
        ],
        {stdio: ['ignore', 'ignore', 'pipe']},
      )
      prometheus.stderr!.on('data', (chunk) => (prometheusLog += chunk))

      // Two scrapes of every device.
      await until(async () => {
        const result = await query('count_over_time(solominer_device_up[1m])')
        return result.length === 3 && result.every((series) => Number(series.value[1]) >= 2)
      })

      const hashrates = await query('solominer_hashrate_hashes_per_second')
      expect(byIp(hashrates)).toEqual({
        '127.87.3.1': {
          // A device's series carry ip and mac only (solominer_device_info says what it is).
          labels: {__name__: 'solominer_hashrate_hashes_per_second', instance: new URL(serve.url).host, ip: '127.87.3.1', job: 'solominer', mac: gamma.mac},
          value: '1234500000000',
        },
        '127.87.3.2': {labels: expect.objectContaining({mac: hostile.mac}), value: '987600000000'},
        '127.87.3.3': {labels: expect.objectContaining({mac: '02:ca:aa:00:3f:53'}), value: expect.stringMatching(/^\d+$/)},
      })
      const info = byIp(await query('solominer_device_info'))
      // An empty label (no alias) is no label to Prometheus.
      expect(info['127.87.3.1']!.labels).toEqual({
        __name__: 'solominer_device_info',
        driver: 'axeos',
        firmware: 'AxeOS v2.13.0',
        hostname: 'gamma',
        instance: new URL(serve.url).host,
        ip: '127.87.3.1',
        job: 'solominer',
        mac: gamma.mac,
        make: 'Bitaxe',
        model: 'Gamma 601',
      })
      // The quote and backslash arrive intact; the override, the newline and the escape sequence were dropped.
      expect(info['127.87.3.2']!.labels).toMatchObject({hostname: 'evil"host\\name', mac: hostile.mac})
      expect(info['127.87.3.3']!.labels).toMatchObject({make: 'Canaan', model: 'Avalon Nano 3S'})
      // The dashboard's join puts the hostname on a device's series.
      const joined = await query('solominer_hashrate_hashes_per_second * on(ip,mac) group_left(hostname) solominer_device_info')
      expect(Object.fromEntries(joined.map((series) => [series.metric.ip, series.metric.hostname]))).toEqual({'127.87.3.1': 'gamma', '127.87.3.2': 'evil"host\\name', '127.87.3.3': undefined})
      const nanoHashrate = JSON.parse((await request(`${serve.url}/api/devices`)).body).devices[2].hashrate
      expect(byIp(hashrates)['127.87.3.3']!.value).toBe(String(nanoHashrate))

      expect(values(await query('solominer_shares_total{result="accepted"}'))).toEqual({'127.87.3.1': '500', '127.87.3.2': '42', '127.87.3.3': '1204'})
      expect(values(await query('solominer_device_up'))).toEqual({'127.87.3.1': '1', '127.87.3.2': '1', '127.87.3.3': '1'})
      expect(values(await query('solominer_power_watts'))).toMatchObject({'127.87.3.1': '20.5', '127.87.3.2': '20.5'})
      expect(values(await query('solominer_temperature_celsius{sensor="chip"}'))).toMatchObject({'127.87.3.1': '61.5', '127.87.3.2': '61.5'})
      expect(values(await query('solominer_uptime_seconds'))).toMatchObject({'127.87.3.1': '7200', '127.87.3.2': '7200'})
      expect(values(await query('solominer_best_difficulty{scope="alltime"}'))).toMatchObject({'127.87.3.1': '5000000000'})
      expect((await query('solominer_device_info')).map((series) => series.metric.driver).sort()).toEqual(['avalon', 'axeos', 'axeos'])
      const difficulty = await query('solominer_network_difficulty')
      expect(difficulty.map((series) => series.value[1])).toEqual(['100000000000000'])
      expect(await query('up{job="solominer"}')).toEqual([expect.objectContaining({value: [expect.any(Number), '1']})])

      // Every query of the Grafana dashboard is valid PromQL and finds series (no poll failed: no errors).
      const dashboard = JSON.parse(readFileSync(new URL('../../grafana/solominer-dashboard.json', import.meta.url), 'utf8'))
      const queries: string[] = dashboard.panels.flatMap((panel: {targets: {expr: string}[]}) => panel.targets.map((target) => target.expr))
      expect(queries.length).toBeGreaterThan(15)
      for (const expr of queries) {
        const result = await query(expr.replaceAll('$ip', '.*').replaceAll('$__rate_interval', '1m'))
        if (!expr.includes('solominer_scrape_errors_total')) expect(result.length, expr).toBeGreaterThan(0)
      }
    }, 60_000)
  },
)

interface Series {
  metric: Record<string, string>
  value: [number, string]
}

async function query(promql: string): Promise<Series[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`)
  const body = (await response.json()) as {data: {result: Series[]}; status: string}
  if (body.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(body)}`)
  return body.data.result
}

function byIp(series: Series[]): Record<string, {labels: Record<string, string>; value: string}> {
  return Object.fromEntries(series.map((one) => [one.metric.ip, {labels: one.metric, value: one.value[1]}]))
}

function values(series: Series[]): Record<string, string> {
  return Object.fromEntries(series.map((one) => [one.metric.ip, one.value[1]]))
}

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`Prometheus did not scrape serve twice within ${timeoutMs} ms; its log: ${prometheusLog}`)
}


