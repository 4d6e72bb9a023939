import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../command-helpers/base-command.js'
import {type TestResult, sendTestEvent, testExitCode} from '../../lib/serve/notify/notifier.js'
import {invalidInput} from '../../lib/errors.js'
import {notifyTargets} from '../../lib/serve/notify/targets.js'

export default class NotifyTest extends BaseCommand<typeof NotifyTest> {
  static override description = `Sends one test event to each --notify URL, else to each URL of the notify.urls setting (as \`serve\` would send events), and reports what each answered.

Exit codes: 0 every target took it, 6 some did, 4 none could be reached, 5 none took it (some answered with an error), 2 an invalid URL.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --notify ntfy://ntfy.example.org/my-miners',
    '<%= config.bin %> <%= command.id %> --notify json://127.0.0.1:8080/hook --notify tgram://123456:ABC/987654 --json',
  ]
  static override flags = {
    notify: Flags.string({multiple: true, summary: 'Where to send it (repeatable): json://, http(s)://, ntfy://, ntfys://, discord://, tgram:// (default: the notify.urls setting).'}),
  }
  static override summary = 'Send a test notification to each --notify target.'

  public async run(): Promise<{results: TestResult[]}> {
    const targets = await notifyTargets(this.flags.notify, this.ctx)
    if (targets.length === 0) throw invalidInput('Nowhere to send a test event', 'Give --notify URL, or keep them with: solominer settings set notify.urls "ntfy://ntfy.example.org/miners"')
    const spinner = (await this.spinner(`Sending a test event to ${targets.length} target${targets.length === 1 ? '' : 's'}`)).start()
    const {results} = await sendTestEvent(targets, this.ctx).finally(() => spinner.stop())
    for (const result of results) {
      this.log(result.ok ? `ok      ${result.target} (HTTP ${result.status})` : `failed  ${result.target}: ${result.error}`)
    }
    process.exitCode = testExitCode(results)
    return {results}
  }
}
