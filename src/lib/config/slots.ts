/**
 * Pool slots as the firmware holds them: each family's rules come from its driver (`poolSlots`); the
 * list is cut to what the firmware can hold.
 */
import {type Driver, type PoolSetting, type PoolSlotRules, POOLS_AS_WRITTEN} from '../devices/driver.js'

/** The driver's pool slot rules (a firmware that declares none keeps the list as written). */
export function poolSlotRules(driver: Driver): PoolSlotRules {
  return driver.poolSlots ?? POOLS_AS_WRITTEN
}

/** The pool list cut to what the firmware holds, and the slots that were dropped. */
export function fitPoolSlots(pools: PoolSetting[], limit: number | null): {dropped: PoolSetting[]; kept: PoolSetting[]} {
  if (limit === null || pools.length <= limit) return {dropped: [], kept: pools}
  return {dropped: pools.slice(limit), kept: pools.slice(0, limit)}
}
