import * as Args from '@oclif/core/args'

import {DeviceCommand, targetFlags} from '../../command-helpers/device-command.js'
import {type BackupResult, backupDevices} from '../../lib/config/read.js'
import {pushExitCode} from '../../lib/config/push.js'
import {renderBackups} from '../../ui/render-config.js'

export default class ConfigBackup extends DeviceCommand<typeof ConfigBackup> {
  static override args = {
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `Saves each device's native configuration (verbatim, so a restore loses nothing) and its uniform view to <data dir>/backups/<mac-or-ip>/<timestamp>.json. Every config write also saves one first.

Exit codes: 0 all saved, 6 some failed, 4/5 a single device unreachable or unsupported.`
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> bitaxe.local --json']
  static override flags = targetFlags
  static override summary = 'Save the configuration of your miners to local backup files.'

  public async run(): Promise<{results: BackupResult[]}> {
    const targets = await this.resolve(this.args.targets ?? [])
    const results = await backupDevices(targets, this.ctx, {concurrency: this.flags.concurrency, credentials: this.credentials()})
    this.log(renderBackups(results))
    process.exitCode = pushExitCode(results)
    return {results}
  }
}
