/** The built CLI against AxeOS simulators on loopback: what a user sees, and what the device receives. */
import {describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../../helpers/cli.js'
import {type AxeosProfile, type AxeosSim, type AxeosSimOptions, createAxeosSim} from '../../../src/sim/axeos.js'
import {RESTART_DOWN_MS} from '../../config/helpers.js'
import {useSimHarness} from '../../helpers/sim-harness.js'

const harness = useSimHarness()
let nextHost = 10

async function sim(profile: AxeosProfile, options: Partial<AxeosSimOptions> = {}): Promise<AxeosSim> {
  return harness.track(await createAxeosSim({host: `127.0.36.${nextHost++}`, httpPort: 0, jitter: false, profile, ...options}))
}

function cli(args: string[]) {
  const config = tempConfig()
  harness.track({stop: async () => config.cleanup()})
  return runCli(args, {env: config.env})
}

const target = (device: AxeosSim) => `${device.address.host}:${device.address.httpPort}`

describe('solominer with AxeOS devices', () => {
  it('status reads a 2.0 Bitaxe Max with its SI-string best difficulty', async () => {
    const device = await sim('axeos-2.0')
    const result = await cli(['status', target(device), '--json'])
    expect(result.code).toBe(0)
    expect(result.json.devices[0]).toMatchObject({bestDifficulty: 5.88e9, model: 'Max', ok: true, uptimeSeconds: expect.any(Number)})
  })

  it('status explains the 401 of a device that does not consider us on its LAN', async () => {
    const device = await sim('axeos-2.13', {allowLoopback: false})
    const result = await cli(['status', target(device), '--json'])
    expect(result.json.devices[0].ok).toBe(false)
    expect(result.json.devices[0].error.code).toBe('AUTH_FAILED')
    expect(result.json.devices[0].error.message).toContain('private LAN address')
  })

  it('config set pool on 2.12: one PATCH of flat keys, a restart, and a verified read-back', async () => {
    const device = await sim('axeos-2.12', {restartDownMs: RESTART_DOWN_MS})
    const user = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq.rig'
    const result = await cli(['config', 'set', 'pool', 'stratum+tcp://127.0.0.1:3333', '--user', user, target(device), '--yes', '--no-verify', '--json'])
    expect(result.code).toBe(0)
    expect(result.json.results[0]).toMatchObject({restarted: true, status: 'changed', verified: true})
    const writes = device.http.journal.writes().map((entry) => `${entry.method} ${entry.path}`)
    expect(writes).toEqual(['PATCH /api/system', 'POST /api/system/restart'])
    const body = JSON.parse(device.http.journal.writes()[0]!.body)
    expect(body).toMatchObject({stratumPort: 3333, stratumURL: '127.0.0.1', stratumUser: user})
    expect(device.state.runtime.activePool).toMatchObject({port: 3333, url: '127.0.0.1', user})
  })

  it('a NerdQAxe with OTP on takes writes only with --otp, sent as X-TOTP', async () => {
    const device = await sim('nerdqaxe++', {otp: '482913'})
    const without = await cli(['config', 'set', 'frequency', '590', target(device), '--yes', '--json'])
    expect(without.json.results[0].status).toBe('failed')
    expect(without.json.results[0].error.message).toContain('--otp')
    const withOtp = await cli(['config', 'set', 'frequency', '590', target(device), '--yes', '--otp', '482913', '--json'])
    expect(withOtp.code).toBe(0)
    expect(withOtp.json.results[0]).toMatchObject({status: 'changed', verified: true})
    const patch = device.http.journal.writes().at(-1)!
    expect([patch.method, patch.path, patch.headers['x-totp'], patch.body]).toEqual(['PATCH', '/api/system', '482913', '{"frequency":590}'])
  })
})
