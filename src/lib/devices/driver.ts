/**
 * The driver contract: one driver per firmware family. Identification evidence is gathered once per host
 * (see identify.ts) and handed to the driver, which makes its own make-specific queries.
 * An optional method is a capability; `capabilities` says it in data for help texts and per-device
 * "not supported" messages.
 */
import type {AppContext} from '../context.js'
import {SolominerError} from '../errors.js'
import {type DeviceAddress, type DeviceIdentity, type DeviceStatus, type DriverId, plausibleFigure} from './model.js'
import type {Signature, SignatureInputs} from './signatures.js'

export interface DriverCapabilities {
  /** Config fields the driver can write: 'pools', 'fan', 'temp-target', 'frequency', 'voltage', 'hostname'. */
  configWrite: ConfigField[]
  /** Can read the device configuration (pools, fan, ...). */
  configRead: boolean
  /** Blinks its LED or flashes its screen (`locate`). */
  locate: boolean
  /** Pushes its state (`subscribeLive`) on firmware that has a live stream. */
  liveStream: boolean
  restart: boolean
  status: boolean
}

export type ConfigField = 'fan' | 'frequency' | 'hostname' | 'pools' | 'temp-target' | 'voltage'

/** Evidence collected about a host during identification, shared by all drivers' matchers. */
export interface ProbeEvidence {
  address: DeviceAddress
  /** `GET /` on the HTTP port, if it answered. */
  http?: {body: string; headers: Record<string, string | string[] | undefined>; status: number}
  openPorts: number[]
  /** Raw reply to `{"command":"version"}` on the RPC port, if any. */
  rpcVersion?: string
}

/** What identification may ask a host on a family's behalf, with its own deadline and size cap. */
export interface DiscoveryProbe {
  /** GET a path on the HTTP port (only when `GET /` answered): the body of a 2xx answer, else undefined. */
  http(path: string, headers?: Record<string, string>): Promise<string | undefined>
  /** One command on the RPC port (only when `version` answered): the raw reply, else undefined. */
  rpc(command: string): Promise<string | undefined>
}

/**
 * A family's part in discovery (`devices/<family>/discovery.ts`, listed in the registry): kept apart from
 * the driver so that a scan loads no driver before a host matched.
 */
export interface DiscoveryHook {
  /** DNS-SD service types the family advertises besides `_http._tcp.local`; `scan` browses them too. */
  readonly mdnsServices?: readonly string[]
  /** The second-chance question, asked only when no signature matched the first round: more signature inputs. */
  secondChance?(probe: DiscoveryProbe): Promise<SignatureInputs>
  /** What recognises the family's hosts, tried in this order. */
  readonly signatures: readonly Signature[]
}

/** Credentials a driver may need (Antminer digest, Avalon admin, Braiins OS login, NerdQAxe OTP). */
export interface DeviceCredentials {
  otp?: string
  password?: string
  user?: string
}

export interface DriverCallOptions {
  credentials?: DeviceCredentials
}

/** One pool slot as configured on a device (index 0 = primary, 1 = fallback, ...). */
export interface PoolSlot {
  /** Whether a password is set; the password itself is never part of the uniform model. */
  passwordSet: boolean
  tls: boolean
  /** Normalised `stratum+tcp://host:port` / `stratum+ssl://host:port`; '' for an empty slot. */
  url: string
  user: string
}

export interface FanConfig {
  /** Minimum fan speed in percent, where the firmware has one. */
  minPercent: number | null
  mode: 'auto' | 'manual'
  /** Manual speed in percent (null in auto mode when the firmware does not keep one). */
  percent: number | null
  /** Target chip temperature for the automatic fan control, deg C. */
  targetTemperature: number | null
}

/** A device's configuration in one uniform model. */
export interface DeviceConfig {
  /** mV */
  coreVoltage: number | null
  fan: FanConfig | null
  /** MHz */
  frequency: number | null
  hostname: string | null
  pools: PoolSlot[]
}

/** A configuration's figures checked as a status's are (PLAUSIBLE_RANGES): an absurd one is unknown (null). */
export function checkedConfig(config: DeviceConfig): DeviceConfig {
  const {fan} = config
  return {
    ...config,
    coreVoltage: plausibleFigure(config.coreVoltage, 'voltage'),
    fan: fan && {
      ...fan,
      minPercent: plausibleFigure(fan.minPercent, 'fanPercent'),
      percent: plausibleFigure(fan.percent, 'fanPercent'),
      targetTemperature: plausibleFigure(fan.targetTemperature, 'temperature'),
    },
    frequency: plausibleFigure(config.frequency, 'frequency'),
  }
}

/** A pool to write: the password travels only here. */
export interface PoolSetting {
  /**
   * null = keep the password the device has in this slot (same index) now: AxeOS never shows its
   * passwords, so a change that does not touch a slot must not overwrite them. Drivers keep it wherever
   * the firmware allows; where it cannot be kept (Braiins OS REST) they write UNKNOWN_PASSWORD.
   */
  password: string | null
  url: string
  user: string
}

/** Written for a kept password the firmware neither keeps nor shows: the value nearly every pool ignores. */
export const UNKNOWN_PASSWORD = 'x'

/** A requested change; absent fields stay as they are on the device. */
export interface ConfigChange {
  coreVoltage?: number
  fan?: {mode: 'auto'} | {mode: 'manual'; percent: number}
  frequency?: number
  hostname?: string
  /** The full ordered pool list to apply: [primary, fallback?, third?]. */
  pools?: PoolSetting[]
  temperatureTarget?: number
}

