/** The fleet's current total hashrate, for `odds --fleet` and the `watch` odds line. */
import type {AppContext} from '../context.js'
import {resolveTargets} from '../inventory/resolve.js'
import type {FleetReading} from '../odds/service.js'
import {readStatuses} from './service.js'

/** Reads the given targets (the whole inventory by default) and sums what is hashing now. */
export async function readFleetHashrate(specs: string[], ctx: AppContext): Promise<FleetReading> {
  const targets = await resolveTargets(specs, ctx)
  const {totals} = await readStatuses(targets, ctx)
  return {hashrate: totals.hashrate, online: totals.online, total: totals.devices}
}
