/**
 * What a push writes and how it is verified, through the built CLI against simulators: slots the firmware
 * lacks, --no-restart, the fallback next to a primary change, password changes in the diff, a device that
 * does not come back after its restart and a write the firmware cannot read back.
 */
import {describe, expect, it} from 'vitest'

import {createAvalonSim} from '../../src/sim/avalon.js'
import {createAxeosSim} from '../../src/sim/axeos.js'
import type {JournalEntry} from '../../src/sim/journal.js'
import {ADDRESS, RESTART_DOWN_MS, axeos, cli, nextLoopback, targetOf, track, writes} from './helpers.js'

const FAN_WRITE = {command: 'ascset', parameter: '0,fan-spd,50'}
const OLD_ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'

function avalonTarget(sim: {address: {host: string; httpPort: number; rpcPort: number}}): string[] {
  return [sim.address.host, '--http-port', String(sim.address.httpPort), '--rpc-port', String(sim.address.rpcPort)]
}

describe('firmware without a fallback slot (AxeOS 2.0.x)', () => {
  it('switch solo sets the primary only, with a note, and verifies that', async () => {
    const sim = await axeos('axeos-2.0')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--address', ADDRESS, '--worker', 'rig', targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({restarted: true, status: 'changed', verified: true})
    expect(json.results[0].changes.map((change: {field: string}) => change.field)).toEqual(['pool.url', 'pool.user'])
    expect(json.results[0].warnings).toContainEqual(expect.stringMatching(
      /has 1 pool slot: only the primary pool is set, the fallback stratum\+tcp:\/\/eusolo\.ckpool\.org:3333 is left out$/,
    ))
    const sent = writes(sim)
    expect(sent.map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system', 'POST /api/system/restart'])
    expect(JSON.parse(sent[0]!.body)).toEqual({stratumPassword: 'x', stratumPort: 3333, stratumURL: 'solo.ckpool.org', stratumUser: `${ADDRESS}.rig`})
  })

  it('config set fallback is "not supported" there: skipped, nothing sent, exit 5', async () => {
    const sim = await axeos('axeos-2.0')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'fallback', 'ckpool-eu', '--user', ADDRESS, targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(5)
    expect(json.results[0]).toMatchObject({error: {code: 'UNSUPPORTED'}, status: 'skipped'})
    expect(json.results[0].error.message).toMatch(/a fallback pool \(the firmware has 1 pool slot\) is not supported/)
    expect(writes(sim)).toEqual([])
  })
})

describe('--no-restart', () => {
  it('Avalon: saved for the next restart, pools not verifiable yet; AxeOS in the same push verified; exit 0', async () => {
    const avalon = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, rebootDownMs: RESTART_DOWN_MS, rpcPort: 0}))
    const bitaxe = await axeos('axeos-2.14')
    const running = structuredClone(avalon.state.pools)
    const {run} = cli()
    const avalonRun = await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', `${ADDRESS}.p`, ...avalonTarget(avalon), '--no-verify', '--no-restart', '--yes', '--json'])
    expect(avalonRun.code).toBe(0)
    const [result] = avalonRun.json.results
    expect(result).toMatchObject({restarted: false, restored: null, status: 'changed', verified: false})
    expect(result.notes).toEqual(['Saved; takes effect after the next restart (--no-restart was given)'])
    expect(result.warnings).toEqual([
      'Canaan Avalon (Nano 3/3S, Mini 3, Avalon Q) shows new pools only after a restart: pool.url, pool.user, fallback.user, pool3.user written but not verified (check with `solominer config get` after the restart)',
    ])
    expect(writes(avalon).map(({body}) => JSON.parse(body).command)).toEqual(['setpool', 'setpool', 'setpool'])
    expect(avalon.state.pools).toEqual(running)
    expect(avalon.state.pendingPools![0]).toEqual({password: 'x', url: 'stratum+tcp://127.0.0.1:3333', user: `${ADDRESS}.p`})

    const bitaxeRun = await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', `${ADDRESS}.p`, targetOf(bitaxe), '--no-verify', '--no-restart', '--yes', '--json'])
    expect(bitaxeRun.code).toBe(0)
    expect(bitaxeRun.json.results[0]).toMatchObject({restarted: false, status: 'changed', verified: true})
    expect(writes(bitaxe).map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system'])
  })
})

