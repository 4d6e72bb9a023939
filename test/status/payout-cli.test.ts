/**
 * `status` marks a solo device that pays an address other than the one in the user's solo profiles
 * (issue 5 §2): the built CLI, profiles saved with `profile add`, an AxeOS simulator on 127.42.0.21.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'

/** What the device pays (BIP173's P2WSH example) and the user's own address (BIP173's P2WPKH example). */
const DEVICE_ADDRESS = 'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3'
const OWN_ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'

let sim: AxeosSim
let config: ReturnType<typeof tempConfig>
let target: string

beforeAll(async () => {
  sim = await createAxeosSim({host: '127.42.0.21', hostname: 'gamma-den', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
  sim.state.settings.pools[0] = {...sim.state.settings.pools[0]!, port: 3333, url: 'solo.ckpool.org', user: `${DEVICE_ADDRESS}.gamma-den`}
  target = `${sim.address.host}:${sim.address.httpPort}`
})

afterAll(async () => {
  await sim?.stop()
})

afterEach(() => config?.cleanup())

async function statusWithProfile(pool: string, user: string, json = true) {
  config = tempConfig()
  const added = await runCli(['profile', 'add', 'home', '--pool', pool, '--user', user, '--json'], {env: config.env})
  expect(added.code).toBe(0)
  return runCli(['status', target, ...(json ? ['--json'] : [])], {env: config.env})
}

describe('status: payout address check against the solo profiles', () => {
  it('warns when a solo device pays another address, naming both (JSON and human output)', async () => {
    const expected = {
      kind: 'payout-mismatch',
      message: `Solo pool stratum+tcp://solo.ckpool.org:3333 pays ${DEVICE_ADDRESS}, not your address ${OWN_ADDRESS}`,
    }
    const json = await statusWithProfile('public-pool', `${OWN_ADDRESS}.{hostname}`)
    expect(json.code).toBe(0)
    expect(json.json.devices[0].warnings).toEqual([expected])

    config.cleanup()
    const human = await statusWithProfile('public-pool', `${OWN_ADDRESS}.{hostname}`, false)
    expect(human.code).toBe(0)
    expect(human.stdout).toContain(`! gamma-den (127.42.0.21): ${expected.message}`)
  })

  it('gives no warning when the device pays the profile address (any worker, bech32 in either case)', async () => {
    const same = await statusWithProfile('ckpool', `${DEVICE_ADDRESS.toUpperCase()}.rig`)
    expect(same.code).toBe(0)
    expect(same.json.devices[0].warnings).toEqual([])
  })

  it('compares nothing when no profile mines solo', async () => {
    const pooled = await statusWithProfile('braiins', 'alice.rig')
    expect(pooled.code).toBe(0)
    expect(pooled.json.devices[0].warnings).toEqual([])
  })
})
