import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {type PushReport, PushCommand, poolFlags, writeFlags} from '../../command-helpers/push-command.js'
import {type BitcoinNetworkName, splitStratumUser} from '../../lib/bitcoin/address.js'
import {userPayoutAddress} from '../../lib/pools/user.js'
import {fallbackFollowsPrimary} from '../../lib/config/fallback.js'
import {type PoolInput, defaultPayoutAddress, poolListRequest, soloFallback, validatePoolInput} from '../../lib/config/pools.js'
import {invalidInput} from '../../lib/errors.js'
import {refuseHiddenCharacters} from '../../lib/text/sanitize.js'

export default class SwitchSolo extends PushCommand<typeof SwitchSolo> {
  static override args = {
    targets: Args.string({description: 'IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)', multiple: true}),
  }
  static override description = `Points your miners at a solo pool that pays the block reward to your address: the address is validated, the pool is checked to really pay it (its stratum job's coinbase is decoded; refused with exit 8 when it does not, unless --force), then every device is backed up, written, restarted and read back. With --dry-run a pool that cannot be reached is marked not verified and the diff is still shown (exit 0); one that answers and does not pay you is refused as in a real push (exit 8). The fallback is a second solo pool paying the same address (the preset's fallback, or --fallback, or none with --fallback none: the device's own fallback is then kept, moved to your address when it paid the old one).

The pool user is <address>.<worker>; the worker defaults to {hostname} (templates: {hostname} {mac} {ip}).
Exit codes: 0 done, 2 invalid address/pool (nothing sent), 4 the pool could not be checked (not with --dry-run) or a single device is unreachable, 5 not supported by a single device's firmware, 6 some devices failed, 7 not applied, 8 the pool does not pay your address, 10 not confirmed, 130 interrupted (Ctrl-C; the JSON says where each device stopped); 3 another solominer kept writing to a single device past --lock-wait.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --address bc1q...your-address',
    '<%= config.bin %> <%= command.id %> --pool public-pool --address bc1p...taproot bitaxe.local --dry-run',
    '<%= config.bin %> <%= command.id %> --pool stratum+tcp://192.168.1.10:3333 --address tb1q... --network testnet --fallback none --yes',
  ]
  static override flags = {
    ...writeFlags,
    address: Flags.string({summary: 'Your Bitcoin payout address (default: the saved payout.address, `solominer settings set payout.address`).'}),
    chain: poolFlags.chain,
    fallback: Flags.string({summary: 'Fallback solo pool (URL or preset), or "none". Default: the preset\'s partner solo pool.'}),
    force: poolFlags.force,
    network: poolFlags.network,
    password: poolFlags.password,
    pool: Flags.string({default: 'ckpool', summary: 'Solo pool: preset name (`pool list --kind solo`) or URL.'}),
    verify: poolFlags.verify,
    worker: Flags.string({default: '{hostname}', summary: 'Worker name after the address; "" for none.'}),
  }
  static override summary = 'Switch your miners to solo mining, after proving the pool pays your address.'

  public async run(): Promise<PushReport> {
    const network = this.flags.network as BitcoinNetworkName
    // `--address bc1q….rig` works too: a typed worker wins over --worker.
    const given = refuseHiddenCharacters(this.flags.address ?? (await defaultPayoutAddress(this.ctx, '--address')), 'address')
    const typed = splitStratumUser(given)
    const {address} = userPayoutAddress(given, network, 'switch solo pays the block reward to your address')
    const worker = refuseHiddenCharacters(typed.worker ?? this.flags.worker, 'worker name')
    const user = worker === '' ? address : `${address}.${worker}`
    const primary = validatePoolInput(this.flags.pool, user, this.flags.password, network)
    if (primary.input.pool.preset && primary.input.pool.preset.kind !== 'solo') {
      throw invalidInput(`${primary.input.pool.preset.label} is not a solo pool`, 'Pick one from `solominer pool list --kind solo`, or use `solominer switch pool <profile>`')
    }
    const inputs: PoolInput[] = [primary.input]
    const {fallback} = this.flags
    if (fallback !== 'none') {
      inputs.push(validatePoolInput(fallback ?? soloFallback(primary.input.pool).url, user, this.flags.password, network).input)
    }
    // The default partner pool is a known preset; a pool the user names is checked like the primary.
    const checked = fallback === undefined ? [primary.input] : inputs
    // With --fallback none the device's own fallback stays: one that paid the old address follows the new one.
    return this.pushChange(this.args.targets ?? [], fallbackFollowsPrimary(poolListRequest(inputs), network), {gate: {alwaysVerify: true, inputs: checked}, warnings: primary.warnings})
  }
}
