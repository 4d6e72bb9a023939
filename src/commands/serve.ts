import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../command-helpers/base-command.js'
import {resolveTargets} from '../lib/inventory/resolve.js'
import {readAuthToken} from '../lib/serve/auth.js'
import type {ServeEvent} from '../lib/serve/events.js'
import {DEFAULT_LISTEN, isLoopback, parseListenAddress} from '../lib/serve/listen.js'
import {DEFAULT_HASHRATE_DROP_FOR_MS, DEFAULT_HASHRATE_DROP_PERCENT} from '../lib/serve/detect.js'
import {DEFAULT_OFFLINE_AFTER, DEFAULT_SERVE_INTERVAL_MS, runServe} from '../lib/serve/service.js'
import {parseMqttUrl} from '../lib/serve/home-assistant.js'
import {notifyTargets} from '../lib/serve/notify/targets.js'
import {defaultStateDir} from '../lib/serve/state-dir.js'
import {CHAIN_SOURCES, getSetting} from '../lib/settings/store.js'
import {type DurationRule, parseDifficulty} from '../lib/units.js'
import {POLL_INTERVAL_RULE, durationFlag} from '../command-helpers/duration-flags.js'
import {portFlags} from '../command-helpers/port-flags.js'

/** --hashrate-drop-for: a second to a day. */
const HASHRATE_DROP_FOR_RULE: DurationRule = {bareUnit: 's', example: '10min', maxMs: 86_400_000, minMs: 1000, name: '--hashrate-drop-for'}

