/**
 * One device as a config operation sees it: its identity (from the inventory, else identified now) and
 * its driver. Shared by push, backup, restore, restart and identify.
 */
import type {AppContext} from '../context.js'
import type {DeviceCredentials, Driver} from '../devices/driver.js'
import type {DeviceIdentity} from '../devices/model.js'
import {loadDriver} from '../devices/registry.js'
import {identifyAddress} from '../discovery/identify.js'
import {ExitCode, SolominerError, errorMessage, isSolominerError} from '../errors.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {openPorts} from './restart.js'

export interface TargetDevice {
  driver: Driver
  identity: DeviceIdentity
  target: ResolvedTarget
}

export interface ResultError {
  code: string
  exitCode: number
  message: string
  suggestions: string[]
}

export async function openDevice(target: ResolvedTarget, ctx: AppContext, credentials?: DeviceCredentials): Promise<TargetDevice> {
  const identity = target.identity?.mac
    ? await checkedIdentity(target, target.identity, ctx, credentials)
    : (target.identity ?? (await identifyAddress(target.address, ctx, {credentials})))
  if (!identity) {
    if ((await openPorts(target.address, ctx)).length === 0) {
      throw new SolominerError('HOST_UNREACHABLE', `${target.target} does not answer (HTTP port ${target.address.httpPort}, RPC port ${target.address.rpcPort})`, {
        suggestions: ['Check that the device is powered and on this network'],
      })
    }
    throw new SolominerError('DEVICE_ERROR', `${target.target} answers, but not as a miner solominer knows`, {
      suggestions: ['Check the address; `solominer scan <ip>` shows what answers there'],
    })
  }
  return {driver: await loadDriver(identity.driver), identity, target}
}

/**
 * An inventory entry with a MAC, checked against the device first (DHCP may have moved another miner to its
 * address): refused when the MAC differs, so nothing is written to the wrong miner.
 */
async function checkedIdentity(
  target: ResolvedTarget,
  saved: DeviceIdentity,
  ctx: AppContext,
  credentials?: DeviceCredentials,
): Promise<DeviceIdentity> {
  const now = await identifyAddress(target.address, ctx, {credentials})
  if (!now) return saved
  if (!now.mac || now.mac === saved.mac) return now
  const name = target.alias ?? saved.hostname ?? saved.mac
  throw new SolominerError(
    'IDENTITY_CHANGED',
    `the device at ${target.address.host} is not ${name} any more (MAC ${now.mac}, saved ${saved.mac}); run solominer scan`,
    {suggestions: ['Run `solominer scan` to update the inventory, then name the device again']},
  )
}

/** A per-device error as data (the JSON `error` field). */
export function toResultError(error: unknown): ResultError {
  if (isSolominerError(error)) return error.toJSON()
  return {code: 'DEVICE_ERROR', exitCode: ExitCode.Device, message: errorMessage(error), suggestions: []}
}

/** "The Bitaxe Gamma at 10.0.0.5 (AxeOS 2.15.0)" for per-device messages. */
/** How a result names a device: the alias the user gave it, else its hostname; null when it has neither. */
export function deviceName(target: ResolvedTarget, identity: DeviceIdentity | null): string | null {
  return target.alias ?? identity?.hostname ?? null
}

export function describeDevice(identity: DeviceIdentity): string {
  const version = identity.firmwareVersion ? ` ${identity.firmwareVersion}` : ''
  return `${identity.model} at ${identity.address.host} (${identity.firmware}${version})`
}

export function unsupported(identity: DeviceIdentity, what: string): SolominerError {
  return new SolominerError('UNSUPPORTED', `${describeDevice(identity)}: ${what} is not supported by this firmware`)
}
