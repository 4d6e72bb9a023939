/**
 * Hostile input (issue 8 §4): control and format characters typed (or pasted) into an alias, a
 * hostname, a pool URL/user/password, a worker or a profile name are refused with exit 2 before
 * anything is sent or saved, and the error echoes the value without them.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {buildSyntheticJob, createStratumPoolSim} from '../../src/sim/stratum-pool.js'
import {type CliResult, runCli, tempConfig} from '../helpers/cli.js'
import {seedInventory} from '../helpers/inventory.js'

const ESC = '\u001B'
const RLO = '\u202E'
const ZWSP = '\u200B'
const ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'
const NO_PUBLIC_APIS = {SOLOMINER_BLOCKCHAIN_URL: 'http://127.0.0.1:9', SOLOMINER_MEMPOOL_URL: 'http://127.0.0.1:9'}
const HIDDEN = /(?!\n)[\p{Cc}\p{Cf}]/u

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function device(host: string): Promise<AxeosSim> {
  const sim = await createAxeosSim({host, httpPort: 0, jitter: false, profile: 'axeos-2.14'})
  cleanups.push(() => sim.stop())
  return sim
}

function cli() {
  const config = tempConfig()
  cleanups.push(config.cleanup)
  return {config, run: (args: string[]) => runCli(args, {env: {...config.env, ...NO_PUBLIC_APIS}})}
}

function refusal(what: string, shown: string, code: string): string {
  return `Error: The ${what} "${shown}" contains the invisible or control character ${code}, which could hide what it really says: nothing was sent or saved\nTry this: Type the ${what} again without it\n`
}

function expectRefused(result: CliResult, what: string, shown: string, code: string): void {
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  expect(result.stderr).toBe(refusal(what, shown, code))
  expect(result.stderr).not.toMatch(HIDDEN)
}

describe('control and format characters in user input are refused (exit 2), nothing sent or saved', () => {
  it('devices alias with U+202E: refused, the inventory keeps no alias; --json echoes it clean', async () => {
    const sim = await device('127.84.2.1')
    const {config, run} = cli()
    await seedInventory(config.env.SOLOMINER_CONFIG_DIR!, [sim.address])
    const inventoryFile = join(config.env.SOLOMINER_CONFIG_DIR!, 'inventory.json')
    const before = readFileSync(inventoryFile, 'utf8')
    expectRefused(await run(['devices', 'alias', sim.address.host, `garage${RLO}exe`]), 'alias', 'garageexe', 'U+202E')
    const json = await run(['devices', 'alias', sim.address.host, `garage${RLO}exe`, '--json'])
    expect(json.code).toBe(2)
    expect(json.json.error).toMatchObject({code: 'INVALID_INPUT', exitCode: 2})
    expect(json.stdout).not.toMatch(HIDDEN)
    expect(readFileSync(inventoryFile, 'utf8')).toBe(before)
  })

  it('config set hostname with an OSC sequence: refused before the device is asked anything', async () => {
    const sim = await device('127.84.2.2')
    const {run} = cli()
    const result = await run(['config', 'set', 'hostname', `bit${ESC}]0;pwned\u0007axe`, `${sim.address.host}:${sim.address.httpPort}`, '--yes'])
    expectRefused(result, 'hostname', 'bitaxe', 'U+001B')
    expect(sim.http.journal.entries).toEqual([])
  })

  it('config set pool: a --user starting with ESC[31m, a password with a zero-width space, a URL with U+202E', async () => {
    const sim = await device('127.84.2.3')
    const {run} = cli()
    const deviceTarget = `${sim.address.host}:${sim.address.httpPort}`
    expectRefused(await run(['config', 'set', 'pool', '127.84.2.9:3333', '--user', `${ESC}[31m${ADDRESS}`, deviceTarget, '--yes']), 'pool user', ADDRESS, 'U+001B')
    expectRefused(await run(['config', 'set', 'pool', '127.84.2.9:3333', '--user', ADDRESS, '--password', `x${ZWSP}`, deviceTarget, '--yes', '--dry-run']), 'pool password', 'x', 'U+200B')
    expectRefused(await run(['config', 'set', 'pool', `127.84.2.9:3333${RLO}`, '--user', ADDRESS, deviceTarget, '--yes']), 'pool URL', '127.84.2.9:3333', 'U+202E')
    expect(sim.http.journal.entries).toEqual([])
  })

  it('switch solo with a worker name hiding U+202E', async () => {
    const sim = await device('127.84.2.4')
    const {run} = cli()
    const result = await run(['switch', 'solo', '--pool', '127.84.2.9:3333', '--address', ADDRESS, '--worker', `rig${RLO}1`, `${sim.address.host}:${sim.address.httpPort}`, '--yes'])
    expectRefused(result, 'worker name', 'rig1', 'U+202E')
    expect(sim.http.journal.entries).toEqual([])
  })

  it('profile add with a zero-width space in the name: no profiles file is written', async () => {
    const {config, run} = cli()
    const result = await run(['profile', 'add', `solo${ZWSP}`, '--pool', 'ckpool', '--user', ADDRESS])
    expectRefused(result, 'profile name', 'solo', 'U+200B')
    expect(existsSync(join(config.env.SOLOMINER_CONFIG_DIR!, 'profiles.json'))).toBe(false)
  })

  it('pool check --user starting with ESC[31m: exit 2 and the pool is never contacted', async () => {
    const pool = await createStratumPoolSim({
      host: '127.84.2.5',
      job: buildSyntheticJob({height: 903_826, nbits: '17026816', payouts: [{address: ADDRESS, sats: 312_500_000n}], prevhash: '00'.repeat(32)}),
    })
    cleanups.push(() => pool.stop())
    const {run} = cli()
    expectRefused(await run(['pool', 'check', pool.url, '--user', `${ESC}[31m${ADDRESS}`, '--no-chain']), 'pool user', ADDRESS, 'U+001B')
    expect(pool.received).toEqual([])
  })
})
