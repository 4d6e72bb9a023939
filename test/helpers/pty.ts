/**
 * The built CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal runs it: keys are
 * typed into the terminal (Ctrl-C reaches the CLI through the terminal's line discipline), and the CLI's
 * process id is known, so a supervisor's SIGTERM can be sent to it. Tests using it skip where `script`
 * is missing.
 */
import {type ChildProcessWithoutNullStreams, spawn, spawnSync} from 'node:child_process'

import {binPath} from './cli.js'

export const hasScript = spawnSync('script', ['--version']).status === 0

export interface TerminalRun {
  /** The CLI's exit code (`script -e` passes it on). */
  exited: Promise<number | null>
  /** Everything written to the terminal so far (ANSI and \r\n as they are). */
  output(): string
  /** The CLI's own process id. */
  pid: Promise<number>
  /** Types into the terminal ("\u0003" is Ctrl-C). */
  type(text: string): void
  /** Resolves once `text` has been written to the terminal. */
  waitFor(text: string): Promise<void>
}

const quote = (arg: string) => `'${arg.replaceAll("'", String.raw`'\''`)}'`

export function runOnTerminal(args: string[], options: {columns?: number; env?: Record<string, string | undefined>; killAfterMs?: number} = {}): TerminalRun {
  // The shell prints its pid and becomes the CLI (exec), so that pid is the CLI's.
  const command = `stty cols ${options.columns ?? 100} rows 40; echo "PID=$$"; exec ${quote(process.execPath)} ${[binPath, ...args].map(quote).join(' ')}`
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], {
    env: {HOME: process.env.HOME, PATH: process.env.PATH, SOLOMINER_NET_ALLOW: '127.0.0.0/8', SOLOMINER_SKIP_NEW_VERSION_CHECK: 'true', TERM: 'xterm-256color', ...options.env},
  })
  let output = ''
  const waiters: Array<{resolve: () => void; text: string}> = []
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    for (const waiter of waiters.filter((entry) => output.includes(entry.text))) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000)
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer)
      for (const waiter of waiters.splice(0)) waiter.resolve()
      resolve(code)
    })
  })
  const waitFor = (text: string) =>
    new Promise<void>((resolve) => {
      if (output.includes(text)) resolve()
      else waiters.push({resolve, text})
    })
  const pid = waitFor('\n').then(() => Number(/PID=(\d+)/.exec(output)?.[1]))
  return {exited, output: () => output, pid, type: (text) => child.stdin.write(text), waitFor}
}
