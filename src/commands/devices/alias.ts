import * as Args from '@oclif/core/args'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {setAlias} from '../../lib/inventory/manage.js'
import type {InventoryDevice} from '../../lib/inventory/store.js'
import {renderDeviceChange} from '../../ui/render-devices.js'

export default class DevicesAlias extends BaseCommand<typeof DevicesAlias> {
  static override args = {
    target: Args.string({description: 'The device: IP, IP:port, hostname, MAC or current alias', required: true}),
    name: Args.string({description: 'The new name (letters, digits, ".", "-", "_")', required: true}),
  }
  static override examples = [
    '<%= config.bin %> <%= command.id %> 192.168.1.50 garage',
    '<%= config.bin %> <%= command.id %> aa:bb:cc:dd:ee:ff office-nano',
  ]
  static override summary = 'Name a device in the inventory, to use the name as a TARGET in every command.'

  public async run(): Promise<{device: InventoryDevice}> {
    const device = await setAlias(this.ctx, this.args.target, this.args.name)
    this.log(renderDeviceChange('Named', device))
    return {device}
  }
}
