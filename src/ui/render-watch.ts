/**
 * The `watch` dashboard: a full-screen frame redrawn in place on a TTY (alternate screen, cursor
 * hidden, both restored on exit), and the same figures as plain lines elsewhere.
 */
import type {FleetOdds} from '../lib/status/odds.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import type {WatchAlert} from '../lib/watch/alerts.js'
import type {WatchTick, WatchedDevice} from '../lib/watch/scheduler.js'
import {formatDuration, formatFixed, formatHashrate, formatInteger, formatPercent, formatSi} from './format.js'
import {deviceColumn, renderTotals} from './render-status.js'
import {sparkline} from './sparkline.js'
import {type Column, outputWidth, renderTable, wrapText} from './table.js'
import {theme} from './theme.js'

const SPARK_WIDTH = 24
const ALERTS_SHOWN = 8

const TREND_MIN = 8

/** Narrowed, the trend shows fewer updates; the source and blocks go first, then the model. */
const columns: Column<WatchedDevice>[] = [
  deviceColumn,
  {dropRank: 3, get: (d) => (d.model === null ? '-' : sanitizeText(d.model, 24)), header: 'MODEL', min: 10},
  {align: 'right', get: (d) => (d.ok ? theme.value(formatHashrate(d.hashrate)) : theme.bad('offline')), header: 'HASHRATE'},
  {
    fit: (d, width) => theme.value(sparkline(d.history, width).padEnd(width)),
    get: (d) => theme.value(sparkline(d.history, SPARK_WIDTH).padEnd(SPARK_WIDTH)),
    header: 'TREND',
    min: TREND_MIN,
  },
  {
    align: 'right',
    get: (d) => {
      const text = formatFixed(d.temperature, 1, ' °C')
      return d.warnings.some((w) => w.kind === 'overheating') ? theme.bad(text) : text
    },
    header: 'TEMP',
  },
  {align: 'right', get: (d) => formatFixed(d.power, 1, ' W'), header: 'POWER'},
  {align: 'right', get: (d) => formatSi(d.bestDifficulty), header: 'BEST'},
  {align: 'right', dropRank: 2, get: (d) => (d.blocksFound ? theme.good(String(d.blocksFound)) : formatInteger(d.blocksFound)), header: 'BLOCKS'},
  {dropRank: 1, get: (d) => theme.dim(d.source), header: 'VIA'},
]

/** "1 block every 3.2 years · 0.09 % a day · 27.1 % a year (difficulty 145.04T, offline 2026-11-01)". */
export function renderOdds(odds: FleetOdds | null): string {
  if (odds === null) return `${theme.heading('Solo odds')}  ${theme.dim('unknown (no network difficulty)')}`
  const every = odds.expectedSecondsToBlock === null ? 'no hashrate' : `1 block every ${formatDuration(odds.expectedSecondsToBlock)} on average`
  const source = odds.difficultySource
  const origin = [source.kind, source.asOf?.slice(0, 10), source.stale ? 'stale' : undefined].filter(Boolean).join(' ')
  return `${theme.heading('Solo odds')}  ${every}  ·  ${formatPercent(odds.probabilityPerDay)} a day  ·  ${formatPercent(odds.probabilityPerYear)} a year  ${theme.dim(
    `(difficulty ${formatSi(odds.difficulty)}, ${origin})`,
  )}`
}

export function renderAlert(alert: WatchAlert): string {
  const time = alert.at.slice(11, 19)
  const style = alert.kind === 'block-found' || alert.kind === 'online' ? theme.good : alert.kind === 'best-difficulty' ? theme.value : theme.bad
  return `${theme.dim(time)}  ${style(sanitizeText(alert.message))}`
}

export interface FrameInfo {
  alerts: WatchAlert[]
  intervalMs: number
  odds: FleetOdds | null
  /** Columns to fit the frame in (default: the terminal's, read at every frame: a resized window is followed). */
  width?: number
}

/** One full dashboard frame. */
export function renderWatchFrame(tick: WatchTick, info: FrameInfo): string {
  const header = `${theme.heading('solominer watch')}  ${tick.devices.length} device${tick.devices.length === 1 ? '' : 's'} · every ${formatFixed(
    info.intervalMs / 1000,
    0,
  )} s · update ${tick.poll} · ${tick.at.slice(11, 19)} UTC · ${theme.dim('Ctrl-C to quit')}`
  const width = info.width ?? outputWidth()
  const lines = [
    ...wrapText(header, width, 2),
    '',
    renderTable(tick.devices, columns, {headerStyle: theme.heading, maxWidth: width}),
    '',
    renderTotals(tick.totals),
    ...wrapText(renderOdds(info.odds), width, 11),
  ]
  const recent = info.alerts.slice(-ALERTS_SHOWN)
  if (recent.length > 0) lines.push('', theme.heading('Alerts'), ...recent.flatMap((alert) => wrapText(renderAlert(alert), width, 10)))
  return lines.join('\n')
}

/**
 * The terminal while the dashboard runs: alternate screen, hidden cursor, line wrap off (a narrow
 * window cuts rows instead of scrolling the frame), all restored on every exit path.
 */
export class DashboardScreen {
  private open = false
  private readonly restoreOnExit = () => this.restore()

  constructor(private readonly stream: NodeJS.WriteStream) {}

  draw(frame: string): void {
    if (!this.open) {
      this.open = true
      this.stream.write('\u001B[?1049h\u001B[?25l\u001B[?7l')
      process.once('exit', this.restoreOnExit)
    }
    // A frame taller than the window would scroll: keep what fits.
    const lines = frame.split('\n').slice(0, this.stream.rows || undefined)
    // Home, each line cleared then written, then everything below the frame cleared: no flicker. Cleared
    // before, not after: with wrapping off, a line as wide as the window leaves the cursor on its last
    // character, which a clear-to-end-of-line would erase.
    this.stream.write(`\u001B[H${lines.map((line) => `\u001B[2K${line}`).join('\n')}\u001B[J`)
  }

  /** Leaves the alternate screen and shows the cursor again; `finalFrame` stays on the normal screen. */
  restore(finalFrame?: string): void {
    if (!this.open) return
    this.open = false
    process.removeListener('exit', this.restoreOnExit)
    this.stream.write('\u001B[?7h\u001B[?25h\u001B[?1049l')
    if (finalFrame) this.stream.write(`${finalFrame}\n`)
  }
}
