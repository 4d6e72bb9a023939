/**
 * Ctrl-C during a fleet `config set` (issue 8 §2): it exited 6 and said nothing of where it stopped.
 * Interrupted is exit 130 for one device and for a fleet, and the JSON says which devices were done,
 * which was in progress and how far it got, and which were never touched. SIGINT is sent to the built
 * CLI as soon as the simulator journal shows the device being restarted.
 */
import {spawn} from 'node:child_process'
import {describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {binPath, collectOutput, tempConfig} from '../helpers/cli.js'
import {ADDRESS, NO_PUBLIC_APIS, track, writes} from './helpers.js'

const targetOf = (sim: AxeosSim) => `${sim.address.host}:${sim.address.httpPort}`

async function sim(host: string, restartDownMs: number): Promise<AxeosSim> {
  return track(await createAxeosSim({host, httpPort: 0, jitter: false, profile: 'axeos-2.14', restartDownMs}))
}

const setPool = ['config', 'set', 'pool', '127.83.0.1:3333', '-u', `${ADDRESS}.rig`, '--no-verify']

/** Runs `command` on `targets`, one device at a time, and sends SIGINT once `restarting` is asked to restart. */
async function interruptWhileRestarting(targets: AxeosSim[], restarting: AxeosSim, command = setPool) {
  const config = tempConfig()
  try {
    const args = [...command, ...targets.map(targetOf), '--concurrency', '1', '--yes', '--json']
    const child = spawn(process.execPath, [binPath, ...args], {
      env: {HOME: config.dir, NO_COLOR: '1', PATH: process.env.PATH, SOLOMINER_SKIP_NEW_VERSION_CHECK: 'true', ...config.env, ...NO_PUBLIC_APIS},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const output = collectOutput(child, 60_000)
    const deadline = Date.now() + 40_000
    while (!writes(restarting).some(({path}) => path === '/api/system/restart') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    child.kill('SIGINT')
    return await output
  } finally {
    config.cleanup()
  }
}

describe('Ctrl-C during a push', () => {
  it('a fleet: exit 130; done, in progress (restart sent) and untouched devices in the JSON', {timeout: 90_000}, async () => {
    const quick = await sim('127.83.4.1', 300)
    const slow = await sim('127.83.4.2', 30_000)
    const never = await sim('127.83.4.3', 300)
    const {code, json} = await interruptWhileRestarting([quick, slow, never], slow)
    expect(code).toBe(130)
    expect(json.interrupted).toBe(true)
    expect(json.results.map((result: {stage: string; status: string}) => [result.status, result.stage])).toEqual([
      ['changed', 'done'],
      ['interrupted', 'restart-sent'],
      ['untouched', 'read'],
    ])
    expect(json.results[0]).toMatchObject({restarted: true, verified: true})
    expect(json.results[1]).toMatchObject({restarted: true, verified: false})
    expect(json.results[1].error).toMatchObject({code: 'INTERRUPTED', exitCode: 130})
    expect(json.results[1].error.message).toBe(
      `Interrupted while the device restarted to apply the change: check it with \`solominer config get\` once it is back; the configuration before is saved in ${json.results[1].backup}`,
    )
    expect(json.results[2].error).toEqual({code: 'INTERRUPTED', exitCode: 130, message: 'Interrupted before this device was started: nothing was sent to it', suggestions: []})
    expect(writes(never)).toEqual([])
    expect(writes(slow).map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system', 'POST /api/system/restart'])
  })

  it('restart of a fleet: exit 130; restarted, interrupted while waiting, untouched', {timeout: 90_000}, async () => {
    const quick = await sim('127.83.4.5', 300)
    const slow = await sim('127.83.4.6', 30_000)
    const never = await sim('127.83.4.7', 300)
    const {code, json} = await interruptWhileRestarting([quick, slow, never], slow, ['restart'])
    expect(code).toBe(130)
    expect(json.interrupted).toBe(true)
    expect(json.results.map((result: {status: string}) => result.status)).toEqual(['restarted', 'interrupted', 'untouched'])
    expect(json.results[1].error.message).toBe('Interrupted after the restart was sent, while waiting for the device to come back')
    expect(writes(never)).toEqual([])
  })

  it('one device: exit 130, interrupted with its stage', {timeout: 90_000}, async () => {
    const slow = await sim('127.83.4.4', 30_000)
    const {code, json} = await interruptWhileRestarting([slow], slow)
    expect(code).toBe(130)
    expect(json.interrupted).toBe(true)
    expect(json.results).toHaveLength(1)
    expect(json.results[0]).toMatchObject({error: {code: 'INTERRUPTED', exitCode: 130}, stage: 'restart-sent', status: 'interrupted'})
  })
})
