import * as Args from '@oclif/core/args'

import {type PushReport, PushCommand, writeFlags} from '../../../command-helpers/push-command.js'
import {parseFanSetting} from '../../../lib/config/values.js'

export default class ConfigSetFan extends PushCommand<typeof ConfigSetFan> {
  static override args = {
    value: Args.string({description: 'auto, or a fixed speed in percent (0-100)', required: true}),
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `Set fan control: automatic (by target temperature) or a fixed speed. Each device is backed up first, the value read back after the write, and a device that did not apply it is reported as failed (and its backup restored).

Exit codes: 0 done, 2 invalid value (nothing sent), 4 a single device unreachable, 5 not supported by a single device's firmware, 6 some devices failed, 7 not applied, 10 not confirmed, 130 interrupted (Ctrl-C; the JSON says where each device stopped); 3 another solominer kept writing to a single device past --lock-wait.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> auto all --yes',
    '<%= config.bin %> <%= command.id %> 80 bitaxe.local',
  ]
  static override flags = {...writeFlags}
  static override summary = 'Set fan control: automatic (by target temperature) or a fixed speed.'

  public async run(): Promise<PushReport> {
    const value = parseFanSetting(this.args.value)
    const request = {changeFor: () => ({fan: value}), fields: ['fan' as const]}
    return this.pushChange(this.args.targets ?? [], request)
  }
}
