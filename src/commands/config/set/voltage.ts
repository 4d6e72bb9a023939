import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {type PushReport, PushCommand, writeFlags} from '../../../command-helpers/push-command.js'
import {parseVoltage} from '../../../lib/config/values.js'

export default class ConfigSetVoltage extends PushCommand<typeof ConfigSetVoltage> {
  static override args = {
    value: Args.string({description: 'Core voltage in mV (one of the device’s safe values unless --unsafe)', required: true}),
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `Set the ASIC core voltage (mV), from the device’s list of safe values. Each device is backed up first, the value read back after the write, and a device that did not apply it is reported as failed (and its backup restored).

Exit codes: 0 done, 2 invalid value (nothing sent), 4 a single device unreachable, 5 not supported by a single device's firmware, 6 some devices failed, 7 not applied, 10 not confirmed, 130 interrupted (Ctrl-C; the JSON says where each device stopped); 3 another solominer kept writing to a single device past --lock-wait.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> 1150 bitaxe.local --dry-run',
  ]
  static override flags = {...writeFlags, unsafe: Flags.boolean({default: false, summary: 'Allow a value outside the device’s safe list (can damage hardware).'})}
  static override summary = 'Set the ASIC core voltage (mV), from the device’s list of safe values.'

  public async run(): Promise<PushReport> {
    const value = parseVoltage(this.args.value)
    const request = {changeFor: () => ({coreVoltage: value}), fields: ['voltage' as const]}
    return this.pushChange(this.args.targets ?? [], request)
  }
}
