/**
 * `solominer demo`: the simulated home fleet on loopback, found by a real scan of its address range,
 * read by the real status service, with the fleet's solo odds at the embedded offline difficulty. It uses
 * a throw-away settings directory, so the user's inventory is never touched, and nothing leaves 127.x.
 */
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {offlineSnapshot} from '../chain/network.js'
import {type AppContext, createContext} from '../context.js'
import {type ScanReport, runScan} from '../discovery/scan.js'
import {resolveTargets} from '../inventory/resolve.js'
import {type HomeFleet, type SimListing, fleetHosts, startHomeFleet} from '../../sim/fleet.js'
import {type FleetOdds, fleetOdds} from './odds.js'
import {type StatusReport, readStatuses} from './service.js'

export interface DemoReport {
  durationMs: number
  odds: FleetOdds
  /** The scanned range, e.g. "127.77.0.11-18". */
  range: string
  scan: ScanReport
  simulators: SimListing[]
  status: StatusReport
}

/** The port pair every simulated device listens on; others are tried when it is taken. */
const DEMO_PORTS = {http: 18_080, rpc: 14_028}
const PORT_ATTEMPTS = 4

export async function runDemo(ctx: AppContext, hostBase?: string): Promise<DemoReport> {
  const started = Date.now()
  const dir = await mkdtemp(join(tmpdir(), 'solominer-demo-'))
  const demoCtx = createContext({
    debug: (line) => ctx.debug(line),
    paths: {cacheDir: join(dir, 'cache'), configDir: join(dir, 'config'), dataDir: join(dir, 'data')},
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
    userAgent: ctx.userAgent,
    verbose: ctx.verbose,
  })
  const {fleet, ports} = await startFleet(hostBase)
  try {
    const hosts = fleetHosts(hostBase)
    const range = `${hosts[0]}-${hosts.at(-1)!.split('.').at(-1)}`
    const scan = await runScan(demoCtx, {httpPort: ports.http, mdns: false, rpcPort: ports.rpc, targets: [range]})
    const status = await readStatuses(await resolveTargets(['all'], demoCtx), demoCtx)
    const odds = fleetOdds(status.totals.hashrate, offlineSnapshot())
    return {durationMs: Date.now() - started, odds, range, scan, simulators: fleet.listing, status}
  } finally {
    await fleet.stop()
    await demoCtx.close()
    await rm(dir, {force: true, recursive: true})
  }
}

/** One fixed port pair on every address (a range scan needs it); another pair if that one is taken. */
async function startFleet(hostBase: string | undefined): Promise<{fleet: HomeFleet; ports: {http: number; rpc: number}}> {
  for (let attempt = 0; ; attempt++) {
    const ports = attempt === 0 ? DEMO_PORTS : randomPortPair()
    try {
      return {fleet: await startHomeFleet({hostBase, ports}), ports}
    } catch (error) {
      if ((error as {code?: string}).code !== 'EADDRINUSE' || attempt + 1 >= PORT_ATTEMPTS) throw error
    }
  }
}

function randomPortPair(): {http: number; rpc: number} {
  const http = 20_000 + Math.floor(Math.random() * 40_000)
  return {http, rpc: http + 1}
}
