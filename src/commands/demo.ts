import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../command-helpers/base-command.js'
import {ExitCode} from '../lib/errors.js'
import {type DemoReport, runDemo} from '../sim/demo.js'
import {statusExitCode} from '../lib/status/service.js'
import {renderDemo} from '../ui/render-demo.js'

export default class Demo extends BaseCommand<typeof Demo> {
  static override description = `Starts a simulated home fleet on loopback (Bitaxes on several AxeOS versions, a NerdQAxe++, a Lucky Miner LV06, an Avalon Nano 3S and a stock Antminer S9), scans its address range (the heading shows the exact scan command, ports included), shows the status of every device and the fleet's solo odds at the built-in offline difficulty, checks two simulated solo pools (one pays you, one its operator), then stops everything.

Nothing is sent beyond your own machine, no network data is fetched, and your inventory and settings are not touched. Takes a few seconds.`
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override flags = {
    // Tests run the demo on their own addresses, beside other tests' demos.
    'host-base': Flags.string({hidden: true, summary: 'First three octets of the 127.x addresses to use.'}),
    // Where 127.77.0.x cannot be bound (macOS) the fleet shares 127.0.0.1 by itself; this forces it (tests).
    'shared-host': Flags.boolean({default: false, hidden: true, summary: 'Run every simulator on 127.0.0.1 with its own ports.'}),
  }
  static override summary = 'Try solominer without owning a miner: a simulated fleet, scanned and read.'

  public async run(): Promise<DemoReport> {
    const spinner = (await this.spinner('Starting simulated miners, scanning, reading')).start()
    const report = await runDemo(this.ctx, {hostBase: this.flags['host-base'], sharedHost: this.flags['shared-host']}).finally(() => spinner.stop())
    this.log(renderDemo(report))
    // Every simulator must be found and read; anything less is a fault worth a non-zero exit.
    const missed = report.scan.devices.length < report.simulators.length
    process.exitCode = missed ? ExitCode.PartialFailure : statusExitCode(report.status.devices)
    return report
  }
}
