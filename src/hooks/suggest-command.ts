/**
 * Off a terminal, @oclif/plugin-not-found only says "not a command" (its "Did you mean" is a prompt).
 * Scripts and logs deserve the suggestion too: this hook prints it, without prompting.
 */
import type {Hook} from '@oclif/core/hooks'

/** Edit distance between two command ids, for the closest-match suggestion. */
function distance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}

const hook: Hook.CommandNotFound = async function (options) {
  if (process.stdin.isTTY) return // plugin-not-found asks "Did you mean ...?" there
  const visible = options.config.commands.filter((command) => !command.hidden).map((command) => command.id)
  const [closest] = visible
    .map((id) => ({distance: distance(options.id, id), id}))
    .sort((left, right) => left.distance - right.distance)
  if (closest && closest.distance <= Math.max(2, Math.floor(options.id.length / 3))) {
    process.stderr.write(`Did you mean "${options.config.bin} ${closest.id.replaceAll(':', ' ')}"?\n`)
  }
}

export default hook
