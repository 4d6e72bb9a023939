import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../command-helpers/base-command.js'
import {durationFlag} from '../command-helpers/duration-flags.js'
import {invalidInput} from '../lib/errors.js'
import {type DurationRule} from '../lib/units.js'
import {readControlCommands} from '../sim/control.js'
import {DEFAULT_FLEET_HOST_BASE, type FleetPorts, fleetScanCommand, startFleetOnFixedPorts, startHomeFleet} from '../sim/fleet.js'
import {startSoloPools, soloTryCommands} from '../sim/solo-pools.js'
import {renderSimDevices, renderSimPools} from '../ui/render-sim.js'

/** --duration: a week at most. */
const SIM_DURATION_RULE: DurationRule = {bareUnit: 's', example: '10min', maxMs: 604_800_000, minMs: 1000, name: '--duration'}

export default class Sim extends BaseCommand<typeof Sim> {
  static override description = `Starts the same simulated miners as \`solominer demo\` (several AxeOS generations, a NerdQAxe++, a Lucky Miner LV06, an Avalon Nano 3S and a stock Antminer S9), each on its own loopback address, and keeps them running until Ctrl-C. Point solominer, or a dashboard you are building, at them.

Nothing leaves your machine: every simulator listens on 127.x only. Real devices use ports 80 and 4028; by default every simulator uses HTTP port 18080 and RPC port 14028 (another free pair when those are taken), and the exact \`solominer scan\` command that finds them all is printed. --ports standard uses 80 and 4028 (port 80 needs root); --ports ephemeral gives each simulator its own free ports (then no single scan finds them).

Beside them run two solo pools (stratum, port 3333 or a free one): <host base>.2 pays the address you authorise with, <host base>.3 pays its operator whatever you send, so \`pool check\` and \`switch solo\` can be tried end to end; the commands to try are printed.

With --json, one JSON object {devices, pools, scanCommand, tryCommands} is printed as soon as they are up (scanCommand is null when no single scan can find the fleet).

While they run, commands typed (or piped) on stdin make them do what real miners do now and then, one per line: block DEVICE [DIFF], share DEVICE DIFF, reboot DEVICE, offline DEVICE, online DEVICE (DEVICE: an address as listed, a hostname, or all). Each answers one line on stderr.

Exit codes: 0 stopped (Ctrl-C, or --duration over), 2 invalid flags or the addresses/ports are already in use (another sim running?).`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --ports 8080:14028',
    '<%= config.bin %> <%= command.id %> --duration 10min --json',
  ]
  static override flags = {
    duration: durationFlag(SIM_DURATION_RULE, {summary: 'Stop after this long (e.g. 30s, 10min; default: until Ctrl-C):'}),
    'host-base': Flags.string({default: DEFAULT_FLEET_HOST_BASE, summary: 'First three octets of the 127.x addresses to use.'}),
    ports: Flags.string({
      summary:
        'Ports on every address: HTTP:RPC like 8080:14028, "standard" (80 and 4028, needs root) or "ephemeral" (free ports per simulator); default 18080:14028 or another free pair.',
    }),
  }
  static override summary = 'Run a simulated home fleet of miners on loopback until Ctrl-C.'

  public async run(): Promise<void> {
    const hostBase = parseHostBase(this.flags['host-base'])
    const stopAfterMs = this.flags.duration ?? null
    // Ends the reading of stdin commands however the simulators stop.
    const controls = new AbortController()
    const fleet =
      this.flags.ports === undefined
        ? (await startFleetOnFixedPorts({hostBase})).fleet
        : await startHomeFleet({hostBase, ports: parsePorts(this.flags.ports)})
    const solo = await startSoloPools({hostBase, port: this.flags.ports === 'ephemeral' ? 0 : undefined, sharedHost: fleet.sharedHost}).catch(async (error: unknown) => {
      await fleet.stop()
      throw error
    })
    try {
      const devices = fleet.listing
      const scanCommand = fleetScanCommand(fleet, hostBase)
      const pools = solo.listing
      const tryCommands = soloTryCommands(pools, fleet)
      if (this.jsonEnabled()) process.stdout.write(`${JSON.stringify({devices, pools, scanCommand, tryCommands})}\n`)
      else this.log(`${renderSimDevices(devices, scanCommand, stopAfterMs)}\n\n${renderSimPools(pools, tryCommands)}`)
      const targets = fleet.devices.map((sim, index) => ({hostname: devices[index]!.hostname, sim}))
      // Answers go to stderr also under --json (stdout holds the one JSON object).
      const answer = (line: string) => process.stderr.write(`${line}\n`)
      void readControlCommands(process.stdin, targets, answer, AbortSignal.any([this.ctx.signal, controls.signal]))
      await waitUntil(this.ctx.signal, stopAfterMs)
    } finally {
      controls.abort()
      await Promise.all([fleet.stop(), solo.stop()])
    }
    this.logToStderr('Simulators stopped.')
  }
}

function parseHostBase(text: string): string {
  if (!/^127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)$/.test(text)) {
    throw invalidInput(`--host-base ${text} must be the first three octets of a loopback address, like 127.77.0`)
  }
  return text
}

function parsePorts(text: string): FleetPorts {
  if (text === 'ephemeral' || text === 'standard') return text
  const match = /^(\d{1,5}):(\d{1,5})$/.exec(text)
  const pair = match ? {http: Number(match[1]), rpc: Number(match[2])} : null
  if (!pair || pair.http < 1 || pair.http > 65_535 || pair.rpc < 1 || pair.rpc > 65_535 || pair.http === pair.rpc) {
    throw invalidInput(`--ports ${text} is not understood`, 'Use ephemeral, standard, or two different ports HTTP:RPC like 8080:14028')
  }
  return pair
}

/** Resolves on Ctrl-C or after `ms` (never, when null). */
function waitUntil(signal: AbortSignal, ms: number | null): Promise<void> {
  return new Promise((resolve) => {
    const timer = ms === null ? undefined : setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      {once: true},
    )
  })
}
