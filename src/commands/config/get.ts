import * as Args from '@oclif/core/args'

import {DeviceCommand, targetFlags} from '../../command-helpers/device-command.js'
import {CONFIG_KEYS, type ConfigReadResult, configValue, couldBeConfigKey, isConfigKey, readConfigs, unknownConfigKey} from '../../lib/config/read.js'
import {devicesExitCode, isSolominerError} from '../../lib/errors.js'
import type {ResolvedTarget} from '../../lib/inventory/resolve.js'
import {renderConfigs} from '../../ui/render-config.js'

/** `--json`: every device with its `config`; with KEY, `key` and `value` instead of `config`. */
type ConfigGetReport = {devices: (Omit<ConfigReadResult, 'config'> & {config?: ConfigReadResult['config']; key?: string; value?: unknown})[]}

export default class ConfigGet extends DeviceCommand<typeof ConfigGet> {
  static override args = {
    // One list: an optional KEY first, then TARGETS (oclif allows no optional argument before a variadic one).
    targets: Args.string({
      description: `An optional KEY (${CONFIG_KEYS.join(', ')}), then the devices: IP, IP:port, hostname, MAC, alias or "all" (default: every device in the inventory)`,
      multiple: true,
    }),
  }
  static override description = `Reads each device's configuration into one model for every firmware: pools (url, user, whether a password is set, TLS), fan (auto/manual %, target temperature, minimum), frequency (MHz), core voltage (mV) and hostname. Passwords are never shown.

Exit codes: 0 every device read, 6 some failed, 4/5 a single device unreachable or unsupported.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> pools bitaxe.local',
    '<%= config.bin %> <%= command.id %> frequency all --json',
  ]
  static override flags = targetFlags
  static override usage = '<%= command.id %> [KEY] [TARGETS...] [FLAGS]'
  static override summary = 'Show the configuration of your miners (pools, fan, frequency, voltage, hostname).'

  public async run(): Promise<ConfigGetReport> {
    const words = this.args.targets ?? []
    const key = words[0] !== undefined && isConfigKey(words[0]) ? words[0] : undefined
    const targets = key === undefined ? await this.resolveOrUnknownKey(words) : await this.resolve(words.slice(1))
    const spinner = (await this.spinner('Reading configuration')).start()
    const results = await readConfigs(targets, this.ctx, {concurrency: this.flags.concurrency, credentials: this.credentials()}).finally(() => spinner.stop())
    this.log(renderConfigs(results, key))
    process.exitCode = devicesExitCode(results.map((result) => ({error: result.error, failed: result.error !== undefined})))
    const devices = key === undefined ? results : results.map(({config, ...rest}) => ({...rest, key, value: config ? configValue(config, key) : null}))
    return {devices}
  }

  /** Without a known key the first word is a TARGET; a bare word that names no device was a key typo. */
  private async resolveOrUnknownKey(words: string[]): Promise<ResolvedTarget[]> {
    const [first] = words
    if (first !== undefined && couldBeConfigKey(first)) {
      await this.resolve([first]).catch((error: unknown) => {
        throw isSolominerError(error) && error.code === 'UNKNOWN_TARGET' ? unknownConfigKey(first) : error
      })
    }
    return this.resolve(words)
  }
}
