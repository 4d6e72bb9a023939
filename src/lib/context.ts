/**
 * AppContext: everything a service needs, created once per command run and passed down (no module
 * state). Commands build it in BaseCommand; tests and benchmarks build it with createContext().
 */
import {type Http, createHttp} from './net/http.js'

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
