/**
 * An unknown command follows the conventions of every error: a usage error (exit 2), "Did you mean"
 * first, and `{"error": {...}}` on stdout under --json. Topics count as commands (`config sett` →
 * `config set`). No prompt: the suggestion is printed, never run.
 */
import type {Hook} from '@oclif/core/hooks'

import {ExitCode, SolominerError} from '../lib/errors.js'
import {closestMatch} from '../lib/text/edit-distance.js'

const hook: Hook.CommandNotFound = async function (options) {
  const {bin} = options.config
  const spoken = (id: string) => id.replaceAll(':', ' ')
  const known = [...options.config.commands.filter((command) => !command.hidden).map((command) => command.id), ...options.config.topics.map((topic) => topic.name)]
  const closest = closestMatch(options.id, known)
  const suggestions = [closest === undefined ? `${bin} --help lists every command` : `Did you mean "${bin} ${spoken(closest)}"?`]
  if (closest !== undefined) suggestions.push(`${bin} ${spoken(closest)} --help`)
  const error = new SolominerError('USAGE', `"${spoken(options.id)}" is not a ${bin} command`, {suggestions})
  if (options.argv?.includes('--json')) {
    process.stdout.write(`${JSON.stringify({error: error.toJSON()}, null, 2)}\n`)
  } else {
    if (closest !== undefined) process.stderr.write(`${suggestions[0]}\n`)
    process.stderr.write(`Error: ${error.message}\nTry this: ${closest === undefined ? suggestions[0] : suggestions[1]}\n`)
  }
  this.exit(ExitCode.Usage)
}

export default hook
