// Deep imports: the '@oclif/core' index also loads ~60 modules (semver, ux...) a command run never uses
// (start-up time, bench/startup.js). They are the same module instances the index re-exports.
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type {InferredArgs, InferredFlags} from '@oclif/core/interfaces'

import {TIMEOUT_RULE, durationFlag} from './duration-flags.js'
import {type AppContext, DEFAULT_TIMEOUT_MS, createContext} from '../lib/context.js'
import {ExitCode, SolominerError} from '../lib/errors.js'
import {closestMatch} from '../lib/text/edit-distance.js'
import {sanitizeJson, sanitizeOutput} from '../lib/text/sanitize.js'

export type FlagsOf<T extends typeof Command> = InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type ArgsOf<T extends typeof Command> = InferredArgs<T['args']>

/** What a spinner needs to offer; a no-op one is used off-TTY and under --json. */
export interface Progress {
  fail(text?: string): void
  start(): Progress
  stop(): void
  succeed(text?: string): void
  text: string
}

/**
 * Every solominer command extends this: global flags, the AppContext, spinners on stderr only on a TTY,
 * and one error rendering (one line + "Try this", or `{"error": {...}}` under --json).
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    color: Flags.boolean({
      allowNo: true,
      default: true,
      helpGroup: 'GLOBAL',
      summary: 'Colour the output (NO_COLOR also turns it off).',
    }),
    timeout: durationFlag(TIMEOUT_RULE, {
      default: DEFAULT_TIMEOUT_MS,
      env: 'SOLOMINER_TIMEOUT',
      helpGroup: 'GLOBAL',
      summary: 'Deadline of each request to a device, pool or API, whole reply included:',
    }),
    verbose: Flags.boolean({
      default: false,
      helpGroup: 'GLOBAL',
      summary: 'Show diagnostic detail and the cause of errors on stderr.',
    }),
  }
  static override enableJsonFlag = true
  /** Signals that abort `ctx.signal` (a service run by a supervisor also stops on SIGTERM). */
  static stopSignals: NodeJS.Signals[] = ['SIGINT']

  protected args!: ArgsOf<T>
  protected ctx!: AppContext
  protected flags!: FlagsOf<T>
  private readonly interrupt = new AbortController()

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    const known = toSolominerError(error, this.flagNames())
    if (!known) {
      // Not ours: a bug. oclif prints it (with the stack under DEBUG); exit 1.
      if (this.flags?.verbose) this.logToStderr(error.stack ?? String(error))
      return super.catch(error)
    }
    if (this.jsonEnabled()) {
      this.logJson({error: known.toJSON()})
    } else if (known.informational) {
      this.logToStderr(known.message)
    } else {
      this.logToStderr(`Error: ${known.message}`)
      const [first, ...rest] = known.suggestions
      if (first !== undefined) this.logToStderr(rest.length === 0 ? `Try this: ${first}` : 'Try this:')
      if (rest.length > 0) for (const suggestion of known.suggestions) this.logToStderr(`  * ${suggestion}`)
      if ((this.flags?.verbose || process.env.DEBUG) && known.cause !== undefined) {
        this.logToStderr(`Caused by: ${describeCause(known.cause)}`)
      }
    }
    process.exitCode = known.exitCode
    return undefined
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    await this.ctx?.close()
    return super.finally(error)
  }

  public override async init(): Promise<void> {
    await super.init()
    const {args, flags} = await this.parse({
      args: this.ctor.args,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      flags: this.ctor.flags,
      strict: this.ctor.strict,
    })
    this.args = args as ArgsOf<T>
    this.flags = flags as FlagsOf<T>
    if (!this.jsonEnabled()) {
      // chalk is loaded only for human output: --json starts faster (bench/startup.js).
      const {configureColor} = await import('../ui/theme.js')
      configureColor(this.flags.color ? (this.argv.includes('--color') ? 'always' : 'auto') : 'never')
    }
    // The first stop signal stops the work (each command reports how far it got, exit 130); a second
    // one quits at once. Not `once`: the handler must stay registered while the first one is handled, or
    // a library listening too (proper-lockfile's lock clean-up) would take it for the last and kill us.
    for (const stopSignal of (this.ctor as typeof BaseCommand).stopSignals) {
      const onStop = () => {
        if (!this.interrupt.signal.aborted) {
          this.interrupt.abort(new SolominerError('INTERRUPTED', 'Interrupted', {exitCode: ExitCode.Interrupted}))
          return
        }
        process.removeListener(stopSignal, onStop)
        process.kill(process.pid, stopSignal)
      }
      process.on(stopSignal, onStop)
    }
    this.ctx = createContext({
      debug: (line) => this.logToStderr(line),
      paths: {cacheDir: this.config.cacheDir, configDir: this.config.configDir, dataDir: this.config.dataDir},
      signal: this.interrupt.signal,
      timeoutMs: this.flags.timeout,
      userAgent: `solominer/${this.config.version}`,
      verbose: this.flags.verbose,
    })
  }

  /** Every flag this command accepts (for "Did you mean --…?"). */
  private flagNames(): string[] {
    const names = Object.keys({...(this.ctor as typeof BaseCommand).baseFlags, ...this.ctor.flags})
    return this.ctor.enableJsonFlag ? [...names, 'json'] : names
  }

  /**
   * Every line of human output and every --json document passes the one sanitiser last, whatever path a
   * device, pool, API or file string took (src/lib/text/sanitize.ts): our colours stay, nothing else.
   */
  public override log(message = '', ...args: unknown[]): void {
    super.log(sanitizeOutput(message), ...args)
  }

  public override logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(sanitizeOutput(message), ...args)
  }

  protected override logJson(json: unknown): void {
    super.logJson(sanitizeJson(json))
  }

  /** True when progress may be drawn: stderr is a terminal and output is not JSON. */
  protected get interactive(): boolean {
    // A pseudo-terminal reporting 0 columns (`script`, some CI runners) sends ora into an endless redraw.
    return Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) > 0 && !this.jsonEnabled()
  }

  /** A spinner on stderr, only on a TTY and never under --json (ora is loaded lazily: start-up time). */
  protected async spinner(text: string): Promise<Progress> {
    if (!this.interactive) return silentProgress(text)
    const {default: ora} = await import('ora')
    return ora({discardStdin: false, stream: process.stderr, text}) as unknown as Progress
  }
}

