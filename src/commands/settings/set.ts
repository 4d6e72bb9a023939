import * as Args from '@oclif/core/args'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {assertSettingKey, displayValue, setSetting, settingsPath} from '../../lib/settings/store.js'

export default class SettingsSet extends BaseCommand<typeof SettingsSet> {
  static override args = {
    key: Args.string({description: 'Setting key (see `settings list`)', required: true}),
    value: Args.string({description: 'New value', required: true}),
  }
  static override examples = [
    '<%= config.bin %> <%= command.id %> node.url http://127.0.0.1:8332',
    '<%= config.bin %> <%= command.id %> odds.source mempool',
    '<%= config.bin %> <%= command.id %> api.mempool https://mempool.example.org',
  ]
  static override summary = 'Store a local setting (validated; the file is written with mode 0600).'

  public async run(): Promise<{key: string; path: string; value: string | null}> {
    const key = assertSettingKey(this.args.key)
    const stored = await setSetting(this.ctx, key, this.args.value)
    const value = displayValue(key, stored)
    this.log(`${key} = ${value}`)
    return {key, path: settingsPath(this.ctx), value}
  }
}
