/**
 * GET /metrics: the fleet in the Prometheus text exposition format 0.0.4, rendered by prom-client
 * (loaded only by `serve`: it costs ~0.2 s of start-up). Every scrape rebuilds the series from the
 * FleetView, so a device that left the inventory leaves the output too. Label values are device
 * strings: cleaned of escapes and control characters here, quoted and escaped by prom-client.
 */
import type {Counter, Gauge, Registry} from 'prom-client'

import {splitStratumUser} from '../bitcoin/address.js'
import {SECONDS_PER_DAY, SECONDS_PER_YEAR, blockProbability} from '../odds/math.js'
import type {DeviceStatusRow} from '../status/service.js'
import {payoutKey, poolMode} from '../pools/classify.js'
import {sanitizeText} from '../text/sanitize.js'
import type {FleetView} from './fleet-view.js'

const DEVICE_LABELS = ['ip', 'mac', 'hostname', 'alias', 'make', 'model', 'firmware'] as const
type DeviceLabels = Record<(typeof DEVICE_LABELS)[number], string>

/** Windows of `solominer_fleet_block_probability`, in seconds. */
const PROBABILITY_WINDOWS: [string, number][] = [
  ['1d', SECONDS_PER_DAY],
  ['30d', 30 * SECONDS_PER_DAY],
  ['1y', SECONDS_PER_YEAR],
]

export interface MetricsRenderer {
  contentType: string
  render(view: FleetView): Promise<string>
}

