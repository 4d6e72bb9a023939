/**
 * Off a terminal, @oclif/plugin-not-found only says "not a command" (its "Did you mean" is a prompt).
 * Scripts and logs deserve the suggestion too: this hook prints it, without prompting.
 */
import type {Hook} from '@oclif/core/hooks'

import {editDistance} from '../lib/text/edit-distance.js'

const hook: Hook.CommandNotFound = async function (options) {
  if (process.stdin.isTTY) return // plugin-not-found asks "Did you mean ...?" there
  const visible = options.config.commands.filter((command) => !command.hidden).map((command) => command.id)
  const [closest] = visible
    .map((id) => ({distance: editDistance(options.id, id), id}))
    .sort((left, right) => left.distance - right.distance)
  if (closest && closest.distance <= Math.max(2, Math.floor(options.id.length / 3))) {
    process.stderr.write(`Did you mean "${options.config.bin} ${closest.id.replaceAll(':', ' ')}"?\n`)
  }
}

export default hook
