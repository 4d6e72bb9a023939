import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {DeviceCommand, targetFlags} from '../../command-helpers/device-command.js'
import {BITCOIN_NETWORKS, type BitcoinNetworkName} from '../../lib/bitcoin/address.js'
import {devicesExitCode} from '../../lib/errors.js'
import {type MiningRow, readMining} from '../../lib/config/read.js'
import {renderMining} from '../../ui/render-config.js'

export default class Switch extends DeviceCommand<typeof Switch> {
  static override args = {
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `For each device: its primary pool, whether that is solo, pooled or non-custodial (known presets; other pools are called solo when the user is a valid payout address), and the address it pays. Change it with \`switch solo\` or \`switch pool <profile>\`.`
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> all --json']
  static override flags = {
    ...targetFlags,
    network: Flags.string({default: 'mainnet', options: [...BITCOIN_NETWORKS], summary: 'Bitcoin network of payout addresses.'}),
  }
  static override summary = 'Show what each miner mines now: solo or pooled, which pool, which address.'

  public async run(): Promise<{devices: MiningRow[]}> {
    const targets = await this.resolve(this.args.targets ?? [])
    const devices = await readMining(targets, this.ctx, this.flags.network as BitcoinNetworkName, {
      concurrency: this.flags.concurrency,
      credentials: this.credentials(),
    })
    this.log(renderMining(devices))
    process.exitCode = devicesExitCode(devices.map((row) => ({error: row.error, failed: row.error !== undefined})))
    return {devices}
  }
}
