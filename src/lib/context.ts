/**
 * AppContext: everything a service needs, created once per command run and passed down (no module
 * state). Commands build it in BaseCommand; tests and benchmarks build it with createContext().
 */
import {setMaxListeners} from 'node:events'

import {SolominerError} from './errors.js'
import {startDeadline} from './net/errors.js'
import {type Http, type HttpRequest, createHttp} from './net/http.js'

export interface AppPaths {
  /** Per-user cache (oclif cacheDir). */
  cacheDir: string
  /** Settings, inventory, profiles (oclif configDir, `SOLOMINER_CONFIG_DIR` overrides). */
  configDir: string
  /** Configuration backups (oclif dataDir). */
  dataDir: string
}

export interface AppContext {
  close(): Promise<void>
  /** Diagnostic line to stderr, shown only with --verbose. */
  debug(message: string): void
  env: NodeJS.ProcessEnv
  http: Http
  paths: AppPaths
  /** Aborted on Ctrl-C. */
  signal: AbortSignal
  /** Default per-request timeout, ms. */
  timeoutMs: number
  userAgent: string
  verbose: boolean
}

export interface ContextOptions {
  debug?: (message: string) => void
  env?: NodeJS.ProcessEnv
  paths: AppPaths
  signal?: AbortSignal
  timeoutMs?: number
  userAgent?: string
  verbose?: boolean
}

export const DEFAULT_TIMEOUT_MS = 3000

export function createContext(options: ContextOptions): AppContext {
  const signal = options.signal ?? new AbortController().signal
  // Every request in flight follows it (a scan has hundreds): many listeners are expected, not a leak.
  setMaxListeners(0, signal)
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const userAgent = options.userAgent ?? 'solominer'
  const http = createHttp({signal, timeoutMs, userAgent})
  const verbose = options.verbose ?? false
  return {
    close: () => http.close(),
    debug: (message) => {
      if (verbose) (options.debug ?? ((line: string) => process.stderr.write(`${line}\n`)))(message)
    },
    env: options.env ?? process.env,
    http,
    paths: options.paths,
    signal,
    timeoutMs,
    userAgent,
    verbose,
  }
}

/**
 * A device's whole read (identification's two rounds, then the reading itself) gets at most this many
 * request timeouts, whatever the device does: a host answering every request just before its deadline
 * cannot hold `status` or `scan` for a multiple of --timeout.
 */
export const DEVICE_BUDGET_TIMEOUTS = 3

/** The time budget of one device's read, ms. */
export function deviceBudgetMs(ctx: AppContext): number {
  return ctx.timeoutMs * DEVICE_BUDGET_TIMEOUTS
}

/**
 * A context for one device's work: every request through it (HTTP, cgminer RPC, probes: all follow
 * `signal`) also ends at one shared deadline, on top of its own. Call `release()` when the work is done.
 */
export function withBudget(ctx: AppContext, budgetMs: number, what: string): {ctx: AppContext; release(): void} {
  const budget = startDeadline(
    budgetMs,
    [ctx.signal],
    () =>
      new SolominerError('TIMEOUT', `${what} did not finish answering within ${budgetMs} ms`, {
        suggestions: ['Check that it is not overloaded or restarting', 'Allow more time with --timeout'],
      }),
  )
  const bounded = async <T>(req: HttpRequest, send: (req: HttpRequest) => Promise<T>): Promise<T> => {
    if (req.signal === undefined) return send({...req, signal: budget.signal})
    const both = startDeadline(undefined, [req.signal, budget.signal])
    try {
      return await send({...req, signal: both.signal})
    } finally {
      both.clear()
    }
  }
  const http: Http = {
    close: () => ctx.http.close(),
    json: <T>(req: HttpRequest) => bounded(req, (r) => ctx.http.json<T>(r)),
    request: (req) => bounded(req, (r) => ctx.http.request(r)),
  }
  return {ctx: {...ctx, http, signal: budget.signal}, release: budget.clear}
}