export async function createMetricsRenderer(): Promise<MetricsRenderer> {
  const {Counter, Gauge, Registry} = await import('prom-client')
  const registry: Registry = new Registry()
  const gauge = (name: string, help: string, labelNames: readonly string[] = DEVICE_LABELS) =>
    new Gauge({help, labelNames, name, registers: [registry]})
  const counter = (name: string, help: string, labelNames: readonly string[] = DEVICE_LABELS) =>
    new Counter({help, labelNames, name, registers: [registry]})
  const metrics = {
    blocksFound: counter('solominer_blocks_found_total', 'Blocks the device found (kept across device restarts).'),
    bestDifficulty: gauge('solominer_best_difficulty', 'Best share difficulty: this session (since the device booted) or all time.', [...DEVICE_LABELS, 'scope']),
    efficiency: gauge('solominer_efficiency_joules_per_terahash', 'Energy per terahash, J/TH.'),
    expectedHashrate: gauge('solominer_expected_hashrate_hashes_per_second', 'Hashrate the device should reach at its settings, H/s.'),
    fan: gauge('solominer_fan_rpm', 'Fan speed, RPM.', [...DEVICE_LABELS, 'fan']),
    fleetHashrate: gauge('solominer_fleet_hashrate_hashes_per_second', 'Hashrate of the devices online, H/s.', []),
    fleetProbability: gauge('solominer_fleet_block_probability', 'Probability that the fleet finds at least one block within the window at its hashrate.', ['window']),
    hashrate: gauge('solominer_hashrate_hashes_per_second', 'Current hashrate, H/s.'),
    info: gauge('solominer_device_info', 'The device (always 1); labels say what it is.', [...DEVICE_LABELS, 'driver']),
    networkDifficulty: gauge('solominer_network_difficulty', 'Bitcoin network difficulty used for the odds.', []),
    payoutOk: gauge('solominer_payout_ok', '1 when the active pool pays one of your payout addresses (payout.address and your solo profiles), else 0.'),
    pollDuration: gauge('solominer_poll_duration_seconds', 'How long the last poll round that asked devices took, s.', []),
    pool: gauge('solominer_pool_info', 'The pool the device mines on (always 1).', [...DEVICE_LABELS, 'slot', 'url', 'user', 'mode']),
    power: gauge('solominer_power_watts', 'Power draw, W.'),
    pollErrors: counter('solominer_scrape_errors_total', 'Polls of a device that failed, by error.', ['ip', 'reason']),
    shares: counter('solominer_shares_total', 'Shares submitted, by result (kept across device restarts).', [...DEVICE_LABELS, 'result']),
    temperature: gauge('solominer_temperature_celsius', 'Temperature, deg C: chip (hottest) or voltage regulator.', [...DEVICE_LABELS, 'sensor']),
    up: gauge('solominer_device_up', '1 when the last poll of the device succeeded, else 0.'),
    uptime: gauge('solominer_uptime_seconds', 'Time since the device (re)started, s.'),
  }

  function fill(view: FleetView): void {
    registry.resetMetrics()
    const set = (metric: Gauge, labels: Record<string, string>, value: number | null) => {
      if (value !== null && Number.isFinite(value)) metric.set(labels, value)
    }
    const add = (metric: Counter, labels: Record<string, string>, value: number | null) => {
      if (value !== null && Number.isFinite(value)) metric.inc(labels, value)
    }
    for (const row of view.devices) {
      const labels = deviceLabels(row)
      metrics.up.set(labels, row.ok ? 1 : 0)
      metrics.info.set({...labels, driver: row.driver ?? ''}, 1)
      if (!row.ok) continue
      set(metrics.hashrate, labels, row.hashrate)
      set(metrics.expectedHashrate, labels, row.expectedHashrate)
      set(metrics.power, labels, row.power)
      set(metrics.efficiency, labels, row.efficiency)
      set(metrics.temperature, {...labels, sensor: 'chip'}, row.temperature)
      set(metrics.temperature, {...labels, sensor: 'vr'}, row.vrTemperature)
      set(metrics.fan, {...labels, fan: '1'}, row.fanRpm)
      set(metrics.bestDifficulty, {...labels, scope: 'session'}, row.bestSessionDifficulty)
      set(metrics.bestDifficulty, {...labels, scope: 'alltime'}, row.bestDifficulty)
      set(metrics.uptime, labels, row.uptimeSeconds)
      add(metrics.shares, {...labels, result: 'accepted'}, view.counterValue(row, 'sharesAccepted'))
      add(metrics.shares, {...labels, result: 'rejected'}, view.counterValue(row, 'sharesRejected'))
      add(metrics.blocksFound, labels, view.counterValue(row, 'blocksFound'))
      if (row.pool && row.pool.url !== '') {
        const {url, user} = row.pool
        metrics.pool.set({...labels, mode: poolMode(row.pool) === 'solo' ? 'solo' : 'pooled', slot: row.pool.fallback ? 'fallback' : 'primary', url: clean(url), user: clean(user)}, 1)
        if (view.payout) metrics.payoutOk.set(labels, view.payout.keys.has(payoutKey(splitStratumUser(user).address)) ? 1 : 0)
      }
    }
    for (const {count, ip, reason} of view.pollErrors.values()) metrics.pollErrors.inc({ip, reason}, count)
    const {hashrate} = view.report().totals
    metrics.fleetHashrate.set(hashrate)
    set(metrics.pollDuration, {}, view.pollDurationSeconds)
    if (view.difficulty !== null) {
      metrics.networkDifficulty.set(view.difficulty)
      for (const [window, seconds] of PROBABILITY_WINDOWS) {
        metrics.fleetProbability.set({window}, blockProbability(hashrate, view.difficulty, seconds))
      }
    }
  }

  // Rendering 500 devices takes prom-client a good part of a second of CPU: done once per change of the
  // view (a poll round), not once per scrape.
  // Scrapes that arrive while it renders share that rendering.
  let rendered: {text: Promise<string>; version: number} | null = null
  return {
    contentType: registry.contentType,
    render(view) {
      if (rendered?.version !== view.version) {
        fill(view)
        rendered = {text: registry.metrics(), version: view.version}
      }
      return rendered.text
    },
  }
}

function deviceLabels(row: DeviceStatusRow): DeviceLabels {
  return {
    alias: clean(row.alias),
    firmware: clean(row.firmwareVersion === null ? row.firmware : `${row.firmware ?? ''} ${row.firmwareVersion}`.trim()),
    hostname: clean(row.hostname),
    ip: row.ip,
    mac: row.mac ?? '',
    make: clean(row.make),
    model: clean(row.model),
  }
}

/** A label value from a device: no escapes or control characters (prom-client escapes quotes, backslashes, newlines). */
function clean(value: string | null): string {
  return sanitizeText(value ?? '')
}
