import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../command-helpers/base-command.js'
import {POLL_INTERVAL_RULE, durationFlag} from '../command-helpers/duration-flags.js'
import {readNetwork} from '../lib/chain/network.js'
import type {NetworkSnapshot} from '../lib/chain/network-snapshot.js'
import {errorMessage} from '../lib/errors.js'
import {resolveTargets} from '../lib/inventory/resolve.js'
import {CHAIN_SOURCES} from '../lib/settings/store.js'
import {sanitizeJson, sanitizeOutput} from '../lib/text/sanitize.js'
import {type FleetOdds, fleetOdds} from '../lib/status/odds.js'
import type {WatchAlert} from '../lib/watch/alerts.js'
import {type WatchTick, watchFleet} from '../lib/watch/scheduler.js'
import {parseDifficulty} from '../lib/units.js'
import {DashboardScreen, renderWatchFrame} from '../ui/render-watch.js'
import {portFlags} from '../command-helpers/port-flags.js'
import {appendAll} from '../lib/arrays.js'

const DEFAULT_INTERVAL_MS = 5000
/** Alerts kept for the dashboard (it shows the latest few; a days-long watch must not grow). */
const KEPT_ALERTS = 50

export default class Watch extends BaseCommand<typeof Watch> {
  static override args = {
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `On a terminal: a live dashboard redrawn in place (hashrate trend per device, totals, the fleet's solo odds) with alerts when a device finds a block, beats its best difficulty, goes offline or overheats. Ctrl-C quits and restores the terminal.

Without a terminal, or with --json: one JSON object per update (JSON lines) on stdout.

Exit codes: 0 when --count updates were shown, or on Ctrl-C or SIGTERM (the normal ways to end a watch), 2 invalid flags or targets, 3 unreadable inventory.

AxeOS firmware with the live websocket (2.14+) pushes its state; other devices are polled, never faster than their family copes with (AxeOS without the websocket: every 15 s at most; cgminer-based miners: every 5 s).`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> bitaxe-garage 192.168.1.51 --interval 10s',
    '<%= config.bin %> <%= command.id %> --json --count 3 > readings.jsonl',
  ]
  static override flags = {
    count: Flags.integer({min: 1, summary: 'Stop after this many updates (default: run until Ctrl-C).'}),
    difficulty: Flags.string({summary: 'Network difficulty for the odds line (default: from --source).'}),
    ...portFlags,
    interval: durationFlag(POLL_INTERVAL_RULE, {default: DEFAULT_INTERVAL_MS, summary: 'Time between updates, like 10s, 1500ms or 1min:'}),
    live: Flags.boolean({allowNo: true, default: true, summary: 'Use the AxeOS live websocket where the firmware has it.'}),
    source: Flags.option({options: CHAIN_SOURCES, summary: 'Where the odds line takes the network difficulty from (default: settings, else auto).'})(),
  }
  static override summary = 'Live dashboard of your miners, with alerts and the fleet solo odds.'
  /** A watch run by a supervisor (systemd, a container) is stopped with SIGTERM: the same normal end as Ctrl-C. */
  static override stopSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

  public async run(): Promise<void> {
    const intervalMs = this.flags.interval
    const targets = await resolveTargets(this.args.targets ?? [], this.ctx, {httpPort: this.flags['http-port'], rpcPort: this.flags['rpc-port']})
    const network = await this.network()
    const output = this.jsonEnabled() || !process.stdout.isTTY ? jsonLinesOutput() : dashboardOutput(intervalMs)
    try {
      for await (const tick of watchFleet(targets, this.ctx, {count: this.flags.count, intervalMs, live: this.flags.live})) {
        if (!output.show(tick, network ? fleetOdds(tick.totals.hashrate, network) : null)) break
      }
    } finally {
      output.close()
    }
  }

  /** The difficulty for the odds line; a failure only costs the odds line, never the watch. */
  private async network(): Promise<Pick<NetworkSnapshot, 'difficulty' | 'source'> | null> {
    if (this.flags.difficulty !== undefined) return {difficulty: parseDifficulty(this.flags.difficulty), source: {kind: 'manual'}}
    const spinner = (await this.spinner('Reading the network difficulty')).start()
    try {
      return await readNetwork(this.ctx, {source: this.flags.source})
    } catch (error) {
      this.ctx.debug(`network difficulty: ${errorMessage(error)}`)
      return null
    } finally {
      spinner.stop()
    }
  }
}

interface WatchOutput {
  close(): void
  /** False when nobody reads the output any more. */
  show(tick: WatchTick, odds: FleetOdds | null): boolean
}

/** The full-screen dashboard on a terminal; the bell rings when a block is found. */
function dashboardOutput(intervalMs: number): WatchOutput {
  const screen = new DashboardScreen(process.stdout)
  const alerts: WatchAlert[] = []
  let frame = ''
  return {
    close: () => screen.restore(frame),
    show(tick, odds) {
      appendAll(alerts, tick.alerts)
      alerts.splice(0, Math.max(0, alerts.length - KEPT_ALERTS))
      frame = sanitizeOutput(renderWatchFrame(tick, {alerts, intervalMs, odds}))
      screen.draw(frame)
      if (tick.alerts.some((alert) => alert.kind === 'block-found')) process.stdout.write('\u0007')
      return true
    },
  }
}

/** One JSON object per update; `watch --json | head -1` ends the watch once the reader has gone. */
function jsonLinesOutput(): WatchOutput {
  let readerGone = false
  const onError = () => (readerGone = true)
  process.stdout.on('error', onError)
  return {
    close: () => process.stdout.off('error', onError),
    show(tick, odds) {
      if (readerGone) return false
      process.stdout.write(`${JSON.stringify(sanitizeJson(jsonLine(tick, odds)))}\n`)
      return true
    },
  }
}

/** One JSON line per update (documented shape): the history stays out, every line stands alone. */
function jsonLine(tick: WatchTick, odds: FleetOdds | null) {
  return {
    alerts: tick.alerts,
    at: tick.at,
    devices: tick.devices.map(({history: _history, ...device}) => device),
    odds,
    poll: tick.poll,
    totals: tick.totals,
  }
}
