import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {chainSourceFlags, chainSourceOptions} from '../../command-helpers/chain-flags.js'
import {BITCOIN_NETWORKS} from '../../lib/bitcoin/address.js'
import {ExitCode} from '../../lib/errors.js'
import {
  DEFAULT_MIN_SHARE_PERCENT,
  type PoolCheckOptions,
  type PoolCheckResult,
  type UnreachablePoolResult,
  checkPool,
  unreachablePoolResult,
} from '../../lib/pools/check.js'
import {renderPoolCheck} from '../../ui/render-pool-check.js'

/** Scripts gating on `pool check` tell the verdicts apart by the exit code alone. */
const VERDICT_EXIT_CODES = {
  'does-not-pay-you': ExitCode.DoesNotPayYou,
  'pays-you': ExitCode.Ok,
  'pays-you-partly': ExitCode.PaysYouPartly,
} as const

const percent = Flags.custom<number>({
  async parse(input) {
    const value = Number(input)
    if (!Number.isFinite(value) || value < 0 || value > 100) throw new Error(`Expected a percentage from 0 to 100, got "${input}"`)
    return value
  },
})

export default class PoolCheck extends BaseCommand<typeof PoolCheck> {
  static override args = {
    pool: Args.string({description: 'Pool URL (stratum+tcp://host:port, stratum+ssl://host:port, host:port) or preset name', required: true}),
  }
  static override description = `Connects to the pool as a miner would (mining.subscribe, mining.configure, mining.authorize with your user), waits for the first job, rebuilds its coinbase transaction and lists every output. Outputs are compared by script with your address's script, so the verdict says how much of the block reward the pool would pay you: pays-you (at least --min-share %), pays-you-partly, or does-not-pay-you. Nothing is ever submitted.

The coinbase must be one a valid block can carry: outputs present, none negative, no more than 21 million BTC, a BIP34 height, and no more than the subsidy plus the fees the next block can have (twice a live source's next-block fees plus 1 BTC, or 10 BTC without one); otherwise it pays nothing: does-not-pay-you.

The job is also compared with the chain tip (BIP34 height = tip + 1, prevhash = tip, nbits = network) from the same sources as \`odds\`; a pool building on another chain (e.g. Bitcoin Cash) is flagged and counts as not paying you. When no live source answers, the chain checks are reported as not checked.

Exit codes: 0 pays you, 9 pays you only partly, 8 does not pay you, 2 invalid address or input, 4 pool unreachable or no job in time, 5 the pool refused the user or sent a malformed job.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> ckpool --user bc1qsz776dlrlp4p54rwpxd3tc4s9p2a8ppuceyvdc.bitaxe',
    '<%= config.bin %> <%= command.id %> stratum+ssl://public-pool.io:4333 --user bc1q... --json',
    '<%= config.bin %> <%= command.id %> 192.168.1.20:3333 --user tb1q... --network testnet --source node',
  ]
  static override flags = {
    chain: Flags.boolean({allowNo: true, default: true, summary: 'Compare the job with the chain tip (--no-chain skips it).'}),
    'insecure-tls': Flags.boolean({default: false, summary: 'Accept a TLS certificate that does not verify (self-signed pools).'}),
    'min-share': percent({default: DEFAULT_MIN_SHARE_PERCENT, summary: 'Share of the reward (%) that counts as "pays you".'}),
    network: Flags.option({default: 'mainnet', options: BITCOIN_NETWORKS, summary: 'Network of the payout address.'})(),
    password: Flags.string({default: 'x', summary: 'Stratum password (solo pools ignore it).'}),
    ...chainSourceFlags,
    user: Flags.string({char: 'u', required: true, summary: 'Your stratum user: <payout address>[.<worker>].'}),
    'user-agent': Flags.string({summary: 'Client name sent with mining.subscribe, e.g. your miner\'s "bitaxe/BM1370/v2.9.0" (default solominer/<version>).'}),
  }
  static override summary = "Prove whether a pool's block template pays your address, before you point miners at it."

  public async run(): Promise<PoolCheckResult | UnreachablePoolResult> {
    const {flags} = this
    const options: PoolCheckOptions = {
      chain: flags.chain && chainSourceOptions(flags),
      insecureTls: flags['insecure-tls'],
      minSharePercent: flags['min-share'],
      network: flags.network,
      password: flags.password,
      pool: this.args.pool,
      user: flags.user,
      userAgent: flags['user-agent'],
    }
    const spinner = (await this.spinner(`Asking ${this.args.pool} for a job`)).start()
    let result: PoolCheckResult
    try {
      result = await checkPool(options, this.ctx)
    } catch (error) {
      // Under --json an unreachable pool is still a result (reachable: false), with the error inside it.
      const unreachable = this.jsonEnabled() ? unreachablePoolResult(options, error) : null
      if (!unreachable) throw error
      process.exitCode = unreachable.error.exitCode
      return unreachable
    } finally {
      spinner.stop()
    }
    this.log(renderPoolCheck(result))
    process.exitCode = VERDICT_EXIT_CODES[result.verdict]
    return result
  }
}
