import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {type PushReport, PushCommand, writeFlags} from '../../command-helpers/push-command.js'
import {backupTarget, loadBackupSource, prepareRestore} from '../../lib/config/restore.js'

export default class ConfigRestore extends PushCommand<typeof ConfigRestore> {
  static override args = {
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: with --from FILE the device the file belongs to, else every device in the inventory)', multiple: true}),
  }
  static override description = `Writes a saved configuration back: the newest backup of each device (--from latest) or a given backup file (which must belong to the device; without TARGETS, that device). The current configuration is backed up first, marked as taken before a restore: --from latest skips those safety copies, so restoring twice does not undo the first restore (restore a safety copy with --from FILE).

The device restarts when needed and the result is read back and compared with the backup.
Exit codes: 0 done, 2 the --from file is missing or not a backup (nothing sent), 4 a single device unreachable, 5 not supported by a single device's firmware, 6 some devices failed, 7 not applied, 10 not confirmed, 130 interrupted (Ctrl-C; the JSON says where each device stopped); 3 another solominer kept writing to a single device past --lock-wait.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> bitaxe.local',
    '<%= config.bin %> <%= command.id %> --from ~/.local/share/solominer/backups/aa-bb-cc-dd-ee-ff/2026-11-22T10-00-00.000Z.json --yes',
  ]
  static override flags = {...writeFlags, from: Flags.string({default: 'latest', summary: 'Backup file to restore, or "latest" (per device, skipping the safety copies taken before restores).'})}
  static override summary = 'Restore a saved configuration to your miners.'

  public async run(): Promise<PushReport> {
    const specs = this.args.targets ?? []
    if (this.flags.from === 'latest') return this.runPush(specs, (options) => prepareRestore('latest', this.ctx, options))
    const source = await loadBackupSource(this.flags.from)
    return this.runPush(specs.length > 0 ? specs : [await backupTarget(source, this.ctx)], (options) => prepareRestore(source, this.ctx, options))
  }
}
