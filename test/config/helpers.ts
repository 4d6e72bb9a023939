/** Shared set-up of the config/switch integration tests: simulators on 127.0.6.x and the built CLI. */
import {afterEach} from 'vitest'

import {type CliResult, runCli, tempConfig} from '../helpers/cli.js'
import {type AxeosProfile, type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import type {JournalEntry} from '../../src/sim/journal.js'
import type {SimDevice} from '../../src/sim/device.js'
import {type StratumPoolOptions, type StratumPoolSim, createStratumPoolSim, soloJobFor} from '../../src/sim/stratum-pool.js'

export const ADDRESS = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'
export const TAPROOT = 'bc1pllhdmn9m42vcsamx24zrxgs3qrl7ahwvhw4fnzrhve25gvezzyqqc0cgpt'
export const TESTNET_ADDRESS = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx'
/**
 * Chain sources on a closed loopback port, so the pool gate never reaches a public API, and the CLI's
 * network guard on: anything outside loopback is refused before a packet leaves.
 */
export const NO_PUBLIC_APIS = {
  SOLOMINER_BLOCKCHAIN_URL: 'http://127.0.0.1:9',
  SOLOMINER_MEMPOOL_URL: 'http://127.0.0.1:9',
  SOLOMINER_NET_ALLOW: '127.0.0.0/8',
}

/**
 * How long a simulated restart keeps the device away: the CLI must see it gone (it probes every 100 ms),
 * and a loaded machine can stall a process for longer than a few hundred milliseconds.
 */
export const RESTART_DOWN_MS = 1500

/** The chain tip the stratum pool simulators' jobs build on (mainnet block 903,826). */
export const CHAIN = {height: 903_826, nbits: '17026816', prevhash: '00000000000000000001b10adebc5c45242f374be8cac92e673cf6311a2b71b6'}

const running: SimDevice[] = []
const pools: StratumPoolSim[] = []
const configs: {cleanup: () => void}[] = []
let nextHost = 10

afterEach(async () => {
  await Promise.all([...running.splice(0), ...pools.splice(0)].map((sim) => sim.stop()))
  for (const config of configs.splice(0)) config.cleanup()
})

/** A fresh 127.0.6.x address per simulator, so parallel test files never collide. */
export function nextLoopback(): string {
  nextHost = nextHost >= 250 ? 10 : nextHost + 1
  return `127.0.6.${nextHost}`
}

export function track<T extends SimDevice>(sim: T): T {
  running.push(sim)
  return sim
}

export async function axeos(profile: AxeosProfile, options: {hostname?: string} = {}): Promise<AxeosSim> {
  return track(await createAxeosSim({host: nextLoopback(), httpPort: 0, jitter: false, profile, restartDownMs: RESTART_DOWN_MS, ...options}))
}

/** A stratum pool simulator on the next loopback address, stopped after the test. */
export async function stratumPool(options: Omit<StratumPoolOptions, 'host'>): Promise<StratumPoolSim> {
  const pool = await createStratumPoolSim({host: nextLoopback(), ...options})
  pools.push(pool)
  return pool
}

/** A solo pool paying the whole reward (312,500,000 sats) to whatever address the miner authorises with. */
export function soloPool(): Promise<StratumPoolSim> {
  return stratumPool({difficulty: 10_000, job: soloJobFor(CHAIN, {rewardSats: 312_500_000n})})
}

/** `host:port` as a TARGET. */
export function targetOf(sim: SimDevice): string {
  return `${sim.address.host}:${sim.address.httpPort}`
}

export function writes(sim: SimDevice): {body: string; method: string; path: string}[] {
  return sim.journals.flatMap((journal) => journal.writes()).map(({body, method, path}: JournalEntry) => ({body, method, path}))
}

/** A CLI runner bound to one temp config/data dir (so backups and profiles persist between calls). */
export function cli(): {dataDir: string; run: (args: string[], env?: Record<string, string>) => Promise<CliResult>} {
  const config = tempConfig()
  configs.push(config)
  return {
    dataDir: config.env.SOLOMINER_DATA_DIR!,
    run: (args, env = {}) => runCli(args, {env: {...config.env, ...NO_PUBLIC_APIS, ...env}, killAfterMs: 40_000}),
  }
}
