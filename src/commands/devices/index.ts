import {BaseCommand} from '../../command-helpers/base-command.js'
import {type InventoryDevice, inventoryPath, readInventory} from '../../lib/inventory/store.js'
import {renderDevices} from '../../ui/render-devices.js'

export default class Devices extends BaseCommand<typeof Devices> {
  static override description = `Every device a scan found, by MAC: last address and ports, hostname, model, firmware, alias, how it is meant to mine (MINES, set with "devices mark"), first and last seen. Commands accept any of these names as TARGETS (IP, IP:port, hostname, MAC, alias, or "all").`
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = 'List the miners in the inventory.'

  public async run(): Promise<{devices: InventoryDevice[]; path: string}> {
    const {devices} = await readInventory(this.ctx)
    const path = inventoryPath(this.ctx)
    this.log(renderDevices(devices, path))
    return {devices, path}
  }
}
