/**
 * The driver registry: one driver per firmware family, loaded lazily so that a command touching one
 * family does not pay the start-up cost of all of them; and the families' small discovery hooks.
 */
import {discovery as antminerDiscovery} from './antminer/discovery.js'
import {discovery as apolloDiscovery} from './apollo/discovery.js'
import {discovery as avalonDiscovery} from './avalon/discovery.js'
import {discovery as axeosDiscovery} from './axeos/discovery.js'
import {discovery as braiinsDiscovery} from './braiins/discovery.js'
import {discovery as cgminerDiscovery} from './cgminer/discovery.js'
import type {DiscoveryHook, Driver} from './driver.js'
import type {DriverId} from './model.js'
import type {Signature} from './signatures.js'
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

/**
 * Every family's discovery, in the order its signatures are tried (the first match wins): firmware that
 * replaces another comes before it (Braiins OS before stock Antminer, whose RPC it still imitates), and the
 * generic cgminer last.
 */
export const DISCOVERY_HOOKS: readonly DiscoveryHook[] = [
  braiinsDiscovery,
  whatsminerDiscovery,
  apolloDiscovery,
  antminerDiscovery,
  avalonDiscovery,
  axeosDiscovery,
  cgminerDiscovery,
]

/** The identification signature table: every family's signatures, in DISCOVERY_HOOKS order. */
export const SIGNATURES: readonly Signature[] = DISCOVERY_HOOKS.flatMap((hook) => hook.signatures)
