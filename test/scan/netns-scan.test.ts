/**
 * End to end, as a new user runs it: the built CLI, inside a network namespace whose only interface is on a
 * /24 where eight simulated miners listen on the real ports 80 and 4028 (in a second namespace) and every
 * other address is silent, runs `solominer scan` with NO target and finds them by sweep and mDNS.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {tempConfig} from '../helpers/cli.js'
import {type LanDevices, type NetnsLan, createNetnsLan, netnsName, netnsUnavailable, runCliIn, startLanDevices} from '../helpers/netns.js'

const unavailable = netnsUnavailable()
const SUBNET = '10.213.7'
const FLEET_HOSTS = Array.from({length: 8}, (_, index) => `${SUBNET}.${11 + index}`)

let lan: NetnsLan | undefined
let devices: LanDevices | undefined
const config = tempConfig()
/** mDNS answers come from eight simulators in one process: a loaded machine needs more than the default second. */
const MDNS_WINDOW = ['--mdns-timeout', '5000']

describe.skipIf(unavailable !== null)(`scan in a network namespace${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    lan = createNetnsLan({deviceAddresses: FLEET_HOSTS, name: netnsName('smt'), prefix: 24, scannerAddress: `${SUBNET}.1`})
    devices = await startLanDevices(lan, lan.devices, {fleetHostBase: SUBNET, mdnsInterface: FLEET_HOSTS[0]})
  }, 120_000)

  afterAll(async () => {
    await devices?.stop()
    lan?.remove()
    config.cleanup()
  })

  it('finds every miner with no target, by sweep and mDNS, and nothing else', async () => {
    const result = await runCliIn(lan!, lan!.scanner, ['scan', ...MDNS_WINDOW, '--json'], config.env)
    expect(result.code, result.stderr).toBe(0)
    expect(result.json.scanned).toBe(254)
    expect(result.json.unidentified).toEqual([])
    const found = result.json.devices.map((device: {driver: string; ip: string}) => ({driver: device.driver, ip: device.ip}))
    expect(found).toEqual(devices!.devices.map((device) => ({driver: device.driver, ip: device.host})))
    for (const device of result.json.devices) {
      expect(device, device.ip).toMatchObject({httpPort: 80, rpcPort: 4028})
      expect(device.discoveredBy, device.ip).toContain('sweep')
    }
    const advertised = result.json.devices.filter((device: {discoveredBy: string[]}) => device.discoveredBy.includes('mdns'))
    const expectedAdvertised = devices!.devices.filter((device) => /AxeOS 2\.15|NerdQAxe/.test(device.name)).map((device) => device.host)
    expect(advertised.map((device: {ip: string}) => device.ip)).toEqual(expectedAdvertised)
    expect(advertised.every((device: {hostname: string | null}) => device.hostname !== null)).toBe(true)
  })

  it('finds the AxeOS devices through mDNS alone when the sweep probes another HTTP port', async () => {
    const result = await runCliIn(lan!, lan!.scanner, ['scan', `${SUBNET}.0/24`, '--http-port', '8081', ...MDNS_WINDOW, '--json', '--no-save'], config.env)
    expect(result.code, result.stderr).toBe(0)
    const byIp = new Map(result.json.devices.map((device: {ip: string}) => [device.ip, device]))
    for (const sim of devices!.devices.filter((device) => /AxeOS 2\.15|NerdQAxe/.test(device.name))) {
      expect(byIp.get(sim.host), sim.name).toMatchObject({discoveredBy: ['mdns'], httpPort: 80, mac: sim.mac})
    }
    // The cgminer devices still answer on 4028.
    for (const sim of devices!.devices.filter((device) => device.driver === 'avalon' || device.driver === 'antminer')) {
      expect(byIp.get(sim.host), sim.name).toMatchObject({discoveredBy: ['sweep'], driver: sim.driver})
    }
  })

  it('then reaches the miners by inventory name from inside the namespace', async () => {
    const listed = await runCliIn(lan!, lan!.scanner, ['devices', '--json'], config.env)
    expect(listed.json.devices.map((device: {ip: string}) => device.ip)).toEqual(FLEET_HOSTS)
  })
})