export default class Serve extends BaseCommand<typeof Serve> {
  static override args = {
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)'}),
  }
  static override description = `Runs until stopped (Ctrl-C, SIGINT or SIGTERM; then exits 0 within 5 s), polling every device as \`watch\` does (never faster than its family copes with) and serving:
  GET /metrics       Prometheus text format 0.0.4
  GET /api/devices   the same JSON as \`status --json\`
  GET /api/events    the event log (?since=SEQ for the events after SEQ)
  GET /healthz       200 while poll rounds complete, 503 before the first and when they stall

It listens on 127.0.0.1:9184 by default; another address needs --listen-any. With --auth-token-file every endpoint wants "Authorization: Bearer <token>".

On a terminal it prints one line per event; otherwise (or with --json) one JSON object per event (JSON lines) on stdout.

Exit codes: 0 stopped by a signal, 2 invalid flags or targets (or the address cannot be listened on), 3 unreadable inventory.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --listen 0.0.0.0:9184 --listen-any --auth-token-file ~/.config/solominer/token',
    '<%= config.bin %> <%= command.id %> bitaxe-garage 192.168.1.51 --interval 30s --json >> events.jsonl',
  ]
  static override flags = {
    'auth-token-file': Flags.string({summary: 'Require "Authorization: Bearer <token>" on every endpoint; the token is the first line of this file.'}),
    difficulty: Flags.string({summary: 'Network difficulty for the odds metrics (default: from --source, refreshed hourly).'}),
    'hashrate-drop': Flags.integer({
      default: DEFAULT_HASHRATE_DROP_PERCENT,
      max: 100,
      min: 0,
      summary: 'Report a hashrate-drop when a device hashes below this percentage of its expected hashrate (0 = never).',
    }),
    'hashrate-drop-for': durationFlag(HASHRATE_DROP_FOR_RULE, {default: DEFAULT_HASHRATE_DROP_FOR_MS, summary: 'How long the hashrate must stay that low first, like 10min or 90s:'}),
    ...portFlags,
    interval: durationFlag(POLL_INTERVAL_RULE, {default: DEFAULT_SERVE_INTERVAL_MS, summary: 'Time between poll rounds, like 10s, 1500ms or 1min:'}),
    listen: Flags.string({default: DEFAULT_LISTEN, summary: 'HOST:PORT to serve on (an IP address; port 0 = any free port).'}),
    'listen-any': Flags.boolean({default: false, summary: 'Allow --listen on an address other than loopback (the endpoints show your fleet and pools).'}),
    live: Flags.boolean({allowNo: true, default: true, summary: 'Use the AxeOS live websocket where the firmware has it.'}),
    mqtt: Flags.string({summary: 'Publish to Home Assistant through this MQTT broker: mqtt://[user:password@]host[:port] (discovery, states, availability; default: the mqtt.url setting).'}),
    notify: Flags.string({multiple: true, summary: 'Send every device event there (repeatable): json://, http(s)://, ntfy://, ntfys://, discord://, tgram:// (default: the notify.urls setting).'}),
    'offline-after': Flags.integer({default: DEFAULT_OFFLINE_AFTER, max: 1000, min: 1, summary: 'Failed polls in a row before a device is reported offline.'}),
    source: Flags.option({options: CHAIN_SOURCES, summary: 'Where the network difficulty comes from (default: settings, else auto).'})(),
    'state-dir': Flags.string({summary: 'Where the event log and state are kept (default: $XDG_STATE_HOME/solominer or ~/.local/state/solominer).'}),
  }
  static override stopSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']
  static override strict = false
  static override summary = 'Run always-on: Prometheus metrics, a JSON API and events for your miners.'

  public async run(): Promise<void> {
    const {argv} = await this.parse(Serve)
    const intervalMs = this.flags.interval
    const listen = parseListenAddress(this.flags.listen, this.flags['listen-any'])
    const difficulty = this.flags.difficulty === undefined ? undefined : parseDifficulty(this.flags.difficulty)
    const tokenFile = this.flags['auth-token-file']
    const authToken = tokenFile === undefined ? null : await readAuthToken(tokenFile)
    const notify = await notifyTargets(this.flags.notify, this.ctx)
    const mqttUrl = this.flags.mqtt ?? (await getSetting(this.ctx, 'mqtt.url'))
    const resolve = () => resolveTargets(argv as string[], this.ctx, {httpPort: this.flags['http-port'], rpcPort: this.flags['rpc-port']})
    const targets = await resolve()
    if (!isLoopback(listen.host) && authToken === null) {
      this.logToStderr(`Warning: serving on ${this.flags.listen} without --auth-token-file: anyone who can reach it sees your fleet`)
    }
    const print = this.jsonEnabled() || !process.stdout.isTTY ? printJsonLine : await terminalPrinter()
    // A reader of the event lines that goes away (a closed pipe) must not stop the service.
    process.stdout.on('error', () => {})
    await runServe(
      targets,
      this.ctx,
      {
        authToken,
        difficulty,
        // Without TARGETS (or with "all"), the inventory is followed as it changes.
        followInventory: argv.length === 0 || (argv as string[]).some((spec) => spec.toLowerCase() === 'all') ? resolve : undefined,
        intervalMs,
        listen,
        live: this.flags.live,
        hashrateDrop: this.flags['hashrate-drop'] === 0 ? null : {forMs: this.flags['hashrate-drop-for'], percent: this.flags['hashrate-drop']},
        mqtt: mqttUrl === undefined ? null : parseMqttUrl(mqttUrl, this.flags.mqtt === undefined ? 'mqtt.url setting' : '--mqtt'),
        notify,
        offlineAfter: this.flags['offline-after'],
        source: this.flags.source,
        stateDir: this.flags['state-dir'] ?? defaultStateDir(this.ctx),
      },
      {onEvent: print, onWarning: (message) => this.logToStderr(`Warning: ${message}`)},
    )
  }
}

function printJsonLine(event: ServeEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`)
}

/** chalk is loaded only for a terminal. */
async function terminalPrinter(): Promise<(event: ServeEvent) => void> {
  const {renderServeEvent} = await import('../ui/render-serve.js')
  return (event) => process.stdout.write(`${renderServeEvent(event)}\n`)
}
