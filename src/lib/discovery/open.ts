/**
 * The one way every command opens a device: resolve target → identify → MAC check → driver. Reads
 * (`status`, `watch`, `serve`) and writes (`config`, `switch`, `restart`, `identify`) go through it, so a
 * device that is not there, not a miner, or not the one the inventory saved ends the same way everywhere.
 */
import type {AppContext} from '../context.js'
import type {DeviceCredentials, Driver} from '../devices/driver.js'
import type {DeviceIdentity, DeviceWarning} from '../devices/model.js'
import {loadDriver} from '../devices/registry.js'
import {SolominerError} from '../errors.js'
import type {ResolvedTarget} from '../inventory/resolve.js'
import {tcpProbe} from '../net/tcp.js'
import {identifyAddress} from './identify.js'

export interface OpenedDevice {
  driver: Driver
  identity: DeviceIdentity
  /** The `identity-changed` warning when the device's MAC is not the saved one (reads only: a write refuses). */
  moved: DeviceWarning | null
  target: ResolvedTarget
}

export interface OpenOptions {
  /** Compare a saved MAC with the device's (default true; `watch` checks once, not on every poll). */
  checkMac?: boolean
  credentials?: DeviceCredentials
  /** What a MAC that is not the saved one does: a write refuses with IDENTITY_CHANGED, a read warns. */
  onMacChange: 'refuse' | 'warn'
}

export async function openDevice(target: ResolvedTarget, ctx: AppContext, options: OpenOptions): Promise<OpenedDevice> {
  const saved = target.identity
  const identity =
    saved?.mac && options.checkMac !== false
      ? ((await identifyAddress(target.address, ctx, {credentials: options.credentials})) ?? saved)
      : await identifyTarget(target, ctx, options.credentials)
  const moved = macChange(target, identity)
  if (moved && options.onMacChange === 'refuse') {
    throw new SolominerError('IDENTITY_CHANGED', moved.message, {
      suggestions: ['Run `solominer scan` to update the inventory, then name the device again'],
    })
  }
  return {driver: await loadDriver(identity.driver), identity, moved, target}
}

/**
 * The target's identity: from the inventory, else identified now. Throws HOST_UNREACHABLE when nothing
 * answers, TIMEOUT when it accepts connections but stays silent, and UNSUPPORTED when something answers
 * that is not a known miner.
 */
export async function identifyTarget(target: ResolvedTarget, ctx: AppContext, credentials?: DeviceCredentials): Promise<DeviceIdentity> {
  if (target.identity) return target.identity
  const {address} = target
  const identity = await identifyAddress(address, ctx, {credentials})
  if (identity) return identity
  const ports = [address.httpPort, address.rpcPort]
  const states = await Promise.all(ports.map((port) => tcpProbe(address.host, port, ctx.timeoutMs, ctx.signal)))
  if (states.every((state) => state !== 'open')) {
    throw new SolominerError('HOST_UNREACHABLE', `${address.host} did not answer on ports ${ports.join(' or ')}`, {
      suggestions: ['Check that it is powered on and on this network'],
    })
  }
  throw new SolominerError('UNSUPPORTED', `${address.host} accepts connections but does not answer as a miner solominer knows`, {
    suggestions: ['Run `solominer scan --all` to see what answers there'],
  })
}

/** The warning for a device whose MAC is not the one the inventory saved for its address, else null. */
function macChange(target: ResolvedTarget, identity: DeviceIdentity): DeviceWarning | null {
  const saved = target.identity?.mac
  if (!saved || !identity.mac || identity.mac === saved) return null
  const name = target.alias ?? target.identity?.hostname ?? saved
  return {
    kind: 'identity-changed',
    message: `the device at ${target.address.host} is not ${name} any more (MAC ${identity.mac}, saved ${saved}); run solominer scan`,
  }
}
