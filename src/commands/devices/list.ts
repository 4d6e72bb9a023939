import Devices from './index.js'

export default class DevicesList extends Devices {
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
}
