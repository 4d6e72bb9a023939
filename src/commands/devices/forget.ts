import * as Args from '@oclif/core/args'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {forgetDevice} from '../../lib/inventory/manage.js'
import type {InventoryDevice} from '../../lib/inventory/store.js'
import {renderDeviceChange} from '../../ui/render-devices.js'

export default class DevicesForget extends BaseCommand<typeof DevicesForget> {
  static override args = {
    target: Args.string({description: 'The device: IP, IP:port, hostname, MAC or alias', required: true}),
  }
  static override examples = ['<%= config.bin %> <%= command.id %> garage', '<%= config.bin %> <%= command.id %> 192.168.1.50']
  static override summary = 'Remove a device from the inventory (a later scan adds it again if it is still there).'

  public async run(): Promise<{device: InventoryDevice}> {
    const device = await forgetDevice(this.ctx, this.args.target)
    this.log(renderDeviceChange('Forgot', device))
    return {device}
  }
}
