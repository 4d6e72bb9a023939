import {mkdtempSync, rmSync} from 'node:fs'
import type {NetworkInterfaceInfo} from 'node:os'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AppContext, createContext} from '../../src/lib/context.js'
import {type ScanEvent, runScan} from '../../src/lib/discovery/scan.js'
import {readInventory} from '../../src/lib/inventory/store.js'
import {type HomeFleet, type PortPair, startFleetOnFixedPorts} from '../../src/sim/fleet.js'

// The simulated fleet on 127.88.3.11-18, every device on the same port pair, like a LAN on 80/4028.
const HOST_BASE = '127.88.3'

/** A pretend LAN interface: auto-detection sees 127.88.3.1/24 as this host's only network. */
const interfaces: Record<string, NetworkInterfaceInfo[]> = {
  lan0: [{address: `${HOST_BASE}.1`, cidr: `${HOST_BASE}.1/24`, family: 'IPv4', internal: false, mac: '02:00:00:00:00:01', netmask: '255.255.255.0'}],
  lo: [{address: '127.0.0.1', cidr: '127.0.0.1/8', family: 'IPv4', internal: true, mac: '00:00:00:00:00:00', netmask: '255.0.0.0'}],
}

let fleet: HomeFleet
/** The pair `demo` uses, or another free one when a parallel run holds it. */
let ports: PortPair
let dir: string
let ctx: AppContext

beforeAll(async () => {
  const started = await startFleetOnFixedPorts({hostBase: HOST_BASE})
  fleet = started.fleet
  ports = started.ports
  dir = mkdtempSync(join(tmpdir(), 'solominer-scan-'))
  ctx = createContext({paths: {cacheDir: dir, configDir: dir, dataDir: dir}, timeoutMs: 10_000})
})
afterAll(async () => {
  await fleet?.stop()
  await ctx?.close()
  rmSync(dir, {force: true, recursive: true})
})

describe('scan service on a loopback LAN', () => {
  it('auto-detects the subnet, finds every simulator, identifies it and saves the inventory', async () => {
    const events: ScanEvent[] = []
    const report = await runScan(ctx, {
      httpPort: ports.http,
      mdns: false,
      onEvent: (event) => events.push(event),
      rpcPort: ports.rpc,
      targetOptions: {interfaces},
      targets: [],
    })
    expect(report.scanned).toBe(254)
    expect(report.unidentified).toEqual([])
    // The AxeOS 2.0 simulator, like that firmware, does not report its MAC.
    const expected = fleet.listing.map((sim) => ({driver: sim.driver, ip: sim.host, mac: sim.mac}))
    expect(report.devices.map((device) => ({driver: device.driver, ip: device.ip, mac: device.mac}))).toEqual(expected)
    for (const device of report.devices) {
      expect(Object.keys(device).sort()).toEqual(
        ['asic', 'discoveredBy', 'driver', 'firmware', 'firmwareVersion', 'hashrate', 'hostname', 'httpPort', 'ip', 'mac', 'make', 'model', 'rpcPort'].sort(),
      )
      expect(device.discoveredBy).toEqual(['sweep'])
      expect(device.httpPort).toBe(ports.http)
      expect(device.hashrate, device.ip).toBeGreaterThan(0)
    }
    // Streamed: one plan, a device event per device, progress up to 254/254.
    expect(events[0]).toEqual({notes: [], total: 254, type: 'plan'})
    expect(events.filter((event) => event.type === 'device')).toHaveLength(fleet.devices.length)
    expect(events.filter((event) => event.type === 'progress').at(-1)).toMatchObject({probed: 254, total: 254})

    const inventory = await readInventory(ctx)
    expect(inventory.devices.map((device) => [device.ip, device.mac, device.httpPort, device.rpcPort])).toEqual(
      fleet.listing.map((sim) => [sim.host, sim.mac, ports.http, ports.rpc]),
    )
  })

  it('opens identification with GET / on every web device, and never writes anything', async () => {
    expect(fleet.devices.flatMap((device) => device.journals.flatMap((journal) => journal.writes()))).toEqual([])
    const firstWebRequest = (device: HomeFleet['devices'][number]) => {
      const entry = device.journals.flatMap((journal) => journal.entries).find((candidate) => candidate.protocol === 'http')
      return entry && `${entry.method} ${entry.path}`
    }
    expect(fleet.devices.map((device) => [device.name, firstWebRequest(device)])).toEqual(fleet.devices.map((device) => [device.name, 'GET /']))
    const axeos = fleet.devices.find((device) => device.name.includes('AxeOS 2.15'))!
    // Identification needs no second-chance question when the page carries the AxeOS marker.
    expect(axeos.journals[0]!.entries.filter((entry) => entry.path === '/')).toHaveLength(1)
    // Identification, the driver's describe and the hashrate read share the answers: each URL is asked once.
    expect(axeos.journals[0]!.entries.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      'GET /',
      'GET /api/system/info',
      'GET /api/system/asic',
    ])
    for (const device of fleet.devices.filter((sim) => sim.driver === 'axeos')) {
      const asked = device.journals.flatMap((journal) => journal.entries.map((entry) => entry.path))
      expect(asked, device.name).toEqual([...new Set(asked)])
    }
  })
})
