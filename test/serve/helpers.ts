/**
 * Runs the BUILT `solominer serve` as a user would (JSON lines on stdout: no TTY) and reads its events.
 * Every serve started here is stopped by `stopAll()` (call it in afterEach).
 */
import {type ChildProcess, type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'
import {createServer} from 'node:net'

import {binPath} from '../helpers/cli.js'

export interface ServeEventLine {
  at: string
  data: Record<string, unknown>
  device: {alias: string | null; hostname: string | null; ip: string; mac: string | null; model: string | null} | null
  event: string
  id: string
  message: string
  seq: number
}

export interface RunningServe {
  child: ChildProcessWithoutNullStreams
  /** Every event line so far. */
  events: ServeEventLine[]
  stderr(): string
  /** Sends `signal` and waits for the exit code; SIGKILLed (and null) after 5 s, the documented bound. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
  url: string
  /** Resolves with the first event (already printed or still to come) matching, or rejects after `timeoutMs`. */
  waitFor(match: (event: ServeEventLine) => boolean, timeoutMs?: number): Promise<ServeEventLine>
}

const running = new Set<RunningServe>()

/** Starts `solominer serve ...args` and resolves once it printed its `started` event. */
export async function startServe(args: string[], env: Record<string, string>): Promise<RunningServe> {
  const child = spawn(process.execPath, [binPath, 'serve', ...args], {
    env: {HOME: process.env.HOME, NO_COLOR: '1', PATH: process.env.PATH, SOLOMINER_NET_ALLOW: '127.0.0.0/8', ...env},
  })
  const events: ServeEventLine[] = []
  const waiters = new Set<() => void>()
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
    const lines = stdout.split('\n')
    stdout = lines.pop()!
    for (const line of lines) if (line.trim() !== '') events.push(JSON.parse(line))
    for (const wake of waiters) wake()
  })
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  exited.then(() => {
    for (const wake of waiters) wake()
  })
  let exitedYet = false
  void exited.then(() => (exitedYet = true))

  const waitFor: RunningServe['waitFor'] = (match, timeoutMs = 20_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = events.find(match)
        if (found) return done(() => resolve(found))
        if (exitedYet) done(() => reject(new Error(`serve exited without the event; stderr: ${stderr}`)))
      }
      const done = (settle: () => void) => {
        clearTimeout(timer)
        waiters.delete(check)
        settle()
      }
      const timer = setTimeout(() => done(() => reject(new Error(`no such event within ${timeoutMs} ms; got ${JSON.stringify(events)}; stderr: ${stderr}`))), timeoutMs)
      waiters.add(check)
      check()
    })

  const serve: RunningServe = {
    child,
    events,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      running.delete(serve)
      if (exitedYet) return exited
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
    url: '',
    waitFor,
  }
  running.add(serve)
  const started = await waitFor((event) => event.event === 'started').catch(async (error: unknown) => {
    await serve.stop('SIGKILL')
    throw error
  })
  serve.url = String(started.data.url)
  return serve
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((serve) => serve.stop('SIGKILL')))
}

/** GET (or another method) on a serve endpoint: status, headers and body text. */
export async function request(url: string, init: RequestInit = {}): Promise<{body: string; headers: Headers; status: number}> {
  const response = await fetch(url, init)
  return {body: await response.text(), headers: response.headers, status: response.status}
}

/** Polls /healthz until the first poll round is done (200). */
export async function waitHealthy(serve: RunningServe, init: RequestInit = {}, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if ((await request(`${serve.url}/healthz`, init)).status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`serve at ${serve.url} not healthy within ${timeoutMs} ms; stderr: ${serve.stderr()}`)
}

/**
 * /api/system/info figures pinned on an AxeOS 2.13 simulator (`setTelemetry`), so tests can expect exact
 * values: 1234.5 GH/s, 20.5 W (16.61 J/TH), 61.5 °C chip, 55 °C regulator, 4100 RPM, 500/3 shares, 2 h up.
 */
export const PINNED_AXEOS_FIGURES = {
  bestDiff: 5_000_000_000,
  bestSessionDiff: 21_874_112,
  expectedHashrate: 1300,
  fanrpm: 4100,
  hashRate: 1234.5,
  power: 20.5,
  sharesAccepted: 500,
  sharesRejected: 3,
  temp: 61.5,
  temp2: 60,
  uptimeSeconds: 7200,
  vrTemp: 55,
}

/** A port free on `host` now (for a tool that must be told its port, like Prometheus or Mosquitto). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, host, () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

/** Stops a process a test started: SIGTERM, then SIGKILL after 5 s. */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}
