/** Human output of `solominer scan`: progress line, streamed finds, and the final table sorted by address. */
import type {ScanEvent, ScanReport, ScannedDevice} from '../lib/discovery/scan.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import {formatFirmware, formatHashrate} from './format.js'
import {type Column, cutEnd, outputWidth, renderTable} from './table.js'
import {theme} from './theme.js'

const text = (value: string | null) => (value === null ? '-' : sanitizeText(value))

/** `10.0.0.5`, or `127.0.0.2:8080` when the device is not on the standard HTTP port. */
export function deviceEndpoint(device: {httpPort: number; ip: string}): string {
  return device.httpPort === 80 ? device.ip : `${device.ip}:${device.httpPort}`
}

type Described = Pick<ScannedDevice, 'asic' | 'firmware' | 'firmwareVersion' | 'make' | 'model'>

export function describeModel(device: Pick<Described, 'asic' | 'make' | 'model'>): string {
  const model = device.model.toLowerCase().startsWith(device.make.toLowerCase()) ? device.model : `${device.make} ${device.model}`
  return sanitizeText(device.asic ? `${model} (${device.asic})` : model)
}

/** MODEL and FIRMWARE of scan and devices: narrowed, the model loses its ASIC first. */
export function modelColumns<Row extends Described>(firmwareDropRank?: number): Column<Row>[] {
  return [
    {fit: (d, width) => cutEnd(describeModel({...d, asic: null}), width), get: (d) => describeModel(d), header: 'MODEL', min: 22},
    {dropRank: firmwareDropRank, get: (d) => sanitizeText(formatFirmware(d.firmware, d.firmwareVersion)) || '-', header: 'FIRMWARE', min: 18},
  ]
}

export function renderScanProgress(probed: number, total: number, found: number): string {
  return `Scanning ${probed}/${total} addresses, ${found} responding`
}

export function renderFound(device: ScannedDevice): string {
  return `${theme.good('found')} ${deviceEndpoint(device)}  ${describeModel(device)}  ${text(device.hostname)}`
}

export function renderScan(report: ScanReport, options: {all: boolean}, width = outputWidth()): string {
  const lines: string[] = report.notes.map((note) => theme.warn(`Note: ${note}`))
  if (report.devices.length > 0) {
    lines.push(
      renderTable(
        report.devices,
        [
          {get: (device) => deviceEndpoint(device), header: 'ADDRESS'},
          {get: (device) => text(device.hostname), header: 'HOSTNAME', min: 14},
          ...modelColumns<ScannedDevice>(),
          {align: 'right', get: (device) => formatHashrate(device.hashrate), header: 'HASHRATE'},
          {dropRank: 2, get: (device) => device.mac ?? '-', header: 'MAC'},
          {dropRank: 1, get: (device) => device.discoveredBy.join('+'), header: 'FOUND BY'},
        ],
        {headerStyle: theme.heading, maxWidth: width},
      ),
    )
  }
  if (options.all && report.unidentified.length > 0) {
    lines.push(
      '',
      theme.heading('Responding but not recognised:'),
      renderTable(
        report.unidentified,
        [
          {get: (host) => host.ip, header: 'ADDRESS'},
          {get: (host) => host.openPorts.join(', ') || '-', header: 'OPEN PORTS'},
        ],
        {headerStyle: theme.heading, maxWidth: width},
      ),
    )
  }
  lines.push(summaryLine(report, options.all))
  return lines.join('\n')
}

function summaryLine(report: ScanReport, all: boolean): string {
  const seconds = (report.durationMs / 1000).toFixed(1)
  const devices = `${report.devices.length} miner${report.devices.length === 1 ? '' : 's'}`
  const others = report.unidentified.length
  const hint = others > 0 && !all ? ` (${others} other responding host${others === 1 ? '' : 's'}: --all lists them)` : ''
  const none = report.devices.length === 0 ? '\nNo miners found. Check the subnet, or name the device: solominer scan 192.168.1.50' : ''
  return `${theme.dim(`Scanned ${report.scanned} addresses in ${seconds} s:`)} ${devices}${hint}${none}`
}

/** Erases the terminal line the cursor is on. */
const CLEAR_LINE = '\r\u001B[2K'

/** The live progress line of a scan on a terminal (stderr), with each find printed above it as it comes. */
export function scanProgressLine(stream: NodeJS.WritableStream): {clear(): void; onEvent: (event: ScanEvent) => void} {
  let line = ''
  let last = 0
  const draw = (text: string) => {
    line = text
    stream.write(`${CLEAR_LINE}${text}`)
  }
  return {
    clear: () => line !== '' && stream.write(CLEAR_LINE),
    onEvent: (event) => {
      if (event.type === 'device') {
        stream.write(`${CLEAR_LINE}${renderFound(event.device)}\n`)
        draw(line)
      } else if (event.type === 'progress' && (Date.now() - last > 80 || event.probed === event.total)) {
        last = Date.now()
        draw(renderScanProgress(event.probed, event.total, event.found))
      }
    },
  }
}
