/**
 * `solominer demo`: the simulated home fleet on loopback, found by a real scan of its address range,
 * read by the real status service, with the fleet's solo odds at the embedded offline difficulty. It uses
 * a throw-away settings directory, so the user's inventory is never touched, and nothing leaves 127.x.
 */
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {offlineSnapshot} from '../lib/chain/network.js'
import {type AppContext, createContext} from '../lib/context.js'
import {type ScanReport, runScan} from '../lib/discovery/scan.js'
import {resolveTargets} from '../lib/inventory/resolve.js'
import {type HomeFleet, type SimListing, FLEET_PAYOUT_ADDRESS, SHARED_FLEET_HOST, fleetRange, fleetScanCommand, startFleetOnFixedPorts} from './fleet.js'
import {type SoloPoolListing, poolCheckCommand, startSoloPools} from './solo-pools.js'
import {type PoolVerdict, checkPool} from '../lib/pools/check.js'
import {type FleetOdds, fleetOdds} from '../lib/status/odds.js'
import {type StatusReport, readStatuses} from '../lib/status/service.js'

/** `pool check` of one of the demo's solo pools, with the fleet's payout address as the user. */
export interface DemoPoolCheck extends SoloPoolListing {
  /** The same check on the command line. */
  command: string
  userSharePercent: number
  verdict: PoolVerdict
}

export interface DemoReport {
  durationMs: number
  odds: FleetOdds
  pools: DemoPoolCheck[]
  /** The scanned range, e.g. "127.77.0.11-18", or "127.0.0.1:18080-18087" when the fleet shares 127.0.0.1. */
  range: string
  scan: ScanReport
  /** The `solominer scan` command the demo ran (with its ports), null when the fleet shares 127.0.0.1 (scanned address by address). */
  scanCommand: string | null
  simulators: SimListing[]
  status: StatusReport
}

export interface DemoOptions {
  hostBase?: string
  /** Put the fleet on 127.0.0.1 straight away (what happens by itself where 127.77.0.x cannot be bound). */
  sharedHost?: boolean
}

export async function runDemo(ctx: AppContext, options: DemoOptions = {}): Promise<DemoReport> {
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
  const {fleet, ports} = await startFleetOnFixedPorts(options)
  const solo = await startSoloPools({hostBase: options.hostBase, sharedHost: fleet.sharedHost}).catch(async (error: unknown) => {
    await fleet.stop()
    throw error
  })
  try {
    const {range, scan} = await scanFleet(fleet, ports, options.hostBase, demoCtx)
    const status = await readStatuses(await resolveTargets(['all'], demoCtx), demoCtx)
    const odds = fleetOdds(status.totals.hashrate, offlineSnapshot())
    const pools = await checkSoloPools(solo.listing, demoCtx)
    const scanCommand = fleetScanCommand(fleet, options.hostBase)
    return {durationMs: Date.now() - started, odds, pools, range, scan, scanCommand, simulators: fleet.listing, status}
  } finally {
    await Promise.all([fleet.stop(), solo.stop()])
    await demoCtx.close()
    await rm(dir, {force: true, recursive: true})
  }
}

/** Each solo pool checked as `pool check` does, for the fleet's payout address; the jobs are on the offline tip, so no chain check. */
async function checkSoloPools(pools: SoloPoolListing[], ctx: AppContext): Promise<DemoPoolCheck[]> {
  const checks: DemoPoolCheck[] = []
  for (const pool of pools) {
    const result = await checkPool({chain: false, pool: pool.url, user: FLEET_PAYOUT_ADDRESS}, ctx)
    checks.push({...pool, command: poolCheckCommand(pool), userSharePercent: result.userSharePercent, verdict: result.verdict})
  }
  return checks
}

/**
 * A real scan of the fleet's address range; a fleet sharing 127.0.0.1 is told apart by ports only, so
 * its devices' exact addresses are scanned instead.
 */
async function scanFleet(fleet: HomeFleet, ports: PortPair, hostBase: string | undefined, ctx: AppContext): Promise<{range: string; scan: ScanReport}> {
  if (fleet.sharedHost) {
    const addresses = fleet.devices.map((device) => device.address)
    const range = `${SHARED_FLEET_HOST}:${addresses[0]!.httpPort}-${addresses.at(-1)!.httpPort}`
    return {range, scan: await runScan(ctx, {addresses, mdns: false, targets: []})}
  }
  const range = fleetRange(hostBase)
  return {range, scan: await runScan(ctx, {httpPort: ports.http, mdns: false, rpcPort: ports.rpc, targets: [range]})}
}

interface PortPair {
  http: number
  rpc: number
}
