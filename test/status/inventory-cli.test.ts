/**
 * The everyday flow through the built CLI: `scan` a range holding the simulated home fleet (every device
 * on its own 127.42.6.x address, the same port pair everywhere as real devices have 80/4028), then
 * `status` with no arguments reads the whole inventory, by the names scan saved.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type HomeFleet, startHomeFleet} from '../../src/sim/fleet.js'
import {runCli, tempConfig} from '../helpers/cli.js'

let fleet: HomeFleet
let config: ReturnType<typeof tempConfig>
let ports: {http: number; rpc: number}

beforeAll(async () => {
  // A free-looking pair; the addresses are our own, so only a wildcard listener could collide.
  const http = 20_000 + Math.floor(Math.random() * 40_000)
  ports = {http, rpc: http + 1}
  fleet = await startHomeFleet({hostBase: '127.42.6', ports})
  config = tempConfig()
  const scan = await runCli(
    ['scan', '127.42.6.11-18', '--http-port', String(ports.http), '--rpc-port', String(ports.rpc), '--no-mdns', '--json'],
    {env: config.env},
  )
  expect(scan.code).toBe(0)
  expect(scan.json.devices).toHaveLength(8)
})

afterAll(async () => {
  await fleet?.stop()
  config?.cleanup()
})

describe('scan, then status', () => {
  it('reads the whole inventory by default, named as scan saved it', async () => {
    const result = await runCli(['status', '--json'], {env: config.env})
    expect(result.code).toBe(0)
    expect(result.json.totals).toMatchObject({devices: 8, online: 8})
    const byIp = Object.fromEntries(result.json.devices.map((d: {ip: string; target: string}) => [d.ip, d.target]))
    expect(byIp['127.42.6.11']).toBe('bitaxe-gamma')
    expect(byIp['127.42.6.18']).toBe('antminer-s9')
    expect(result.json.devices.map((d: {driver: string}) => d.driver).sort()).toEqual([
      'antminer',
      'avalon',
      'axeos',
      'axeos',
      'axeos',
      'axeos',
      'axeos',
      'axeos',
    ])
  })

  it('shows the alias a device was given as its label, and never suggests forgetting the device that holds a taken alias', async () => {
    const named = await runCli(['devices', 'alias', '127.42.6.11', 'garage'], {env: config.env})
    expect(named.code).toBe(0)

    const json = await runCli(['status', 'garage', '--json'], {env: config.env})
    expect(json.code).toBe(0)
    expect(json.json.devices[0]).toMatchObject({alias: 'garage', hostname: 'bitaxe-gamma', ip: '127.42.6.11', target: 'garage'})
    const human = await runCli(['status', 'garage'], {env: config.env})
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/^garage \(127\.42\.6\.11\) /m)
    expect(human.stdout).not.toContain('bitaxe-gamma (127.42.6.11)')

    const taken = await runCli(['devices', 'alias', 'bitaxe-gamma-2', 'GARAGE', '--json'], {env: config.env})
    expect(taken.code).toBe(2)
    expect(taken.json.error).toEqual({
      code: 'INVALID_INPUT',
      exitCode: 2,
      message: 'The alias "GARAGE" already names 127.42.6.11',
      suggestions: [
        'Pick another name for bitaxe-gamma-2',
        `Or first give 127.42.6.11 another name: solominer devices alias ${fleet.listing[0]!.mac} <other-name>`,
      ],
    })
  })

  it('reads one device by its hostname, and reports a device gone from the inventory as partial', async () => {
    const one = await runCli(['status', 'bitaxe-supra', '--json'], {env: config.env})
    expect(one.code).toBe(0)
    expect(one.json.devices).toHaveLength(1)
    expect(one.json.devices[0]).toMatchObject({ip: '127.42.6.13', model: 'Supra 401', ok: true, target: 'bitaxe-supra'})

    await fleet.devices[7]!.stop()
    const partial = await runCli(['status', '--json'], {env: config.env})
    expect(partial.code).toBe(6)
    expect(partial.json.totals).toMatchObject({devices: 8, online: 7})
    const s9 = partial.json.devices.find((d: {ip: string}) => d.ip === '127.42.6.18')
    expect(s9).toMatchObject({driver: 'antminer', error: {code: 'HOST_UNREACHABLE'}, model: 'Antminer S9', ok: false})
  })
})
