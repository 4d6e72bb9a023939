/** The TTY confirmation before anything is written to a device. */
import {createInterface} from 'node:readline/promises'

/** True when a human can answer a prompt (stdin and stderr are terminals). */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY)
}

/** Asks a yes/no question on stderr; only "y"/"yes" (any case) confirms, so Enter means no. */
export async function confirm(question: string): Promise<boolean> {
  const readline = createInterface({input: process.stdin, output: process.stderr})
  try {
    const answer = await readline.question(`${question} [y/N] `)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    readline.close()
  }
}
