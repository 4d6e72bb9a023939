import * as Args from '@oclif/core/args'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {SETTING_KEYS, assertSettingKey, displayValue, getSetting} from '../../lib/settings/store.js'
import {sanitizeText} from '../../lib/text/sanitize.js'

export interface SettingJson {
  description: string
  key: string
  secret: boolean
  set: boolean
  /** The stored value; "(set)" for a secret; null when not set. */
  value: string | null
}

export default class SettingsGet extends BaseCommand<typeof SettingsGet> {
  static override args = {key: Args.string({description: 'Setting key, e.g. node.url', required: true})}
  static override examples = ['<%= config.bin %> <%= command.id %> node.url', '<%= config.bin %> <%= command.id %> odds.source --json']
  static override summary = 'Show one local setting (secrets are shown as "(set)").'

  public async run(): Promise<SettingJson> {
    const key = assertSettingKey(this.args.key)
    const value = displayValue(key, await getSetting(this.ctx, key))
    this.log(value === null ? '(not set)' : sanitizeText(value, Number.POSITIVE_INFINITY))
    return {description: SETTING_KEYS[key].description, key, secret: SETTING_KEYS[key].secret, set: value !== null, value}
  }
}
