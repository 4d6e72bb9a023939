/**
 * The driver registry: one driver per firmware family, loaded lazily so that a command touching one
 * family does not pay the start-up cost of all of them; and the families' small discovery hooks.
 */
import {discovery as axeosDiscovery} from './axeos/discovery.js'
import type {DiscoveryHook, Driver} from './driver.js'
import type {DriverId} from './model.js'
import {discovery as whatsminerDiscovery} from './whatsminer/discovery.js'

const loaders: Record<DriverId, () => Promise<Driver>> = {
  antminer: async () => (await import('./antminer/driver.js')).driver,
  apollo: async () => (await import('./apollo/driver.js')).driver,
  avalon: async () => (await import('./avalon/driver.js')).driver,
  axeos: async () => (await import('./axeos/driver.js')).driver,
  braiins: async () => (await import('./braiins/driver.js')).driver,
  cgminer: async () => (await import('./cgminer/driver.js')).driver,
  whatsminer: async () => (await import('./whatsminer/driver.js')).driver,
}

export const DRIVER_IDS = Object.keys(loaders) as DriverId[]

export function loadDriver(id: DriverId): Promise<Driver> {
  return loaders[id]()
}

/** The families that take part in discovery beyond the signature table (mDNS services, second-chance questions). */
export const DISCOVERY_HOOKS: readonly DiscoveryHook[] = [axeosDiscovery, whatsminerDiscovery]
