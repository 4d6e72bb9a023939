/**
 * GET /metrics: the fleet in the Prometheus text exposition format 0.0.4, rendered by prom-client
 * (loaded only by `serve`: it costs ~0.2 s of start-up). Every scrape rebuilds the series from the
 * FleetView, so a device that left the inventory leaves the output too.
 *
 * A device's series carry only `ip` and `mac`; what the device is (hostname, alias, make, model,
 * firmware, driver) is on `solominer_device_info` alone, the usual Prometheus "info" pattern: queries
 * join it in with `* on(ip,mac) group_left(hostname) solominer_device_info`. That keeps the exposition
 * (and Prometheus's index) small: half the bytes for 500 devices. Label values are device strings:
 * cleaned of escapes and control characters here, once per device, then quoted and escaped by prom-client.
 */
import type {Counter, Gauge, Registry} from 'prom-client'

import {splitStratumUser} from '../bitcoin/address.js'
import {SECONDS_PER_DAY, SECONDS_PER_YEAR, blockProbability} from '../odds/math.js'
import type {DeviceStatusRow} from '../status/service.js'
import {payoutKey, poolMode} from '../pools/classify.js'
import {sanitizeText} from '../text/sanitize.js'
import type {FleetView} from './fleet-view.js'

/** What names a device's series (and joins them to solominer_device_info). */
const DEVICE_LABELS = ['ip', 'mac'] as const
/** What solominer_device_info says about a device. */
const INFO_LABELS = [...DEVICE_LABELS, 'hostname', 'alias', 'make', 'model', 'firmware', 'driver'] as const
type DeviceLabels = Record<(typeof DEVICE_LABELS)[number], string>
type InfoLabels = Record<(typeof INFO_LABELS)[number], string>

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
    info: gauge('solominer_device_info', 'The device (always 1); labels say what it is. Join: * on(ip,mac) group_left(hostname) solominer_device_info.', INFO_LABELS),
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

  // The label sets of each device from the last rendering: a device's strings are cleaned (and its label
  // objects built) once, not at every rendering.
  let lastLabels = new Map<string, SeriesLabels>()

  function fill(view: FleetView): void {
    registry.resetMetrics()
    const set = (metric: Gauge, labels: Record<string, string>, value: number | null) => {
      if (value !== null && Number.isFinite(value)) metric.set(labels, value)
    }
    const add = (metric: Counter, labels: Record<string, string>, value: number | null) => {
      if (value !== null && Number.isFinite(value)) metric.inc(labels, value)
    }
    const cache = new Map<string, SeriesLabels>()
    for (const row of view.devices) {
      const labels = seriesLabels(row, lastLabels, cache)
      const {device} = labels
      metrics.up.set(device, row.ok ? 1 : 0)
      metrics.info.set(labels.info, 1)
      if (!row.ok) continue
      set(metrics.hashrate, device, row.hashrate)
      set(metrics.expectedHashrate, device, row.expectedHashrate)
      set(metrics.power, device, row.power)
      set(metrics.efficiency, device, row.efficiency)
      set(metrics.temperature, labels.chip, row.temperature)
      set(metrics.temperature, labels.vr, row.vrTemperature)
      set(metrics.fan, labels.fan, row.fanRpm)
      set(metrics.bestDifficulty, labels.session, row.bestSessionDifficulty)
      set(metrics.bestDifficulty, labels.alltime, view.bestDifficulty(row))
      set(metrics.uptime, device, row.uptimeSeconds)
      add(metrics.shares, labels.accepted, view.counterValue(row, 'sharesAccepted'))
      add(metrics.shares, labels.rejected, view.counterValue(row, 'sharesRejected'))
      add(metrics.blocksFound, device, view.counterValue(row, 'blocksFound'))
      if (labels.pool) {
        metrics.pool.set(labels.pool.labels, 1)
        if (view.payout) metrics.payoutOk.set(device, view.payout.keys.has(labels.pool.payoutKey) ? 1 : 0)
      }
    }
    // Only the devices still shown are kept for the next rendering.
    lastLabels = cache
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

/** Every label set a device's series use. */
interface SeriesLabels {
  accepted: Record<string, string>
  alltime: Record<string, string>
  chip: Record<string, string>
  device: DeviceLabels
  fan: Record<string, string>
  info: InfoLabels
  pool: {labels: Record<string, string>; payoutKey: string} | null
  rejected: Record<string, string>
  session: Record<string, string>
  vr: Record<string, string>
}

/** The device's label sets: those of the last rendering while what they are made of is the same. */
function seriesLabels(row: DeviceStatusRow, last: Map<string, SeriesLabels>, next: Map<string, SeriesLabels>): SeriesLabels {
  const {alias, driver, firmware, firmwareVersion, hostname, ip, mac, make, model, pool} = row
  const key = JSON.stringify([ip, mac, alias, driver, firmware, firmwareVersion, hostname, make, model, pool?.url, pool?.user, pool?.fallback])
  const labels = last.get(key) ?? next.get(key) ?? buildLabels(row)
  next.set(key, labels)
  return labels
}

function buildLabels(row: DeviceStatusRow): SeriesLabels {
  const device: DeviceLabels = {ip: row.ip, mac: row.mac ?? ''}
  const info: InfoLabels = {
    alias: clean(row.alias),
    driver: row.driver ?? '',
    firmware: clean(row.firmwareVersion === null ? row.firmware : `${row.firmware ?? ''} ${row.firmwareVersion}`.trim()),
    hostname: clean(row.hostname),
    ip: row.ip,
    mac: device.mac,
    make: clean(row.make),
    model: clean(row.model),
  }
  const pool = row.pool && row.pool.url !== '' ? row.pool : null
  return {
    accepted: {...device, result: 'accepted'},
    alltime: {...device, scope: 'alltime'},
    chip: {...device, sensor: 'chip'},
    device,
    fan: {...device, fan: '1'},
    info,
    pool: pool && {
      labels: {...device, mode: poolMode(pool) === 'solo' ? 'solo' : 'pooled', slot: pool.fallback ? 'fallback' : 'primary', url: clean(pool.url), user: clean(pool.user)},
      payoutKey: payoutKey(splitStratumUser(pool.user).address),
    },
    rejected: {...device, result: 'rejected'},
    session: {...device, scope: 'session'},
    vr: {...device, sensor: 'vr'},
  }
}

/** A label value from a device: no escapes or control characters (prom-client escapes quotes, backslashes, newlines). */
function clean(value: string | null): string {
  return sanitizeText(value ?? '')
}
