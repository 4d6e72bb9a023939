/**
 * Two solo pools beside the simulated fleet (`sim`, `demo`), so `pool check` and `switch solo` can be
 * tried end to end with nothing but loopback: the stratum pool simulator at `<host base>.2` builds each
 * job for the address the miner authorises with (an honest solo pool), the one at `<host base>.3` pays
 * its operator whatever the user (a pool that must be refused). Their jobs build on the embedded offline
 * chain snapshot, so the chain check is skipped in the commands printed for them (--no-chain).
 */
import {subsidySats} from '../lib/bitcoin/consensus.js'
import {OFFLINE_SNAPSHOT} from '../lib/chain/snapshot.js'
import {SolominerError} from '../lib/errors.js'
import {type HomeFleet, type SimListing, DEFAULT_FLEET_HOST_BASE, FLEET_PAYOUT_ADDRESS, SHARED_FLEET_HOST} from './fleet.js'
import {type StratumPoolSim, buildSyntheticJob, createStratumPoolSim, soloJobFor} from './stratum-pool.js'

/** The port solo pools commonly use (ckpool, public-pool); an ephemeral one when it is taken. */
export const SOLO_POOL_PORT = 3333
/** The operator of the pool that does not pay you (a valid mainnet address that is not yours). */
export const OPERATOR_ADDRESS = 'bc1q28kkr5hk4gnqe3evma6runjrd2pvqyp8fpwfzu'
/** What the simulated pools add to the subsidy in fees. */
const FEES_SATS = 2_345_678n

export interface SoloPoolListing {
  host: string
  name: string
  /** `user`: the address the miner authorises with; `operator`: OPERATOR_ADDRESS, whoever mines. */
  pays: 'operator' | 'user'
  port: number
  url: string
}

export interface SoloPools {
  listing: SoloPoolListing[]
  stop(): Promise<void>
}

export interface SoloPoolsOptions {
  hostBase?: string
  /** 0: ephemeral ports (tests); default SOLO_POOL_PORT, or an ephemeral one where it is taken. */
  port?: number
  /** Put the pools on 127.0.0.1 (the fleet shares it; ports are then ephemeral). */
  sharedHost?: boolean
}

/** The job a pool sends: the next block on the offline snapshot's tip. */
function chainBase() {
  const height = OFFLINE_SNAPSHOT.height + 1
  return {base: {height, nbits: OFFLINE_SNAPSHOT.bits, prevhash: OFFLINE_SNAPSHOT.bestBlockHash, tag: '/solominer-sim/'}, rewardSats: BigInt(subsidySats(height)) + FEES_SATS}
}

export async function startSoloPools(options: SoloPoolsOptions = {}): Promise<SoloPools> {
  const {base, rewardSats} = chainBase()
  const hostBase = options.hostBase ?? DEFAULT_FLEET_HOST_BASE
  const host = (last: number) => (options.sharedHost ? SHARED_FLEET_HOST : `${hostBase}.${last}`)
  const port = options.sharedHost ? 0 : (options.port ?? SOLO_POOL_PORT)
  const specs = [
    {host: host(2), job: soloJobFor(base, {rewardSats}), name: 'Solo pool paying your address', pays: 'user' as const},
    {host: host(3), job: buildSyntheticJob({...base, payouts: [{address: OPERATOR_ADDRESS, sats: rewardSats}]}), name: 'Solo pool paying its operator', pays: 'operator' as const},
  ]
  const started: StratumPoolSim[] = []
  try {
    for (const spec of specs) started.push(await startPool(spec.host, port, spec.job))
  } catch (error) {
    await Promise.all(started.map((pool) => pool.stop()))
    throw error
  }
  return {
    listing: started.map((pool, index) => ({host: pool.host, name: specs[index]!.name, pays: specs[index]!.pays, port: pool.port, url: pool.url})),
    stop: async () => {
      await Promise.all(started.map((pool) => pool.stop()))
    },
  }
}

/** A pool on `port`, or on an ephemeral one when that is taken (another program on 3333). */
async function startPool(host: string, port: number, job: Parameters<typeof createStratumPoolSim>[0]['job']): Promise<StratumPoolSim> {
  try {
    return await createStratumPoolSim({difficulty: 10_000, host, job, port})
  } catch (error) {
    if ((error as {code?: string}).code !== 'EADDRINUSE' || port === 0) throw explain(error, host)
    return createStratumPoolSim({difficulty: 10_000, host, job, port: 0})
  }
}

function explain(error: unknown, host: string): unknown {
  if ((error as {code?: string}).code !== 'EADDRNOTAVAIL') return error
  return new SolominerError('UNSUPPORTED', `This system cannot listen on ${host}: only some loopback addresses exist here`, {cause: error})
}

/** `host:port`, what `pool check` and `--pool` take. */
const poolAddress = (pool: SoloPoolListing) => `${pool.host}:${pool.port}`

/** The `pool check` of `pool` for the fleet's payout address (the job is on the offline tip: no chain check). */
export function poolCheckCommand(pool: SoloPoolListing): string {
  return `solominer pool check ${poolAddress(pool)} --user ${FLEET_PAYOUT_ADDRESS} --no-chain`
}

/**
 * Commands to paste that work against the running simulators: a pool check that passes (exit 0), one
 * that is refused (exit 8), and a dry-run switch of the first web device to the paying pool.
 */
export function soloTryCommands(pools: SoloPoolListing[], fleet: Pick<HomeFleet, 'listing'>): string[] {
  const paying = pools.find((pool) => pool.pays === 'user')
  const operator = pools.find((pool) => pool.pays === 'operator')
  const device: SimListing | undefined = fleet.listing.find((entry) => entry.httpPort !== null)
  const commands: string[] = []
  if (paying) commands.push(poolCheckCommand(paying))
  if (operator) commands.push(poolCheckCommand(operator))
  if (paying && device) {
    commands.push(
      `solominer switch solo --pool ${poolAddress(paying)} --fallback none --address ${FLEET_PAYOUT_ADDRESS} --no-chain ${device.host}:${device.httpPort} --dry-run`,
    )
  }
  return commands
}
