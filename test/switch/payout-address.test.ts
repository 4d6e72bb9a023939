/**
 * A default payout address (`settings set payout.address`): validated when set and stored in its
 * canonical spelling, then used by `switch solo` and `config set pool` when --address / --user is not
 * given (an explicit flag wins). `{hostname}` in the worker is the device's alias when it has one, and
 * the fallback that follows the primary gets the same worker name. Built CLI, AxeOS and stratum pool
 * simulators on loopback.
 */
import {describe, expect, it} from 'vitest'

import {createAvalonSim} from '../../src/sim/avalon.js'
import type {StratumPoolSim} from '../../src/sim/stratum-pool.js'
import {ADDRESS, RESTART_DOWN_MS, axeos, cli, nextLoopback, soloPool, targetOf, track, writes} from '../config/helpers.js'

const OTHER = 'bc1q28kkr5hk4gnqe3evma6runjrd2pvqyp8fpwfzu'

const authorized = (pool: StratumPoolSim) => pool.received.filter((message) => message.method === 'mining.authorize').map((message) => message.params)

describe('settings set payout.address', () => {
  it('stores the canonical spelling and refuses a mistyped address (exit 2, nothing saved)', async () => {
    const {run} = cli()
    const set = await run(['settings', 'set', 'payout.address', ADDRESS.toUpperCase(), '--json'])
    expect(set.code).toBe(0)
    expect(set.json).toMatchObject({key: 'payout.address', value: ADDRESS})
    const typo = await run(['settings', 'set', 'payout.address', `${ADDRESS.slice(0, -1)}x`, '--json'])
    expect(typo.code).toBe(2)
    expect(typo.json.error.message).toBe(`Invalid value for payout.address: ${ADDRESS.slice(0, -1)}x is not a valid Bitcoin address (bad checksum, characters or length)`)
    expect((await run(['settings', 'get', 'payout.address', '--json'])).json).toMatchObject({value: ADDRESS})
  })

  it('without it, switch solo needs --address and config set pool needs --user (exit 2, nothing sent)', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const solo = await run(['switch', 'solo', targetOf(sim), '--fallback', 'none', '--yes', '--json'])
    expect(solo.code).toBe(2)
    expect(solo.json.error.message).toBe('No --address given and no default payout address saved')
    const pool = await run(['config', 'set', 'pool', 'ckpool', targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(pool.code).toBe(2)
    expect(pool.json.error.message).toBe('No --user given and no default payout address saved')
    expect(writes(sim)).toEqual([])
  })
})

describe('an account name where an address is needed', () => {
  it('is named as an account, whole (switch solo --address antminer_1: exit 2, nothing sent)', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--address', 'antminer_1', targetOf(sim), '--yes', '--json'])
    expect(code).toBe(2)
    expect(json.error).toMatchObject({
      code: 'INVALID_ADDRESS',
      message: 'switch solo pays the block reward to your address: "antminer_1" is an account name, not a Bitcoin address',
    })
    expect(writes(sim)).toEqual([])
  })
})

describe('the saved payout address in switch solo and config set pool', () => {
  it('switch solo pays the saved address (checked with the pool first); --address wins over it', async () => {
    const pool = await soloPool()
    const sim = await axeos('axeos-2.14', {hostname: 'den'})
    const {run} = cli()
    expect((await run(['settings', 'set', 'payout.address', ADDRESS])).code).toBe(0)
    const saved = await run(['switch', 'solo', '--pool', `${pool.host}:${pool.port}`, '--fallback', 'none', targetOf(sim), '--yes', '--json'])
    expect(saved.code).toBe(0)
    expect(authorized(pool)).toEqual([[`${ADDRESS}.solominer-check`, 'x']])
    expect(sim.info().stratumUser).toBe(`${ADDRESS}.den`)

    const explicit = await run(['switch', 'solo', '--pool', `${pool.host}:${pool.port}`, '--address', OTHER, '--fallback', 'none', targetOf(sim), '--yes', '--json'])
    expect(explicit.code).toBe(0)
    expect(authorized(pool)).toEqual([[`${ADDRESS}.solominer-check`, 'x'], [`${OTHER}.solominer-check`, 'x']])
    expect(sim.info().stratumUser).toBe(`${OTHER}.den`)
  })

  it('config set pool uses <payout.address>.{hostname}, the alias as {hostname}, and the fallback that follows gets the same worker', async () => {
    const sim = await axeos('axeos-2.14', {hostname: '02caaa003f53'})
    const {run} = cli()
    expect((await run(['settings', 'set', 'payout.address', ADDRESS])).code).toBe(0)
    expect((await run(['scan', sim.address.host, '--http-port', String(sim.address.httpPort), '--no-mdns', '--json'])).code).toBe(0)
    expect((await run(['devices', 'alias', sim.address.host, 'garage'])).code).toBe(0)
    const {code, json} = await run(['config', 'set', 'pool', 'ckpool-eu', 'garage', '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({status: 'changed', verified: true})
    const body = JSON.parse(writes(sim)[0]!.body)
    expect(body).toMatchObject({fallbackStratumUser: `${ADDRESS}.garage`, stratumURL: 'eusolo.ckpool.org', stratumUser: `${ADDRESS}.garage`})
  })

  it('the Avalon aliased "garage" mines as garage on every slot, not as its MAC', async () => {
    const avalon = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, mac: '02:ca:aa:00:3f:53', rebootDownMs: RESTART_DOWN_MS, rpcPort: 0}))
    const {run} = cli()
    const ports = ['--http-port', String(avalon.address.httpPort), '--rpc-port', String(avalon.address.rpcPort)]
    expect((await run(['scan', avalon.address.host, ...ports, '--no-mdns', '--json'])).code).toBe(0)
    expect((await run(['devices', 'alias', '02:ca:aa:00:3f:53', 'garage'])).code).toBe(0)
    const {code, json} = await run(['switch', 'solo', '--pool', '127.0.0.1:3333', '--address', ADDRESS, 'garage', '--no-verify', '--dry-run', '--json'])
    expect(code).toBe(0)
    const users = (json.results[0].changes as Array<{after: unknown; field: string}>).filter((change) => change.field.endsWith('.user'))
    expect(users.map((change) => change.field)).toEqual(['pool.user', 'fallback.user', 'pool3.user'])
    expect(users.every((change) => change.after === `${ADDRESS}.garage`)).toBe(true)
    expect(writes(avalon)).toEqual([])
  })
})
