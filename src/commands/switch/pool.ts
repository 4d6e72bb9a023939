import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {type PushReport, PushCommand, poolFlags, writeFlags} from '../../command-helpers/push-command.js'
import {BITCOIN_NETWORKS, type BitcoinNetworkName} from '../../lib/bitcoin/address.js'
import {type PoolInput, poolListRequest, validatePoolInput} from '../../lib/config/pools.js'
import {findProfile, profileNetwork} from '../../lib/pools/profiles.js'

export default class SwitchPool extends PushCommand<typeof SwitchPool> {
  static override args = {
    profile: Args.string({description: 'Profile name (`solominer profile list`)', required: true}),
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `Writes a saved profile's pools (primary and fallback) to your miners with the same verified push as \`config set pool\`: backup, one write, restart when needed, read back. A profile whose primary is a solo pool is checked to pay your address first (--no-verify to skip).

Exit codes: 0 done, 2 invalid profile (nothing sent), 4 a single device or the pool unreachable, 5 not supported by a single device's firmware, 6 some devices failed, 7 not applied, 8 the pool does not pay your address, 10 not confirmed, 130 interrupted (Ctrl-C; the JSON says where each device stopped); 3 another solominer kept writing to a single device past --lock-wait.`
  static override examples = ['<%= config.bin %> <%= command.id %> braiins all --yes', '<%= config.bin %> <%= command.id %> solo-eu bitaxe.local --dry-run']
  static override flags = {
    ...writeFlags,
    chain: poolFlags.chain,
    force: poolFlags.force,
    network: Flags.string({options: [...BITCOIN_NETWORKS], summary: 'Bitcoin network of the payout addresses (default: the profile\'s).'}),
    verify: poolFlags.verify,
  }
  static override summary = 'Switch your miners to the pools of a saved profile.'

  public async run(): Promise<PushReport> {
    const profile = await findProfile(this.ctx, this.args.profile)
    const network = (this.flags.network as BitcoinNetworkName | undefined) ?? profileNetwork(profile)
    const pools = profile.fallback ? [profile.pool, profile.fallback] : [profile.pool]
    const validated = pools.map((pool) => validatePoolInput(pool.url, pool.user, pool.password, network))
    const inputs: PoolInput[] = validated.map((entry) => entry.input)
    const warnings = validated.flatMap((entry) => entry.warnings)
    return this.pushChange(this.args.targets ?? [], poolListRequest(inputs), {gate: {alwaysVerify: false, inputs: inputs.slice(0, 1), network}, warnings})
  }
}
