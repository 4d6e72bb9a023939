/**
 * Runs the BUILT CLI (bin/run.js → dist/) as a user would, in a hermetic environment: a temp config
 * dir, no colour, no TTY. Integration tests use this; they mock nothing of our code.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
export const binPath = join(projectRoot, 'bin', 'run.js')

export interface CliResult {
  code: number | null
  /** stdout parsed as JSON (undefined when it is not JSON). */
  json: any // eslint-disable-line @typescript-eslint/no-explicit-any
  stderr: string
  stdout: string
}

export interface CliOptions {
  env?: Record<string, string | undefined>
  input?: string
  /** Kill the process after this many ms (tests stay bounded). */
  killAfterMs?: number
  /** Options for node itself, before the CLI's path (e.g. GC_PRESSURE). */
  nodeOptions?: string[]
}

/**
 * Node options that run the garbage collector every 100 ms in the CLI: what a long run's memory pressure
 * does at an unpredictable moment (Node 20 then drops an `AbortSignal.timeout` held only by
 * `AbortSignal.any`, and a deadline built that way never fires) happens in every test run.
 */
export const GC_PRESSURE = ['--expose-gc', '--import', 'data:text/javascript,setInterval(() => globalThis.gc(), 100).unref()']

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), binPath, ...args], {
    env: {
      HOME: process.env.HOME,
      NO_COLOR: '1',
      PATH: process.env.PATH,
      // The network guard: the CLI under test may reach loopback only (src/lib/net/guard.ts).
      SOLOMINER_NET_ALLOW: '127.0.0.0/8',
      SOLOMINER_SKIP_NEW_VERSION_CHECK: 'true',
      // Generous per-request deadline (--timeout wins): on a loaded machine a simulator answers late, and a
      // test about deadlines sets its own.
      SOLOMINER_TIMEOUT: '15000',
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  child.stdin.end(options.input ?? '')
  return collectOutput(child, options.killAfterMs ?? 60_000)
}

/** Gathers a child's stdout/stderr and exit code (stdout also parsed as JSON); killed after `killAfterMs`. */
export function collectOutput(child: ChildProcess, killAfterMs: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk) => (stdout += chunk))
    child.stderr?.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      let json
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({code, json, stderr, stdout})
    })
  })
}

/** A fresh config dir for one test; returns the env to pass and a cleanup. */
export function tempConfig(): {cleanup: () => void; dir: string; env: Record<string, string>} {
  const dir = mkdtempSync(join(tmpdir(), 'solominer-test-'))
  return {
    cleanup: () => rmSync(dir, {force: true, recursive: true}),
    dir,
    env: {SOLOMINER_CACHE_DIR: join(dir, 'cache'), SOLOMINER_CONFIG_DIR: join(dir, 'config'), SOLOMINER_DATA_DIR: join(dir, 'data')},
  }
}
