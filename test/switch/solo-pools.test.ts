/**
 * What `switch solo` writes into the pool slots, through the built CLI against simulators: Avalon's third
 * slot in the diff, `--fallback none` moving the old fallback, dot-free {hostname} workers, and warnings
 * printed in full off a terminal.
 */
import {describe, expect, it} from 'vitest'

import {createAvalonSim} from '../../src/sim/avalon.js'
import {ADDRESS, RESTART_DOWN_MS, axeos, cli, nextLoopback, targetOf, track, writes} from '../config/helpers.js'

const OLD_ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'

function avalonTarget(sim: {address: {host: string; httpPort: number; rpcPort: number}}): string[] {
  return [sim.address.host, '--http-port', String(sim.address.httpPort), '--rpc-port', String(sim.address.rpcPort)]
}
describe('Avalon pool slots', () => {
  it('switch solo shows the third slot the firmware fills (a copy of the fallback) in the diff', async () => {
    const avalon = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, rebootDownMs: RESTART_DOWN_MS, rpcPort: 0}))
    const {run} = cli()
    const args = ['switch', 'solo', '--pool', '127.0.0.1:3333', '--fallback', '127.0.0.1:3334', '--address', ADDRESS, '--worker', 'nano', ...avalonTarget(avalon), '--no-verify']
    const dry = await run([...args, '--dry-run', '--json'])
    expect(dry.code).toBe(0)
    expect(dry.json.results[0].changes).toContainEqual({after: 'stratum+tcp://127.0.0.1:3334', before: 'stratum+tcp://eusolo.ckpool.org:3333', field: 'pool3.url'})
    expect(dry.json.results[0].changes).toContainEqual({after: `${ADDRESS}.nano`, before: `${OLD_ADDRESS}.nano3s`, field: 'pool3.user'})
    expect((await run([...args, '--dry-run'])).stdout).toContain('pool3.url: stratum+tcp://eusolo.ckpool.org:3333 → stratum+tcp://127.0.0.1:3334')
    expect(writes(avalon)).toEqual([])
    const done = await run([...args, '--yes', '--json'])
    expect(done.code).toBe(0)
    expect(done.json.results[0]).toMatchObject({status: 'changed', verified: true})
    expect(avalon.state.pools[2]).toEqual({password: 'x', url: 'stratum+tcp://127.0.0.1:3334', user: `${ADDRESS}.nano`})
  })
})

describe('switch solo --fallback none', () => {
  it('moves a fallback that paid the old address to the new one, with the primary\'s worker, like config set pool', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--pool', '127.0.0.1:3333', '--address', ADDRESS, '--worker', 'rig', '--fallback', 'none', targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({status: 'changed', verified: true, warnings: []})
    expect(json.results[0].changes).toContainEqual({after: `${ADDRESS}.rig`, before: `${OLD_ADDRESS}.bitaxe`, field: 'fallback.user'})
    expect(JSON.parse(writes(sim)[0]!.body)).toMatchObject({fallbackStratumUser: `${ADDRESS}.rig`, stratumUser: `${ADDRESS}.rig`})
    expect(sim.info().fallbackStratumUser).toBe(`${ADDRESS}.rig`)
  })
})

describe('{hostname} on a device with neither hostname nor MAC', () => {
  it('becomes the IP with dashes, so the worker holds no dot', async () => {
    const avalon = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, mac: '', rebootDownMs: RESTART_DOWN_MS, rpcPort: 0}))
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', 'myacct.{hostname}', ...avalonTarget(avalon), '--no-verify', '--dry-run', '--json'])
    expect(code).toBe(0)
    expect(json.results[0].changes).toContainEqual({after: `myacct.${avalon.address.host.replaceAll('.', '-')}`, before: `${OLD_ADDRESS}.nano3s`, field: 'pool.user'})
  })
})

describe('warnings off a terminal', () => {
  it('are printed in full, not cut with an ellipsis', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    expect((await run(['profile', 'add', 'mypool', '--pool', 'braiins', '-u', 'myaccount.{hostname}'])).code).toBe(0)
    const {code, json} = await run(['switch', 'pool', 'mypool', targetOf(sim), '--no-verify', '--dry-run', '--json'])
    expect(code).toBe(0)
    const [warning] = json.results[0].warnings as string[]
    expect(warning!.length).toBeGreaterThan(256)
    const {stdout} = await run(['switch', 'pool', 'mypool', targetOf(sim), '--no-verify', '--dry-run'])
    expect(stdout).toContain(`! ${warning}`)
    expect(stdout).not.toContain('…')
  })
})
