/** Human rendering of `status`: one row per device, totals, then warnings and per-device errors. */
import {deviceLabel} from '../lib/status/label.js'
import type {DeviceStatusRow, StatusReport, StatusTotals} from '../lib/status/service.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import {formatDuration, formatFixed, formatHashrate, formatInteger, formatSi} from './format.js'
import {type Column, renderTable} from './table.js'
import {theme} from './theme.js'

export {deviceLabel} from '../lib/status/label.js'


/** "solo.ckpool.org:3333" from "stratum+tcp://solo.ckpool.org:3333" (fallback marked). */
function poolLabel(device: DeviceStatusRow): string {
  if (!device.pool || device.pool.url === '') return '-'
  const host = sanitizeText(device.pool.url.replace(/^stratum\+(tcp|ssl):\/\//, ''), 40)
  return device.pool.fallback ? `${host} ${theme.warn('(fallback)')}` : host
}

function temperatureCell(device: DeviceStatusRow): string {
  const text = formatFixed(device.temperature, 1, ' °C')
  return device.warnings.some((warning) => warning.kind === 'overheating') ? theme.bad(text) : text
}

const columns: Column<DeviceStatusRow>[] = [
  {get: (d) => deviceLabel(d), header: 'DEVICE'},
  {get: (d) => (d.model === null ? '-' : sanitizeText(d.model, 32)), header: 'MODEL'},
  {align: 'right', get: (d) => (d.ok ? theme.value(formatHashrate(d.hashrate)) : theme.bad('offline')), header: 'HASHRATE'},
  {align: 'right', get: temperatureCell, header: 'TEMP'},
  {align: 'right', get: (d) => formatFixed(d.power, 1, ' W'), header: 'POWER'},
  {align: 'right', get: (d) => formatFixed(d.efficiency, 1), header: 'J/TH'},
  {align: 'right', get: (d) => formatInteger(d.fanRpm), header: 'FAN RPM'},
  {align: 'right', get: (d) => formatSi(d.bestDifficulty), header: 'BEST'},
  {align: 'right', get: (d) => (d.blocksFound ? theme.good(String(d.blocksFound)) : formatInteger(d.blocksFound)), header: 'BLOCKS'},
  {get: poolLabel, header: 'POOL'},
  {align: 'right', get: (d) => formatDuration(d.uptimeSeconds), header: 'UPTIME'},
]

export function renderTotals(totals: StatusTotals): string {
  const parts = [
    `${totals.online}/${totals.devices} online`,
    theme.value(formatHashrate(totals.hashrate)),
    `${formatFixed(totals.power, 1)} W`,
    `${formatFixed(totals.efficiency, 1)} J/TH`,
  ]
  return `${theme.heading('Total')}  ${parts.join('  ·  ')}`
}

/** Warnings and errors, one line each, under the table. */
export function renderNotes(devices: DeviceStatusRow[]): string[] {
  const lines: string[] = []
  for (const device of devices) {
    const label = deviceLabel(device)
    if (device.error) lines.push(`${theme.bad('✗')} ${label}: ${sanitizeText(device.error.message)}`)
    for (const warning of device.warnings) lines.push(`${theme.warn('!')} ${label}: ${sanitizeText(warning.message)}`)
  }
  return lines
}

export function renderStatus(report: StatusReport): string {
  const table = renderTable(report.devices, columns, theme.heading)
  const notes = renderNotes(report.devices)
  return [table, '', renderTotals(report.totals), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')
}