/**
 * Refuses, before anything is sent, a change that sets a field outside `writable` (the only fields
 * `family`'s writer supports).
 */
export function refuseUnwritable(change: ConfigChange, writable: Array<keyof ConfigChange>, family: string): void {
  const refused = Object.entries(change)
    .filter(([key, value]) => value !== undefined && !writable.includes(key as keyof ConfigChange))
    .map(([key]) => key)
  if (refused.length > 0) {
    throw new SolominerError('UNSUPPORTED', `${family}: solominer changes only ${writable.join(', ')}, not ${refused.join(', ')}`)
  }
}

export interface WriteResult {
  /** The device must restart for the change to take effect (AxeOS pools, Avalon setpool). */
  restartRequired: boolean
}

/** The device's own lists of safe values (AxeOS /api/system/asic, or a table by ASIC model). */
export interface SafeOptions {
  coreVoltages: number[]
  frequencies: number[]
}

/** Temperatures from which a family's devices count as overheating, deg C. */
export interface HeatLimits {
  /** Chip/board temperature at which the family throttles or risks damage. */
  chip: number
  /** Voltage-regulator limit (null when the family reports none). */
  vr: number | null
}

/** What a family's firmware holds and shows of pools, where the uniform model alone does not say it. */
export interface PoolSlotRules {
  /** The pool list as the firmware will hold it after the write, so the diff shows every slot written. */
  asWritten(pools: PoolSetting[]): PoolSetting[]
  /** The most pools the firmware holds, judged from the configuration it reports now; null = no known limit. */
  limit(current: DeviceConfig): number | null
  /**
   * The configuration read shows the pools the device runs on, not the saved ones: a pool change saved
   * without a restart (--no-restart) cannot be read back until the next restart.
   */
  shownOnlyAfterRestart: boolean
}

/** The rules of a firmware that keeps the pool list as written and shows it at once. */
export const POOLS_AS_WRITTEN: PoolSlotRules = {asWritten: (pools) => pools, limit: () => null, shownOnlyAfterRestart: false}

/** How a written configuration shows when read back, where the uniform model alone does not say it. */
export interface ReadBackRules {
  /** Reads after a write before a field that still shows its old value counts as not applied. */
  attempts: number
  /** The pause between those reads, ms. */
  pauseMs: number
  /** How far (MHz) a frequency read back may lie from the one written and still be it. */
  frequencyToleranceMhz: number
}

/**
 * The rules of a firmware that declares none: a write may still show a moment after the reply, so a few
 * reads over about a second; values shown exactly as written.
 */
export const READ_BACK_DEFAULT: ReadBackRules = {attempts: 6, frequencyToleranceMhz: 0, pauseMs: 250}

export interface LiveSubscription {
  close(): void
}

export interface LiveHandlers {
  /** Called once when an established stream ends (device restarted, network lost); not after close(). */
  onEnd?: (reason: string) => void
  /** Every update, as a full status. */
  onStatus: (status: DeviceStatus) => void
}

export interface Driver {
  capabilities: DriverCapabilities
  /**
   * Refuses (throws) every change writeConfig would refuse, writing nothing: values the firmware cannot
   * store, fields or slots it lacks. Run for a dry run and a real push alike, so both give one answer.
   */
  checkChange?(address: DeviceAddress, change: ConfigChange, ctx: AppContext, options?: DriverCallOptions): Promise<void>
  /** Make-specific queries to complete the identity, after the signature table picked this driver. */
  describe(evidence: ProbeEvidence, ctx: AppContext, options?: DriverCallOptions): Promise<DeviceIdentity>
  readonly id: DriverId
  /** Human name of the family, e.g. "AxeOS (Bitaxe, NerdQAxe, Lucky Miner)". */
  readonly label: string
  /** From this temperature on the family's devices get an overheating warning. */
  readonly heatLimits: HeatLimits
  /** The fastest a device of this family is polled, ms (some embedded web servers stall under tight polling). */
  readonly minPollMs: number
  /** Pool slot rules; absent = POOLS_AS_WRITTEN. */
  readonly poolSlots?: PoolSlotRules
  /** How a write shows when read back; absent = READ_BACK_DEFAULT. */
  readonly readBack?: ReadBackRules
  readConfig?(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions): Promise<DeviceConfig>
  /**
   * The device's native configuration document, saved verbatim as a backup before any write and
   * written back by `restoreNative` (so a restore loses nothing the uniform model does not cover).
   */
  readNative?(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions): Promise<unknown>
  readStatus(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions): Promise<DeviceStatus>
  restart?(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions): Promise<void>
  restoreNative?(address: DeviceAddress, native: unknown, ctx: AppContext, options?: DriverCallOptions): Promise<WriteResult>
  safeOptions?(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions): Promise<SafeOptions | null>
  /** Blinks the LED or flashes the screen, so the device can be found on the shelf. */
  locate?(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions): Promise<void>
  /**
   * Subscribes to the device's pushed state; null when this device's firmware (version, fork) has no
   * live stream, so it is polled.
   */
  subscribeLive?(address: DeviceAddress, identity: DeviceIdentity, ctx: AppContext, handlers: LiveHandlers): Promise<LiveSubscription | null>
  /** Sends the change in as few requests as the API allows (one where possible). */
  writeConfig?(
    address: DeviceAddress,
    change: ConfigChange,
    ctx: AppContext,
    options?: DriverCallOptions,
  ): Promise<WriteResult>
}
