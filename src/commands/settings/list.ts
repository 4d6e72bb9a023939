import {BaseCommand} from '../../command-helpers/base-command.js'
import {SETTING_KEYS, type SettingKey, displayValue, readSettings, settingsPath} from '../../lib/settings/store.js'
import {renderSettings} from '../../ui/render-settings.js'
import type {SettingJson} from './get.js'

export default class SettingsList extends BaseCommand<typeof SettingsList> {
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = 'List every known setting, its value (secrets hidden) and where the file lives.'

  public async run(): Promise<{path: string; settings: SettingJson[]}> {
    const values = await readSettings(this.ctx)
    const settings = (Object.keys(SETTING_KEYS) as SettingKey[]).map((key) => {
      const value = displayValue(key, values[key])
      return {description: SETTING_KEYS[key].description, key, secret: SETTING_KEYS[key].secret, set: value !== null, value}
    })
    const path = settingsPath(this.ctx)
    this.log(renderSettings(settings, path))
    return {path, settings}
  }
}
