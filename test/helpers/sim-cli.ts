/** `solominer sim` started in the background, as a person leaves it running in another terminal. */
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'

import {binPath} from './cli.js'

export interface SimOutput {
  devices: {host: string; httpPort: number | null; rpcPort: number | null}[]
  pools: {host: string; name: string; pays: 'operator' | 'user'; port: number; url: string}[]
  scanCommand: string | null
  tryCommands: string[]
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams
  /** The exit code, once it has exited. */
  exited: Promise<number | null>
  stderr(): string
  /** What it has printed so far. */
  stdout(): string
}

/** Starts the built CLI and resolves once its stdout satisfies `ready` (rejects if it exits first). */
export function startCli(args: string[], ready: (stdout: string) => boolean, env: Record<string, string> = {}): Promise<RunningCli> {
  const child = spawn(process.execPath, [binPath, ...args], {
    env: {HOME: process.env.HOME, NO_COLOR: '1', PATH: process.env.PATH, SOLOMINER_NET_ALLOW: '127.0.0.0/8', ...env},
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const running: RunningCli = {child, exited, stderr: () => stderr, stdout: () => stdout}
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} was not ready within 15 s`)), 15_000)
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (!ready(stdout)) return
      clearTimeout(timer)
      resolve(running)
    })
    void exited.then((code) => reject(new Error(`${args[0]} exited with ${code}: ${stderr}`)))
  })
}

/** Starts `sim --json` in the background and resolves with its first stdout line (printed once every simulator is up). */
export async function startSim(args: string[]): Promise<{child: ChildProcessWithoutNullStreams; output: SimOutput}> {
  const running = await startCli(['sim', '--json', ...args], (stdout) => stdout.includes('\n'))
  const stdout = running.stdout()
  return {child: running.child, output: JSON.parse(stdout.slice(0, stdout.indexOf('\n'))) as SimOutput}
}
