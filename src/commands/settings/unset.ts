import * as Args from '@oclif/core/args'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {assertSettingKey, unsetSetting} from '../../lib/settings/store.js'

export default class SettingsUnset extends BaseCommand<typeof SettingsUnset> {
  static override args = {key: Args.string({description: 'Setting key', required: true})}
  static override examples = ['<%= config.bin %> <%= command.id %> node.password']
  static override summary = 'Remove a local setting (back to its default).'

  public async run(): Promise<{key: string; removed: boolean}> {
    const key = assertSettingKey(this.args.key)
    const removed = await unsetSetting(this.ctx, key)
    this.log(removed ? `${key} removed` : `${key} was not set`)
    return {key, removed}
  }
}
