import * as Args from '@oclif/core/args'

import {type PushReport, PushCommand, writeFlags} from '../../../command-helpers/push-command.js'
import {parseHostname} from '../../../lib/config/values.js'

export default class ConfigSetHostname extends PushCommand<typeof ConfigSetHostname> {
  static override args = {
    value: Args.string({description: 'New hostname: one DNS label of letters, digits and "-" (a firmware may keep fewer than 63)', required: true}),
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `Set the hostname of a miner. Each device is backed up first, the value read back after the write, and a device that did not apply it is reported as failed (and its backup restored).

Exit codes: 0 done, 2 invalid value (nothing sent), 4 a single device unreachable, 5 not supported by a single device's firmware, 6 some devices failed, 7 not applied, 10 not confirmed, 130 interrupted (Ctrl-C; the JSON says where each device stopped); 3 another solominer kept writing to a single device past --lock-wait.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> bitaxe-garage 192.168.1.50',
  ]
  static override flags = {...writeFlags}
  static override summary = 'Set the hostname of a miner.'

  public async run(): Promise<PushReport> {
    const value = parseHostname(this.args.value)
    const request = {changeFor: () => ({hostname: value}), fields: ['hostname' as const]}
    return this.pushChange(this.args.targets ?? [], request, {oneDevice: 'config set hostname'})
  }
}
