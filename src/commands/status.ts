import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../command-helpers/base-command.js'
import {resolveTargets} from '../lib/inventory/resolve.js'
import {DEFAULT_STATUS_CONCURRENCY, type StatusReport, readStatuses, statusExitCode} from '../lib/status/service.js'
import {renderStatus} from '../ui/render-status.js'
import {portFlags} from '../command-helpers/port-flags.js'

export default class Status extends BaseCommand<typeof Status> {
  static override args = {
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `Reads every device in parallel through its firmware's API and shows one row per device with totals and warnings (overheating, hardware/power faults, a pool that is not solo, a solo user that is not a valid Bitcoin address, a solo pool paying an address that is not yours: payout.address or your solo profiles). Every pool slot is checked (primary, fallback, pool 3); a device marked pooled (devices mark NAME --pooled) is not warned about for mining pooled.

Exit codes: 0 every device read, 2 unknown target or empty inventory, 6 some devices failed (the others are shown), 4 no device reachable, 5 no device answered usefully.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> 192.168.1.50 bitaxe-garage',
    '<%= config.bin %> <%= command.id %> all --json',
  ]
  static override flags = {
    concurrency: Flags.integer({default: DEFAULT_STATUS_CONCURRENCY, min: 1, summary: 'Devices read at the same time.'}),
    ...portFlags,
  }
  static override summary = 'Show hashrate, temperature, power, pool and best difficulty of your miners.'

  public async run(): Promise<StatusReport> {
    const targets = await resolveTargets(this.args.targets ?? [], this.ctx, {
      httpPort: this.flags['http-port'],
      rpcPort: this.flags['rpc-port'],
    })
    const spinner = (await this.spinner(`Reading ${targets.length} device${targets.length === 1 ? '' : 's'}`)).start()
    const report = await readStatuses(targets, this.ctx, {concurrency: this.flags.concurrency}).finally(() => spinner.stop())
    this.log(renderStatus(report))
    process.exitCode = statusExitCode(report.devices)
    return report
  }
}
