/**
 * The one uniform device model. Canonical units everywhere: hashrate in H/s, power in W, temperatures
 * in degrees C, efficiency in J/TH (always computed here, never taken from a device). A value the device
 * does not report is `null`, so the JSON shape is stable.
 */

/** Driver ids: one driver per firmware family. */
export type DriverId =
  /** Stock Bitmain firmware: bmminer/cgminer RPC on 4028 for status, the CGI web interface for config. */
  | 'antminer'
  /** FutureBit Apollo (web UI, 308 to /overview). */
  | 'apollo'
  /** Canaan cgminer: Avalon Nano 3/3S, Mini 3, Avalon Q. */
  | 'avalon'
  /** ESP-Miner / AxeOS and forks: Bitaxe, NerdQAxe/NerdAxe, Lucky Miner LV06/07/08. */
  | 'axeos'
  /** Braiins OS / BOS+: bosminer RPC for status, REST (>= 25.07) or GraphQL for config. */
  | 'braiins'
  /** Any other cgminer-compatible RPC (read-only, best effort). */
  | 'cgminer'
  /** MicroBT Whatsminer (identify only). */
  | 'whatsminer'

/** How to reach a device. Ports are explicit so simulators can run unprivileged on 127.x high ports. */
export interface DeviceAddress {
  host: string
  httpPort: number
  rpcPort: number
}

export const DEFAULT_HTTP_PORT = 80
export const DEFAULT_RPC_PORT = 4028

/** `http://host:port` of the device's web server, with brackets around IPv6 literals. */
export function httpBase(address: DeviceAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host
  return `http://${host}:${address.httpPort}`
}

/** What identification established about a device. */
export interface DeviceIdentity {
  address: DeviceAddress
  /** e.g. "BM1370" for a Bitaxe Gamma. */
  asic: string | null
  driver: DriverId
  /** Firmware family name, e.g. "AxeOS", "NerdQAxe", "Canaan cgminer", "bmminer", "Braiins OS". */
  firmware: string
  firmwareVersion: string | null
  hostname: string | null
  /** Lower-case colon form "aa:bb:cc:dd:ee:ff". */
  mac: string | null
  /** e.g. "Bitaxe", "NerdQAxe", "Canaan", "Bitmain". */
  make: string
  /** e.g. "Gamma 601", "NerdQAxe++", "Avalon Nano 3S", "Antminer S9". */
  model: string
}

export interface HashrateAverage {
  /** e.g. "1m", "10m", "1h", "1d", "5s", "av" (cgminer MHS av). */
  label: string
  hashrate: number
}

export interface PoolInUse {
  /** True when the device mines on its fallback/secondary pool. */
  fallback: boolean
  /** Normalised `stratum+tcp://host:port` (or `stratum+ssl://`). */
  url: string
  user: string
}

export type WarningKind =
  | 'block-found'
  | 'fan-fault'
  | 'hardware-fault'
  | 'identity-changed'
  | 'not-solo'
  | 'overheating'
  | 'payout-mismatch'
  | 'power-fault'
  | 'solo-user-invalid'
  | 'other'

export interface DeviceWarning {
  kind: WarningKind
  message: string
}

/** Live figures read from a device, in canonical units. */
export interface DeviceStatus {
  bestDifficulty: number | null
  bestSessionDifficulty: number | null
  blocksFound: number | null
  /** J/TH, computed from power and hashrate. */
  efficiency: number | null
  expectedHashrate: number | null
  fanPercent: number | null
  fanRpm: number | null
  /** Current hashrate, H/s. */
  hashrate: number | null
  hashrateAverages: HashrateAverage[]
  pool: PoolInUse | null
  /** W */
  power: number | null
  sharesAccepted: number | null
  sharesRejected: number | null
  /** Hottest chip/board temperature, deg C. */
  temperature: number | null
  uptimeSeconds: number | null
  /** Voltage-regulator temperature, deg C. */
  vrTemperature: number | null
  warnings: DeviceWarning[]
}

/**
 * H/s from a value in a device's unit (`unit` = H/s per unit, e.g. 1e9 for GH/s), in whole hashes: the
 * float product (1046.07 × 1e9 = 1046069999999.9999) carries artefacts, not precision.
 */
export function toHashesPerSecond(value: number, unit: number): number {
  return Math.round(value * unit)
}

/** Efficiency in J/TH from W and H/s; null when either is missing or hashrate is zero. */
export function efficiencyJPerTH(power: number | null, hashrate: number | null): number | null {
  if (power === null || hashrate === null || hashrate <= 0 || power <= 0) return null
  return power / (hashrate / 1e12)
}

/** A status with every field unknown, for drivers to fill in. */
export function emptyStatus(): DeviceStatus {
  return {
    bestDifficulty: null,
    bestSessionDifficulty: null,
    blocksFound: null,
    efficiency: null,
    expectedHashrate: null,
    fanPercent: null,
    fanRpm: null,
    hashrate: null,
    hashrateAverages: [],
    pool: null,
    power: null,
    sharesAccepted: null,
    sharesRejected: null,
    temperature: null,
    uptimeSeconds: null,
    vrTemperature: null,
    warnings: [],
  }
}

/** Normalises a MAC to lower-case colon form; null when it is not a MAC. */
export function normaliseMac(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const hex = value.toLowerCase().replaceAll(/[^0-9a-f]/g, '')
  if (hex.length !== 12) return null
  return hex.match(/../g)!.join(':')
}
