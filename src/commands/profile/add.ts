import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {BITCOIN_NETWORKS, type BitcoinNetworkName} from '../../lib/bitcoin/address.js'
import {validatePoolInput} from '../../lib/config/pools.js'
import {type PoolProfile, type PublicProfile, publicProfile, saveProfile, validateProfileName} from '../../lib/pools/profiles.js'
import {renderProfiles, renderWarnings} from '../../ui/render-config.js'

export default class ProfileAdd extends BaseCommand<typeof ProfileAdd> {
  static override args = {name: Args.string({description: 'Profile name (letters, digits, "-", "_")', required: true})}
  static override description = `A profile is a pool list to switch to with \`solominer switch pool <name>\`: a primary pool and an optional fallback, each with its user (worker templates {hostname} {mac} {ip} allowed) and password. Users are validated like \`config set pool\` does. The --network is stored with the profile and used by \`switch pool\`. Stored in <config dir>/profiles.json (mode 0600).`
  static override examples = [
    '<%= config.bin %> <%= command.id %> braiins --pool braiins --user myaccount.{hostname}',
    '<%= config.bin %> <%= command.id %> solo-eu --pool ckpool-eu --user bc1q...addr.{hostname} --fallback public-pool --fallback-user bc1q...addr.{hostname}',
  ]
  static override flags = {
    fallback: Flags.string({summary: 'Fallback pool: URL or preset name.'}),
    'fallback-password': Flags.string({dependsOn: ['fallback'], summary: 'Fallback pool password (default "x").'}),
    'fallback-user': Flags.string({dependsOn: ['fallback'], summary: 'Fallback pool user (default: the primary user).'}),
    force: Flags.boolean({default: false, summary: 'Replace an existing profile of that name.'}),
    network: Flags.string({default: 'mainnet', options: [...BITCOIN_NETWORKS], summary: 'Bitcoin network of payout addresses.'}),
    password: Flags.string({summary: 'Pool password (default "x").'}),
    pool: Flags.string({required: true, summary: 'Pool: stratum+tcp://host:port, stratum+ssl://host:port, host:port or a preset name.'}),
    user: Flags.string({char: 'u', required: true, summary: 'Pool user: <address>[.worker] for solo pools, <account>[.worker] for pooled ones.'}),
  }
  static override summary = 'Save a named pool profile for `switch pool`.'

  public async run(): Promise<{profile: PublicProfile; warnings: string[]}> {
    const network = this.flags.network as BitcoinNetworkName
    const name = validateProfileName(this.args.name)
    const primary = validatePoolInput(this.flags.pool, this.flags.user, this.flags.password, network)
    const fallback = this.flags.fallback === undefined
      ? null
      : validatePoolInput(this.flags.fallback, this.flags['fallback-user'] ?? this.flags.user, this.flags['fallback-password'], network)
    const profile: PoolProfile = {
      fallback: fallback && {password: fallback.input.password, url: fallback.input.pool.url, user: fallback.input.user},
      name,
      network,
      pool: {password: primary.input.password, url: primary.input.pool.url, user: primary.input.user},
      preset: primary.input.pool.preset?.name ?? null,
    }
    await saveProfile(this.ctx, profile, {replace: this.flags.force})
    const warnings = [...primary.warnings, ...(fallback?.warnings ?? [])]
    if (warnings.length > 0) this.logToStderr(renderWarnings(warnings))
    this.log(renderProfiles([publicProfile(profile)]))
    return {profile: publicProfile(profile), warnings}
  }
}
