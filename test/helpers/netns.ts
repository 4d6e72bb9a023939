/**
 * Network-namespace LANs for end-to-end tests (root only: tests skip with netnsUnavailable()'s reason),
 * and helpers to run the built CLI and the simulators inside them.
 */
import type {ChildProcess} from 'node:child_process'
import {join} from 'node:path'

import type {NetnsLan} from '../../src/sim/netns.js'
import type {LanSpec} from '../../src/sim/lan-runner.js'
import {type CliResult, binPath, collectOutput, projectRoot} from './cli.js'

export {createNetnsLan, netnsName, netnsUnavailable, type NetnsLan} from '../../src/sim/netns.js'

/**
 * Runs the built CLI inside `namespace` with a hermetic environment whose network guard allows only the
 * namespace LAN (and loopback, and the mDNS group); killed after `killAfterMs`.
 */
export function runCliIn(lan: NetnsLan, namespace: string, args: string[], env: Record<string, string>, killAfterMs = 100_000): Promise<CliResult> {
  const child = lan.spawnIn(namespace, 'env', [
    `HOME=${process.env.HOME ?? '/root'}`,
    'NO_COLOR=1',
    `PATH=${process.env.PATH ?? ''}`,
    `SOLOMINER_NET_ALLOW=${lan.allow}`,
    // Generous identification deadline (as runCli's): eight simulators in one process answer late on a loaded machine.
    'SOLOMINER_TIMEOUT=15000',
    ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
    process.execPath,
    binPath,
    ...args,
  ])
  child.stdin?.end()
  return collectOutput(child, killAfterMs)
}

export interface LanDevices {
  devices: Array<{driver: string; host: string; mac: string; name: string}>
  process: ChildProcess
  stop(): Promise<void>
}

/** Starts the built simulators (dist/sim/lan-runner.js) inside `namespace`; resolves when they listen. */
export function startLanDevices(lan: NetnsLan, namespace: string, spec: LanSpec, timeoutMs = 60_000): Promise<LanDevices> {
  const child = lan.spawnIn(namespace, process.execPath, [join(projectRoot, 'dist', 'sim', 'lan-runner.js'), JSON.stringify(spec)])
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      child.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
      child.stdin?.end()
    })
  return new Promise((resolve, reject) => {
    let output = ''
    let errors = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`simulators did not start within ${timeoutMs} ms: ${errors}`))
    }, timeoutMs)
    child.stderr?.on('data', (chunk) => (errors += chunk))
    child.stdout?.on('data', (chunk) => {
      output += chunk
      const line = output.split('\n')[0]
      if (!output.includes('\n') || line === undefined) return
      clearTimeout(timer)
      resolve({...(JSON.parse(line) as {devices: LanDevices['devices']}), process: child, stop})
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      reject(new Error(`simulators exited with ${code}: ${errors}`))
    })
  })
}
