import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {markDevice} from '../../lib/inventory/manage.js'
import type {InventoryDevice, MiningMark} from '../../lib/inventory/store.js'
import {renderDeviceChange} from '../../ui/render-devices.js'

const MARK_FLAGS = ['pooled', 'solo', 'unmark']

export default class DevicesMark extends BaseCommand<typeof DevicesMark> {
  static override args = {
    target: Args.string({description: 'The device: IP, IP:port, hostname, MAC or alias', required: true}),
  }
  static override description = `A device marked --pooled is meant to mine on a shared-reward pool: status, watch and serve stop warning that it does not mine solo (a pool slot paying a mistyped address is still reported). --solo marks one meant to mine solo (the default checks), --unmark forgets the mark. The MINES column of \`solominer devices\` shows it.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> s9-basement --pooled',
    '<%= config.bin %> <%= command.id %> 192.168.1.50 --solo',
    '<%= config.bin %> <%= command.id %> s9-basement --unmark',
  ]
  static override flags = {
    pooled: Flags.boolean({exactlyOne: MARK_FLAGS, summary: 'The device mines on a shared-reward pool on purpose.'}),
    solo: Flags.boolean({exactlyOne: MARK_FLAGS, summary: 'The device mines solo.'}),
    unmark: Flags.boolean({exactlyOne: MARK_FLAGS, summary: 'Remove the mark.'}),
  }
  static override summary = 'Mark a device in the inventory as mining pooled or solo, so status warns only about what contradicts it.'

  public async run(): Promise<{device: InventoryDevice}> {
    const mining: MiningMark | null = this.flags.pooled ? 'pooled' : this.flags.solo ? 'solo' : null
    const device = await markDevice(this.ctx, this.args.target, mining)
    this.log(renderDeviceChange(mining === null ? 'Unmarked' : `Marked ${mining}:`, device))
    return {device}
  }
}
