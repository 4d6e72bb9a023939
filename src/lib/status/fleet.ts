/** The fleet's current total hashrate, for `odds --fleet` and the `watch` odds line. */
import type {AppContext} from '../context.js'
import {resolveTargets} from '../inventory/resolve.js'
import {readStatuses} from './service.js'

export interface FleetHashrate {
  /** H/s summed over the devices that answered. */
  hashrate: number
  online: number
  total: number
}

/** Reads the given targets (the whole inventory by default) and sums what is hashing now. */
export async function readFleetHashrate(specs: string[], ctx: AppContext): Promise<FleetHashrate> {
  const targets = await resolveTargets(specs, ctx)
  const {totals} = await readStatuses(targets, ctx)
  return {hashrate: totals.hashrate, online: totals.online, total: totals.devices}
}
