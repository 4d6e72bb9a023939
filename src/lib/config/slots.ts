/**
 * What each family's firmware can hold and show about pools, where the uniform model alone does not
 * say it: the number of pool slots, and whether a pool change saved for the next restart can be read
 * back before that restart.
 */
import type {DeviceConfig, PoolSetting} from '../devices/driver.js'
import type {DriverId} from '../devices/model.js'
import {AVALON_POOL_SLOTS} from '../devices/avalon/write.js'

/**
 * AxeOS reports every pool slot its firmware has (an empty fallback as ''), so the slots it reports
 * are all it can hold: AxeOS before 2.3 has no fallback. Other families report only configured pools.
 */
export function poolSlotLimit(driver: DriverId, current: DeviceConfig): number | null {
  return driver === 'axeos' ? Math.max(1, current.pools.length) : null
}

/**
 * Whether the family's configuration read shows the pools it runs on rather than the saved ones: then
 * a pool change saved without a restart (--no-restart) cannot be read back until the next restart.
 * Avalon applies `setpool` at the reboot and its `pools` reply lists the running pools; AxeOS shows
 * the saved settings at once.
 */
export function poolsShownOnlyAfterRestart(driver: DriverId): boolean {
  return driver === 'avalon'
}

/** The pool list cut to what the firmware holds, and the slots that were dropped. */
export function fitPoolSlots(pools: PoolSetting[], limit: number | null): {dropped: PoolSetting[]; kept: PoolSetting[]} {
  if (limit === null || pools.length <= limit) return {dropped: [], kept: pools}
  return {dropped: pools.slice(limit), kept: pools.slice(0, limit)}
}

/**
 * The pool list as the firmware will hold it after the write, so the diff shows every slot written:
 * Avalon writes all its slots and cannot empty one, so the slots past the list repeat its last pool.
 */
export function poolsAsWritten(driver: DriverId, pools: PoolSetting[]): PoolSetting[] {
  if (driver !== 'avalon' || pools.length === 0 || pools.length >= AVALON_POOL_SLOTS) return pools
  const last = pools.at(-1)!
  return [...pools, ...Array.from({length: AVALON_POOL_SLOTS - pools.length}, () => ({...last}))]
}
