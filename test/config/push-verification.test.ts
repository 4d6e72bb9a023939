/**
 * Acceptance-audit fixes in the push / switch / profile path, through the built CLI against simulators:
 * slots the firmware lacks (F2), --no-restart on Avalon (F29), the fallback next to a primary change
 * (F7), password changes in the diff (F17), profile networks (F22), `-u` (F24), `config get` key typos
 * (F26) and a device that does not come back after its restart (F27).
 */
import {describe, expect, it} from 'vitest'

import {createAvalonSim} from '../../src/sim/avalon.js'
import {createAxeosSim} from '../../src/sim/axeos.js'
import {ADDRESS, TESTNET_ADDRESS, axeos, cli, nextLoopback, targetOf, track, writes} from './helpers.js'

const FAN_WRITE = {command: 'ascset', parameter: '0,fan-spd,50'}
const OLD_ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'

function avalonTarget(sim: {address: {host: string; httpPort: number; rpcPort: number}}): string[] {
  return [sim.address.host, '--http-port', String(sim.address.httpPort), '--rpc-port', String(sim.address.rpcPort)]
}

describe('F2: firmware without a fallback slot (AxeOS 2.0.x)', () => {
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

describe('F29: --no-restart', () => {
  it('Avalon: saved for the next restart, pools not verifiable yet; AxeOS in the same push verified; exit 0', async () => {
    const avalon = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, rebootDownMs: 300, rpcPort: 0}))
    const bitaxe = await axeos('axeos-2.14')
    const running = structuredClone(avalon.state.pools)
    const {run} = cli()
    const avalonRun = await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', `${ADDRESS}.p`, ...avalonTarget(avalon), '--no-verify', '--no-restart', '--yes', '--json'])
    expect(avalonRun.code).toBe(0)
    const [result] = avalonRun.json.results
    expect(result).toMatchObject({restarted: false, restored: null, status: 'changed', verified: false})
    expect(result.warnings).toContain('Saved; takes effect after the next restart (--no-restart was given)')
    expect(result.warnings).toEqual([
      'Canaan Avalon (Nano 3/3S, Mini 3, Avalon Q) shows new pools only after a restart: pool.url, pool.user, fallback.user, pool3.user written but not verified (check with `solominer config get` after the restart)',
      'Saved; takes effect after the next restart (--no-restart was given)',
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

describe('F27: a device that does not come back after the restart', () => {
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

describe('F7: the fallback next to a primary change', () => {
  it('config set pool with a new address moves the fallback that paid the old one (worker kept)', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'ckpool', '-u', `${ADDRESS}.rig`, targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({status: 'changed', verified: true, warnings: []})
    expect(json.results[0].changes).toContainEqual({after: `${ADDRESS}.bitaxe`, before: `${OLD_ADDRESS}.bitaxe`, field: 'fallback.user'})
    const body = JSON.parse(writes(sim)[0]!.body)
    expect(body).toMatchObject({fallbackStratumUser: `${ADDRESS}.bitaxe`, stratumUser: `${ADDRESS}.rig`})
    expect(body).not.toHaveProperty('fallbackStratumPassword')
    expect(sim.info().fallbackStratumUser).toBe(`${ADDRESS}.bitaxe`)
  })

  it('switch pool to a pooled profile without fallback warns per device that the kept fallback pays the old address', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    expect((await run(['profile', 'add', 'mypool', '--pool', 'braiins', '-u', 'myaccount.{hostname}'])).code).toBe(0)
    const {code, stdout} = await run(['switch', 'pool', 'mypool', targetOf(sim), '--no-verify', '--dry-run'])
    expect(code).toBe(0)
    expect(stdout).toContain(`its fallback pool stratum+tcp://solo.ckpool.org:3333 pays ${OLD_ADDRESS}, not myaccount like the primary`)
    const dry = await run(['switch', 'pool', 'mypool', targetOf(sim), '--no-verify', '--dry-run', '--json'])
    expect(dry.json.results[0].warnings).toHaveLength(1)
    expect(writes(sim)).toEqual([])
  })
})

describe('F17: password changes show in the diff, never the password', () => {
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

describe('F22/F24: profile network and -u', () => {
  it('profile add --network testnet stores it; switch pool uses it without repeating --network', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const added = await run(['profile', 'add', 'tn', '--pool', 'ckpool', '-u', `${TESTNET_ADDRESS}.w`, '--network', 'testnet', '--json'])
    expect(added.code).toBe(0)
    expect(added.json.profile).toMatchObject({name: 'tn', network: 'testnet'})
    const {code, json} = await run(['switch', 'pool', 'tn', targetOf(sim), '--dry-run', '--no-verify', '--json'])
    expect(code).toBe(0)
    expect(json.results[0].changes).toContainEqual({after: `${TESTNET_ADDRESS}.w`, before: `${OLD_ADDRESS}.bitaxe`, field: 'pool.user'})
    expect(writes(sim)).toEqual([])
  })
})

describe('F26: config get with a misspelled key', () => {
  it('a bare word that is neither a key nor a device: unknown key, with the near keys, exit 2', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const typo = await run(['config', 'get', 'fann', targetOf(sim), '--json'])
    expect(typo.code).toBe(2)
    expect(typo.json.error).toMatchObject({code: 'INVALID_INPUT', message: 'Unknown key "fann" and no device of that name (keys: pools, pool, fallback, fan, temp-target, frequency, voltage, hostname)'})
    expect(typo.json.error.suggestions[0]).toBe('Did you mean fan?')
    const bogus = await run(['config', 'get', 'bogus', targetOf(sim), '--json'])
    expect(bogus.code).toBe(2)
    expect(bogus.json.error.message).toMatch(/^Unknown key "bogus"/)
    expect(sim.journals.flatMap((journal) => journal.entries)).toEqual([])
  })
})

describe('F16: an Avalon fan write cannot be read back', () => {
  it('exit 0, changed, verified: false, and the warning in JSON and human output', async () => {
    const sim = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, rebootDownMs: 300, rpcPort: 0}))
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