function silentProgress(text: string): Progress {
  const progress: Progress = {
    fail() {},
    start: () => progress,
    stop() {},
    succeed() {},
    text,
  }
  return progress
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as {code?: string}).code
    return `${cause.name}${code ? ` ${code}` : ''}: ${cause.message}`
  }
  return String(cause)
}

/**
 * oclif's "Missing 2 required args:" lists one argument per line as "name  description" (descriptions
 * wrapped): "Missing argument TARGET (The device: ...); missing argument NAME (The new name ...)".
 */
function missingArguments(message: string): string | undefined {
  const [first = '', ...rest] = message.split('\n')
  if (!/^Missing \d+ required args?:/.test(first)) return undefined
  const entries: string[] = []
  for (const line of rest) {
    if (/^see more help/i.test(line.trim()) || line.trim() === '') continue
    const start = /^(\S+)\s{2,}(.*)$/.exec(line)
    if (start) entries.push(`argument ${start[1]!.toUpperCase()} (${start[2]!.trim()}`)
    else if (entries.length > 0) entries[entries.length - 1] += ` ${line.trim()}`
  }
  if (entries.length === 0) return undefined
  return `Missing ${entries.map((entry) => `${entry})`).join('; missing ')}`
}

/** True for oclif's flag/argument parser errors (every one of them extends CLIParseError). */
function isParserError(error: Error & {oclif?: {exit?: number}}): boolean {
  for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === 'CLIParseError') return true
  }
  // A custom flag's parse() that throws is re-thrown by oclif as "Parsing --flag \n\t<reason>".
  return /^Parsing --[\w-]+/.test(error.message) || (error.name === 'Error' && error.oclif?.exit === 2)
}

/** Our errors as they are; oclif's flag/argument parsing errors become USAGE errors (exit 2). */
function toSolominerError(error: Error & {oclif?: {exit?: number}}, flagNames: string[]): SolominerError | undefined {
  if (error instanceof SolominerError) {
    // A flag's own parser (durations...) threw it, and oclif wrapped its message: "Parsing --flag \n\t...".
    error.message = error.message.replace(/^Parsing --[\w-]+ \n\t/, '').replace(/\nSee more help with --help$/, '')
    return error
  }
  if (!isParserError(error)) return undefined
  const missing = missingArguments(error.message)
  if (missing) return new SolominerError('USAGE', missing, {suggestions: ['See --help for the arguments and examples']})
  // oclif's parser messages span several lines ("The following error occurred:", bullets, "See more help");
  // keep the substance on one line.
  const message = error.message
    .replace(/^Parsing (--[\w-]+)\s*/, 'Invalid value for $1: ')
    .split('\n')
    .map((line) => line.replace(/^\s*[*-]\s*/, '').trim())
    .filter((line) => line !== '' && !/^the following errors? occurred:?$/i.test(line) && !/^see more help/i.test(line))
    .join('; ')
    .replace(/: ; /, ': ')
  const misspelt = /Nonexistent flags?: -{1,2}([\w-]+)/.exec(error.message)?.[1]
  const meant = misspelt === undefined ? undefined : closestMatch(misspelt, flagNames)
  return new SolominerError('USAGE', message || 'Invalid arguments', {
    suggestions: meant === undefined ? ['See --help for the accepted flags'] : [`Did you mean --${meant}?`, 'See --help for the accepted flags'],
  })
}
