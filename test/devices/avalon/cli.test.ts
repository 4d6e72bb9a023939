/** The built CLI against a simulated Avalon Nano 3S on loopback: scan, status, a verified pool push. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AvalonSim, createAvalonSim} from '../../../src/sim/avalon.js'
import {RESTART_DOWN_MS} from '../../config/helpers.js'
import {runCli, tempConfig} from '../../helpers/cli.js'

const HOST = '127.0.61.21'
const ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'
let device: AvalonSim
let config: ReturnType<typeof tempConfig>
const cli = (...args: string[]) => runCli(args, {env: config.env})
const writes = () => device.journals[0]!.entries.filter((entry) => entry.method === 'WRITE').map((entry) => entry.body)
// --no-verify: the pool check would connect to the (public) pool; tests stay on loopback.
const setPool = (...extra: string[]) => cli('config', 'set', 'pool', 'solo.ckpool.org:3333', '--user', `${ADDRESS}.nano`, '--no-verify', '--yes', '--json', ...extra, HOST)

beforeAll(async () => {
  config = tempConfig()
  device = await createAvalonSim({adminPassword: 'nano-admin', host: HOST, rebootDownMs: RESTART_DOWN_MS})
  const scan = await cli('scan', HOST, '--http-port', String(device.address.httpPort), '--rpc-port', String(device.address.rpcPort), '--no-mdns', '--json')
  expect(scan.code).toBe(0)
})
afterAll(async () => {
  await device.stop()
  config.cleanup()
})

describe('solominer with an Avalon Nano 3S', () => {
  it('scan identified it and status reads it in canonical units', async () => {
    const status = await cli('status', '--json')
    expect(status.code).toBe(0)
    expect(status.json.devices[0]).toMatchObject({
      driver: 'avalon',
      hashrate: 6e12,
      model: 'Avalon Nano 3S',
      ok: true,
      pool: {fallback: false, url: 'stratum+tcp://public-pool.io:21496', user: `${ADDRESS}.nano3s`},
      power: 140,
    })
  })

  it('a pool password with a comma is refused before anything is sent', async () => {
    const result = await setPool('--password', 'a,b', '--device-password', 'nano-admin')
    expect(result.json.results[0]).toMatchObject({
      error: {code: 'INVALID_INPUT', message: 'The pool 1 password contains a comma, which Avalon firmware cannot store (it splits its setpool command on commas)'},
      status: 'failed',
    })
    expect(result.code).toBe(2)
    expect(writes()).toEqual([])
  })

  it('a wrong admin password is reported as the device refused it', async () => {
    const result = await setPool('--device-password', 'wrong')
    expect(result.json.results[0]).toMatchObject({error: {code: 'AUTH_FAILED'}, status: 'failed'})
    expect(writes()).toEqual([`{"command":"setpool","parameter":"admin,wrong,0,stratum+tcp://solo.ckpool.org:3333,${ADDRESS}.nano,x"}`])
    device.journals[0]!.clear()
  })

  it('pushes the pool with setpool, reboots, and verifies after the device returns', async () => {
    const result = await setPool('--device-password', 'nano-admin')
    expect(result.code).toBe(0)
    expect(result.json.results[0]).toMatchObject({restarted: true, status: 'changed', verified: true})
    expect(writes()).toEqual([
      `{"command":"setpool","parameter":"admin,nano-admin,0,stratum+tcp://solo.ckpool.org:3333,${ADDRESS}.nano,x"}`,
      `{"command":"setpool","parameter":"admin,nano-admin,1,stratum+tcp://solo.ckpool.org:3333,${ADDRESS}.nano3s,x"}`,
      `{"command":"setpool","parameter":"admin,nano-admin,2,stratum+tcp://eusolo.ckpool.org:3333,${ADDRESS}.nano3s,x"}`,
      '{"command":"ascset","parameter":"0,reboot,0"}',
    ])
    expect(device.state.reboots).toBe(1)
    expect(device.state.pools[0]).toEqual({password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: `${ADDRESS}.nano`})
  })
})
