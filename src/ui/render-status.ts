/** Human rendering of `status`: one row per device, totals, then warnings and per-device errors. */
import {deviceLabel} from '../lib/status/label.js'
import type {DeviceStatusRow, StatusReport, StatusTotals} from '../lib/status/service.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import {formatDuration, formatFixed, formatHashrate, formatInteger, formatSi} from './format.js'
import {type Column, cutEnd, outputWidth, renderTable, wrapText} from './table.js'
import {theme} from './theme.js'

export {deviceLabel} from '../lib/status/label.js'

/**
 * "solo.ckpool.org:3333" from "stratum+tcp://solo.ckpool.org:3333" (fallback marked); narrowed, the host
 * is cut and the port kept ("solo.ckpo…:3333").
 */
function poolLabel(device: DeviceStatusRow, maxWidth = 40): string {
  if (!device.pool || device.pool.url === '') return '-'
  const marker = device.pool.fallback ? ' (fallback)' : ''
  const url = sanitizeText(device.pool.url.replace(/^stratum\+(tcp|ssl|tls):\/\//, ''))
  const port = /:\d{1,5}$/.exec(url)?.[0] ?? ''
  const room = Math.max(port.length + 2, maxWidth - marker.length)
  const host = url.length <= room ? url : `${cutEnd(url.slice(0, url.length - port.length), room - port.length)}${port}`
  return marker === '' ? host : `${host} ${theme.warn('(fallback)')}`
}

function temperatureCell(device: DeviceStatusRow): string {
  const text = formatFixed(device.temperature, 1, ' °C')
  return device.warnings.some((warning) => warning.kind === 'overheating') ? theme.bad(text) : text
}

/** The DEVICE column of status and watch: the name is ellipsised to fit, the address never. */
export const deviceColumn: Column<Pick<DeviceStatusRow, 'alias' | 'hostname' | 'ip' | 'target'>> = {
  fit: (d, width) => deviceLabel(d, width),
  get: (d) => deviceLabel(d),
  header: 'DEVICE',
  min: 30,
}

/** On a narrow terminal the fan speed, J/TH, blocks (a found block is also a warning), uptime and model go first. */
const columns: Column<DeviceStatusRow>[] = [
  deviceColumn,
  {dropRank: 5, get: (d) => (d.model === null ? '-' : sanitizeText(d.model, 32)), header: 'MODEL', min: 10},
  {align: 'right', get: (d) => (d.ok ? theme.value(formatHashrate(d.hashrate)) : theme.bad('offline')), header: 'HASHRATE'},
  {align: 'right', get: temperatureCell, header: 'TEMP'},
  {align: 'right', get: (d) => formatFixed(d.power, 1, ' W'), header: 'POWER'},
  {align: 'right', dropRank: 2, get: (d) => formatFixed(d.efficiency, 1), header: 'J/TH'},
  {align: 'right', dropRank: 1, get: (d) => formatInteger(d.fanRpm), header: 'FAN RPM'},
  {align: 'right', get: (d) => formatSi(d.bestDifficulty), header: 'BEST'},
  {align: 'right', dropRank: 3, get: (d) => (d.blocksFound ? theme.good(String(d.blocksFound)) : formatInteger(d.blocksFound)), header: 'BLOCKS'},
  {fit: (d, width) => poolLabel(d, width), get: poolLabel, header: 'POOL', min: 20},
  {align: 'right', dropRank: 4, get: (d) => formatDuration(d.uptimeSeconds), header: 'UPTIME'},
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

/** Warnings and errors under the table, each wrapped to `width` with its continuation indented. */
export function renderNotes(devices: DeviceStatusRow[], width = outputWidth()): string[] {
  const lines: string[] = []
  const add = (line: string) => {
    for (const part of wrapText(line, width)) lines.push(part)
  }
  for (const device of devices) {
    const label = deviceLabel(device)
    if (device.error) add(`${theme.bad('✗')} ${label}: ${sanitizeText(device.error.message)}`)
    for (const warning of device.warnings) add(`${theme.warn('!')} ${label}: ${sanitizeText(warning.message)}`)
  }
  return lines
}

export function renderStatus(report: StatusReport, width = outputWidth()): string {
  const table = renderTable(report.devices, columns, {headerStyle: theme.heading, maxWidth: width})
  const notes = renderNotes(report.devices, width)
  const lines = [table, '', renderTotals(report.totals)]
  if (notes.length > 0) lines.push('')
  return lines.concat(notes).join('\n')
}
