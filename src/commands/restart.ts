import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {targetFlags} from '../command-helpers/device-command.js'
import {PushCommand, writeFlags} from '../command-helpers/push-command.js'
import {type RestartResult, restartDevices, restartResult} from '../lib/actions/restart.js'
import {pushExitCode} from '../lib/config/push.js'
import {renderRestarts} from '../ui/render-config.js'

export default class Restart extends PushCommand<typeof Restart> {
  static override args = {
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `Asks each device's firmware to restart, then waits (bounded by --wait) until it has gone away and answers again. Confirmed on a terminal; --yes for scripts.

Exit codes: 0 done, 3 another solominer kept writing to the device past --lock-wait, 6 some devices failed, 4 a single device did not come back, 5 not supported, 10 not confirmed, 130 interrupted (Ctrl-C).`
  static override examples = ['<%= config.bin %> <%= command.id %> bitaxe.local', '<%= config.bin %> <%= command.id %> all --yes --no-wait']
  static override flags = {
    ...targetFlags,
    'dry-run': writeFlags['dry-run'],
    'lock-wait': writeFlags['lock-wait'],
    'no-wait': Flags.boolean({default: false, summary: 'Do not wait for the devices to come back.'}),
    wait: writeFlags.wait,
    yes: writeFlags.yes,
  }
  static override summary = 'Restart your miners (confirmed), and wait for them to come back.'

  public async run(): Promise<{dryRun: boolean; interrupted: boolean; results: RestartResult[]}> {
    this.requireConsentPossible()
    const targets = await this.resolve(this.args.targets ?? [])
    if (this.flags['dry-run']) {
      const results = targets.map((target) => restartResult(target, 'skipped'))
      this.log(`Dry run, nothing sent: would restart ${targets.map((target) => target.target).join(', ')}`)
      return {dryRun: true, interrupted: false, results}
    }
    await this.confirmOrAbort(`Restart: ${targets.map((target) => target.target).join(', ')}`, `Restart ${targets.length} device${targets.length === 1 ? '' : 's'}?`)
    const spinner = (await this.spinner(`Restarting ${targets.length} device${targets.length === 1 ? '' : 's'}`)).start()
    const results = await restartDevices(targets, this.ctx, {...this.pushOptions(), wait: !this.flags['no-wait']}).finally(() => spinner.stop())
    this.log(renderRestarts(results))
    process.exitCode = pushExitCode(results)
    return {dryRun: false, interrupted: this.ctx.signal.aborted, results}
  }
}
