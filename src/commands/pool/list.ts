import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {POOL_PRESETS, type PoolPreset} from '../../lib/pools/presets.js'
import {renderPresets} from '../../ui/render-config.js'

export default class PoolList extends BaseCommand<typeof PoolList> {
  static override description = `Solo pools pay the whole block reward (less the operator's fee) to the address in your pool user; pooled ones pay an account. Use a preset name wherever a pool URL is accepted (config set pool, switch solo --pool, profile add --pool, pool check). Fees are the operators' published or observed figures ("?" when unknown).`
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --kind solo --json']
  static override flags = {
    kind: Flags.string({options: ['solo', 'pooled', 'non-custodial'], summary: 'Only presets of this kind.'}),
  }
  static override summary = 'List the built-in pool presets (solo and pooled).'

  public async run(): Promise<{presets: PoolPreset[]}> {
    const presets = POOL_PRESETS.filter((preset) => this.flags.kind === undefined || preset.kind === this.flags.kind)
    this.log(renderPresets(presets))
    return {presets}
  }
}
