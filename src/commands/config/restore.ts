import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {type PushReport, PushCommand, writeFlags} from '../../push-command.js'
import {prepareRestore} from '../../lib/config/restore.js'

export default class ConfigRestore extends PushCommand<typeof ConfigRestore> {
  static override args = {
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)'}),
  }
  static override description = `Writes a saved configuration back: the newest backup of each device (--from latest) or a given backup file (which must belong to the device). The current configuration is backed up first; the device restarts when needed and the result is read back and compared with the backup.

Exit codes: 0 done, 6 some devices failed, 7 not applied, 10 not confirmed.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> bitaxe.local',
    '<%= config.bin %> <%= command.id %> bitaxe.local --from ~/.local/share/solominer/backups/aa-bb-cc-dd-ee-ff/2026-11-22T10-00-00.000Z.json --yes',
  ]
  static override flags = {...writeFlags, from: Flags.string({default: 'latest', summary: 'Backup file to restore, or "latest" (per device).'})}
  static override strict = false
  static override summary = 'Restore a saved configuration to your miners.'

  public async run(): Promise<PushReport> {
    const {argv} = await this.parse(ConfigRestore)
    return this.runPush(argv as string[], (options) => prepareRestore(this.flags.from, this.ctx, options))
  }
}