describe('a device that does not come back after the restart', () => {
  it('reports restarted: true, HOST_UNREACHABLE (exit 4) and that the change could not be verified', async () => {
    const sim = track(await createAxeosSim({host: nextLoopback(), httpPort: 0, jitter: false, profile: 'axeos-2.14', restartDownMs: 8000}))
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', '127.0.0.1:3333', '--user', ADDRESS, targetOf(sim), '--no-verify', '--yes', '--wait', '1', '--json'])
    expect(code).toBe(4)
    expect(json.results[0]).toMatchObject({error: {code: 'HOST_UNREACHABLE'}, restarted: true, restored: false, status: 'failed', verified: false})
    expect(json.results[0].warnings).toContain('The change was written and the restart sent, but the device did not answer again: it could not be verified')
    expect(writes(sim).map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system', 'POST /api/system/restart'])
  })
})

describe('the fallback next to a primary change', () => {
  it('config set pool with a new address moves the fallback that paid the old one, with the primary\'s worker name', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'ckpool', '-u', `${ADDRESS}.rig`, targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({status: 'changed', verified: true, warnings: []})
    expect(json.results[0].changes).toContainEqual({after: `${ADDRESS}.rig`, before: `${OLD_ADDRESS}.bitaxe`, field: 'fallback.user'})
    const body = JSON.parse(writes(sim)[0]!.body)
    expect(body).toMatchObject({fallbackStratumUser: `${ADDRESS}.rig`, stratumUser: `${ADDRESS}.rig`})
    expect(body).not.toHaveProperty('fallbackStratumPassword')
    expect(sim.info().fallbackStratumUser).toBe(`${ADDRESS}.rig`)
  })

  it('switch pool to a pooled profile without fallback warns per device that the kept fallback pays the old address', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    expect((await run(['profile', 'add', 'mypool', '--pool', 'braiins', '-u', 'myaccount.{hostname}'])).code).toBe(0)
    const {code, stdout} = await run(['switch', 'pool', 'mypool', targetOf(sim), '--no-verify', '--dry-run'])
    expect(code).toBe(0)
    expect(stdout).toContain(`its fallback pool stratum+tcp://solo.ckpool.org:3333 pays ${OLD_ADDRESS}, not the account myaccount like the primary`)
    const dry = await run(['switch', 'pool', 'mypool', targetOf(sim), '--no-verify', '--dry-run', '--json'])
    expect(dry.json.results[0].warnings).toHaveLength(1)
    expect(writes(sim)).toEqual([])
  })
})

describe('password changes show in the diff, never the password', () => {
  it('dry run lists pool.password (set) → (changed)', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const dry = await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', ADDRESS, '--password', 's3cret-pw', targetOf(sim), '--no-verify', '--dry-run'])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('pool.password: (set) → (changed)')
    expect(dry.stdout).not.toContain('s3cret-pw')
    const json = await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', ADDRESS, '--password', 's3cret-pw', targetOf(sim), '--no-verify', '--dry-run', '--json'])
    expect(json.json.results[0].changes).toContainEqual({after: '(changed)', before: '(set)', field: 'pool.password'})
    expect(json.stdout).not.toContain('s3cret-pw')
    expect(writes(sim)).toEqual([])
  })
})

describe('an Avalon fan write cannot be read back', () => {
  it('exit 0, changed, verified: false, and the warning in JSON and human output', async () => {
    const sim = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, rebootDownMs: RESTART_DOWN_MS, rpcPort: 0}))
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'fan', '50', ...avalonTarget(sim), '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({restarted: false, status: 'changed', verified: false, warnings: ['The firmware does not report fan: written but not verified']})
    expect(writes(sim).map(({body}) => JSON.parse(body))).toEqual([FAN_WRITE])
    const human = await run(['config', 'set', 'fan', '60', ...avalonTarget(sim), '--yes'])
    expect(human.code).toBe(0)
    expect(human.stdout).toContain('Avalon Nano 3S  changed  not verified\n    fan: - → 60%\n    ! The firmware does not report fan: written but not verified')
  })
})

describe('a firmware that saves writes in the background (ESP-Miner\'s NVS save queue)', () => {
  /** The requests the device saw after the write, as `METHOD path`. */
  const afterWrite = (sim: {http: {journal: {entries: JournalEntry[]}}}) => {
    const entries = sim.http.journal.entries.map(({method, path}) => `${method} ${path}`)
    return entries.slice(entries.indexOf('PATCH /api/system') + 1)
  }

  it('reads back until the change shows, then reports it verified (exit 0)', async () => {
    const sim = track(await createAxeosSim({host: nextLoopback(), httpPort: 0, jitter: false, profile: 'axeos-2.14', saveQueueDelayMs: 900}))
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'fan', '80', targetOf(sim), '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({after: {fan: {mode: 'manual', percent: 80}}, status: 'changed', verified: true})
    const reads = afterWrite(sim)
    expect(new Set(reads)).toEqual(new Set(['GET /api/system/info']))
    expect(reads.length).toBeGreaterThan(1)
  })

  it('gives up after the driver\'s six reads: NOT_VERIFIED (exit 7), nothing of it on the device to put back', async () => {
    const sim = track(await createAxeosSim({host: nextLoopback(), httpPort: 0, jitter: false, profile: 'axeos-2.14', saveQueueDelayMs: 60_000}))
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'fan', '80', targetOf(sim), '--yes', '--json'])
    expect(code).toBe(7)
    expect(json.results[0]).toMatchObject({error: {code: 'NOT_VERIFIED'}, restored: null, status: 'failed', verified: false})
    // Six reads waiting for the change, one more to see what is to be put back; no second write.
    expect(afterWrite(sim)).toEqual(Array.from({length: 7}, () => 'GET /api/system/info'))
  })
})
