/**
 * `status` marks a solo device whose pool slots (primary and fallback) pay an address other than the
 * user's (solo profiles, payout.address), and not a device marked pooled for mining pooled: the built
 * CLI, profiles saved with `profile add`, an AxeOS simulator on 127.42.0.21.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'

/** What the device pays (BIP173's P2WSH example) and the user's own address (BIP173's P2WPKH example). */
const DEVICE_ADDRESS = 'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3'
const OWN_ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
/** A third valid address (the Bitcoin wiki's P2PKH example). */
const OTHER_ADDRESS = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'

let sim: AxeosSim
let config: ReturnType<typeof tempConfig>
let target: string

beforeAll(async () => {
  sim = await createAxeosSim({host: '127.42.0.21', hostname: 'gamma-den', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
  target = `${sim.address.host}:${sim.address.httpPort}`
})

/** The device mines solo to DEVICE_ADDRESS on both slots (a test changes one slot where it needs to). */
beforeEach(() => {
  sim.state.settings.pools[0] = {...sim.state.settings.pools[0]!, port: 3333, url: 'solo.ckpool.org', user: `${DEVICE_ADDRESS}.gamma-den`}
  sim.state.settings.pools[1] = {...sim.state.settings.pools[1]!, port: 3333, url: 'eusolo.ckpool.org', user: `${DEVICE_ADDRESS}.gamma-den`}
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
  it('warns when a solo device pays another address, naming both, for each slot (JSON and human output)', async () => {
    const expected = {
      kind: 'payout-mismatch',
      message: `Solo pool stratum+tcp://solo.ckpool.org:3333 pays ${DEVICE_ADDRESS}, not your address ${OWN_ADDRESS}`,
    }
    const json = await statusWithProfile('public-pool', `${OWN_ADDRESS}.{hostname}`)
    expect(json.code).toBe(0)
    expect(json.json.devices[0].warnings).toEqual([
      expected,
      {kind: 'payout-mismatch', message: `Solo fallback pool stratum+tcp://eusolo.ckpool.org:3333 pays ${DEVICE_ADDRESS}, not your address ${OWN_ADDRESS}`},
    ])

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

  it('checks the fallback too, and lists every slot in --json pools', async () => {
    sim.state.settings.pools[1] = {...sim.state.settings.pools[1]!, user: `${OTHER_ADDRESS}.gamma-den`}
    const json = await statusWithProfile('ckpool', `${DEVICE_ADDRESS}.{hostname}`)
    expect(json.code).toBe(0)
    expect(json.json.devices[0].warnings).toEqual([
      {
        kind: 'payout-mismatch',
        message: `Solo fallback pool stratum+tcp://eusolo.ckpool.org:3333 pays ${OTHER_ADDRESS}, not your address ${DEVICE_ADDRESS}`,
      },
    ])
    expect(json.json.devices[0].pools).toEqual([
      {active: true, url: 'stratum+tcp://solo.ckpool.org:3333', user: `${DEVICE_ADDRESS}.gamma-den`},
      {active: false, url: 'stratum+tcp://eusolo.ckpool.org:3333', user: `${OTHER_ADDRESS}.gamma-den`},
    ])
  })

  it('warns about a fallback on a shared-reward pool, except on a device marked pooled', async () => {
    sim.state.settings.pools[1] = {...sim.state.settings.pools[1]!, port: 3333, url: 'stratum.braiins.com', user: 'alice.gamma'}
    const warned = await statusWithProfile('ckpool', `${DEVICE_ADDRESS}.{hostname}`)
    expect(warned.json.devices[0].warnings).toEqual([
      {kind: 'not-solo', message: 'Fallback pool Braiins Pool (FPPS) is a shared-reward pool, not solo mining'},
    ])
    // `devices mark` names inventory devices: scan the simulator first.
    expect((await runCli(['scan', sim.address.host, '--http-port', String(sim.address.httpPort), '--no-mdns', '--json'], {env: config.env})).code).toBe(0)
    const marked = await runCli(['devices', 'mark', 'gamma-den', '--pooled', '--json'], {env: config.env})
    expect(marked.code).toBe(0)
    expect(marked.json.device).toMatchObject({hostname: 'gamma-den', mining: 'pooled'})
    const quiet = await runCli(['status', 'gamma-den', '--json'], {env: config.env})
    expect(quiet.code).toBe(0)
    expect(quiet.json.devices[0]).toMatchObject({mining: 'pooled', warnings: []})
  })

  it('compares nothing when no profile mines solo', async () => {
    const pooled = await statusWithProfile('braiins', 'alice.rig')
    expect(pooled.code).toBe(0)
    expect(pooled.json.devices[0].warnings).toEqual([])
  })
})
