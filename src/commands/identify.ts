import * as Args from '@oclif/core/args'

import {DeviceCommand, targetFlags} from '../command-helpers/device-command.js'
import {locateDevice} from '../lib/actions/locate.js'
import {invalidInput} from '../lib/errors.js'

export default class Identify extends DeviceCommand<typeof Identify> {
  static override args = {
    target: Args.string({description: 'IP, IP:port, hostname, MAC or alias of one device', required: true}),
  }
  static override description = `Makes the device show itself (AxeOS 2.12 and later blink/flash the screen via /api/system/identify), so you can find it among others. Other firmware: a clear "not supported" (exit 5).`
  static override examples = ['<%= config.bin %> <%= command.id %> bitaxe.local', '<%= config.bin %> <%= command.id %> 192.168.1.50']
  static override flags = targetFlags
  static override summary = 'Make one miner blink so you can find it.'

  public async run(): Promise<{device: string; ip: string; target: string}> {
    const targets = await this.resolve([this.args.target])
    if (targets.length !== 1) throw invalidInput('identify takes exactly one device', 'Name one device by IP, hostname, MAC or alias')
    const result = await locateDevice(targets[0]!, this.ctx, {credentials: this.credentials()})
    this.log(`Identifying ${result.device}`)
    return result
  }
}
