import * as Args from '@oclif/core/args'

import {type PushReport, PushCommand, poolFlags, writeFlags} from '../../../command-helpers/push-command.js'
import type {BitcoinNetworkName} from '../../../lib/bitcoin/address.js'
import {fallbackFollowsPrimary} from '../../../lib/config/fallback.js'
import {poolSlotRequest, poolUserOrDefault, validatePoolInput} from '../../../lib/config/pools.js'

export default class ConfigSetPool extends PushCommand<typeof ConfigSetPool> {
  static override args = {
    pool: Args.string({description: 'stratum+tcp://host:port, stratum+ssl://host:port, host:port or a preset name (`pool list`)', required: true}),
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `Sets the primary pool and user. The fallback is kept; when it paid the same address as the old primary and the new user pays another address, the fallback takes the new user too (the same worker name as the primary, shown in the diff), and a fallback that pays anyone else is named in a warning. The user's address is validated first; for a solo pool the pool is checked to pay that address (the same check as \`solominer pool check\`) before anything is sent. With --dry-run a pool that cannot be reached is marked not verified and the diff is still shown (exit 0); one that answers and does not pay you is refused as in a real push (exit 8). Each device's configuration is backed up, written in one request where the API allows, the device restarted when the firmware needs it, and the result read back: a device that did not apply the change is reported as failed and its backup restored.

Worker templates in --user: {hostname} (the alias you gave the device, else its hostname), {mac} (12 hex digits), {ip}. Without --user: <payout.address>.{hostname} (solominer settings set payout.address).
Exit codes: 0 done, 2 invalid input (nothing sent), 4 a single device or the pool unreachable (not with --dry-run), 5 not supported by a single device's firmware, 6 some devices failed, 7 one device did not apply the change, 8 the pool does not pay your address, 10 not confirmed, 130 interrupted (Ctrl-C; the JSON says where each device stopped); 3 another solominer kept writing to a single device past --lock-wait.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> ckpool --user bc1q...your-address.{hostname} bitaxe.local',
    '<%= config.bin %> <%= command.id %> stratum+tcp://public-pool.io:21496 --user bc1q...addr.rig1 192.168.1.50 --dry-run',
    '<%= config.bin %> <%= command.id %> stratum.braiins.com:3333 --user myaccount.worker1 all --yes',
  ]
  static override flags = {...writeFlags, ...poolFlags}
  static override summary = 'Set the primary pool of your miners (verified write with backup).'

  public async run(): Promise<PushReport> {
    const network = this.flags.network as BitcoinNetworkName
    const user = await poolUserOrDefault(this.flags.user, this.ctx)
    const {input, warnings} = validatePoolInput(this.args.pool, user, this.flags.password, network)
    return this.pushChange(this.args.targets ?? [], fallbackFollowsPrimary(poolSlotRequest(0, input), network), {gate: {alwaysVerify: false, inputs: [input]}, warnings})
  }
}
