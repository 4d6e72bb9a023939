import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../command-helpers/base-command.js'
import {chainSourceFlags, chainSourceOptions} from '../command-helpers/chain-flags.js'
import {type OddsResult, buildOddsReport} from '../lib/odds/service.js'
import {HASHRATE_FORMS} from '../lib/units.js'

const positiveNumber = Flags.custom<number>({
  async parse(input) {
    const value = Number(input)
    if (!Number.isFinite(value) || value < 0) throw new Error(`Expected a non-negative number, got "${input}"`)
    return value
  },
})

export default class Odds extends BaseCommand<typeof Odds> {
  static override description = `Computes P(at least one block) = 1 − e^(−H·t/(D·2³²)) for 10 min, 1 h, 1 day, 7 days, 30 days and a year (plus --period), the expected and median time to a block, the block reward and the expected sats per day.

The difficulty comes from --difficulty, or from --source: your Bitcoin Core node (cookie or user/password), a mempool.space-compatible API, blockchain.info, or an embedded offline snapshot (flagged stale). "auto" tries the node (when configured or a cookie file exists), then mempool, then blockchain.info, then the snapshot. The output always names the source.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --hashrate 1.2TH',
    '<%= config.bin %> <%= command.id %> --hashrate 1.2TH --hashrate 500GH --difficulty 145.04T --period 5y',
    '<%= config.bin %> <%= command.id %> --hashrate 6TH --source node --rpc-cookie ~/.bitcoin/.cookie',
    '<%= config.bin %> <%= command.id %> --hashrate 1.2TH --watts 15 --kwh-price 0.30 --currency EUR',
    '<%= config.bin %> <%= command.id %> --fleet --best-diff 4.29G --json',
  ]
  static override flags = {
    ...chainSourceFlags,
    'best-diff': Flags.string({summary: 'Your best share difficulty (e.g. 4.29G): its ratio to the network difficulty (1 or more: a block).'}),
    'btc-price': positiveNumber({summary: 'BTC price in your currency, for the value per day.'}),
    chart: Flags.boolean({allowNo: true, default: true, summary: 'Show the chart of the chance over 1 day to 10+ years.'}),
    currency: Flags.string({summary: 'Currency code (USD, EUR...): reads the BTC price from the mempool API unless --btc-price is given.'}),
    difficulty: Flags.string({
      summary: 'Network difficulty (145042165424853.29, 1.45e14 or 145.04T); skips every network source.',
    }),
    fleet: Flags.boolean({default: false, summary: 'Add the current hashrate of every miner in the inventory.'}),
    hashrate: Flags.string({
      char: 'H',
      multiple: true,
      summary: `Hashrate to compute for; repeat to add miners. Forms: ${HASHRATE_FORMS}.`,
    }),
    'kwh-price': positiveNumber({dependsOn: ['watts'], summary: 'Electricity price per kWh (with --watts).'}),
    period: Flags.string({multiple: true, summary: 'Extra window(s), listed among the standard ones by duration: 12h, 90d, 2w, 5y...'}),
    watts: positiveNumber({summary: 'Power the miners draw, in watts: energy per day; with --kwh-price, cost per day vs expected value.'}),
  }
  static override summary = 'Your solo odds of finding a Bitcoin block, with the live network difficulty.'

  public async run(): Promise<OddsResult> {
    const {flags} = this
    const spinner = (await this.spinner('Reading the network difficulty')).start()
    let result: OddsResult
    try {
      result = await buildOddsReport(this.ctx, {
        bestDiff: flags['best-diff'],
        btcPrice: flags['btc-price'],
        chain: chainSourceOptions(flags),
        currency: flags.currency,
        difficulty: flags.difficulty,
        // The fleet service is only loaded for --fleet: it pulls in every driver.
        fleet: flags.fleet ? async () => (await import('../lib/status/fleet.js')).readFleetHashrate(['all'], this.ctx) : undefined,
        hashrates: flags.hashrate ?? [],
        kwhPrice: flags['kwh-price'],
        periods: flags.period ?? [],
        watts: flags.watts,
      })
    } finally {
      spinner.stop()
    }
    if (!this.jsonEnabled()) {
      // Rendering (chalk, Intl number formatting) is loaded only for human output: --json starts faster.
      const {renderOdds} = await import('../ui/render-odds.js')
      this.log(renderOdds(result, {chart: flags.chart}))
    }
    return result
  }
}
