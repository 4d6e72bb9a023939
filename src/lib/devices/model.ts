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

/** A configured pool slot as a status read reports it (primary first). */
export interface ReportedPool {
  /** True for the slot the device mines on now. */
  active: boolean
  /** Normalised `stratum+tcp://host:port` (or `stratum+ssl://`). */
  url: string
  user: string
}

export type WarningKind =
  | 'block-found'
  | 'fan-fault'
  | 'hardware-fault'
  | 'identity-changed'
  /** A figure outside its plausible range (PLAUSIBLE_RANGES): shown as unknown. */
  | 'implausible-value'
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
  /** Every configured pool slot, primary first; empty when the firmware does not list them. */
  pools: ReportedPool[]
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

/** What a figure read from a device measures, for its plausible range. */
export type FigureKind =
  | 'blocks'
  | 'difficulty'
  | 'fanPercent'
  | 'fanRpm'
  | 'frequency'
  | 'hashrate'
  | 'power'
  | 'shares'
  | 'temperature'
  | 'uptime'
  | 'voltage'

export interface PlausibleRange {
  /** Whole numbers only (counts). */
  integer: boolean
  max: number
  min: number
}

const YEAR_SECONDS = 365.25 * 86_400

/**
 * What a working miner can report, in canonical units: wide enough for any home or farm machine (a
 * whole rack behind one proxy stays under 1 EH/s and 100 kW), narrow enough that 1e300 RPM, 1e308 W, a
 * negative uptime or share count can never be printed, summed or trusted for a warning. README "Value
 * ranges" lists them.
 */
export const PLAUSIBLE_RANGES: Record<FigureKind, PlausibleRange> = {
  blocks: {integer: true, max: 1_000_000, min: 0},
  // A share's difficulty is at most difficulty-1 target / 1 (a hash of 1): about 2.7e67.
  difficulty: {integer: false, max: 2.7e67, min: 0},
  fanPercent: {integer: false, max: 100, min: 0},
  fanRpm: {integer: false, max: 30_000, min: 0},
  frequency: {integer: false, max: 5000, min: 0},
  hashrate: {integer: false, max: 1e18, min: 0},
  power: {integer: false, max: 100_000, min: 0},
  shares: {integer: true, max: Number.MAX_SAFE_INTEGER, min: 0},
  temperature: {integer: false, max: 200, min: -40},
  uptime: {integer: false, max: 20 * YEAR_SECONDS, min: 0},
  voltage: {integer: false, max: 5000, min: 0},
}

/** The figure when it is plausible for its kind, else null. */
export function plausibleFigure(value: number | null, kind: FigureKind): number | null {
  if (value === null) return null
  const range = PLAUSIBLE_RANGES[kind]
  const ok = Number.isFinite(value) && value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value))
  return ok ? value : null
}

const STATUS_FIGURES: Array<[keyof DeviceStatus, FigureKind, string]> = [
  ['hashrate', 'hashrate', 'hashrate'],
  ['expectedHashrate', 'hashrate', 'expected hashrate'],
  ['power', 'power', 'power'],
  ['temperature', 'temperature', 'temperature'],
  ['vrTemperature', 'temperature', 'regulator temperature'],
  ['fanRpm', 'fanRpm', 'fan RPM'],
  ['fanPercent', 'fanPercent', 'fan %'],
  ['uptimeSeconds', 'uptime', 'uptime'],
  ['sharesAccepted', 'shares', 'accepted shares'],
  ['sharesRejected', 'shares', 'rejected shares'],
  ['bestDifficulty', 'difficulty', 'best difficulty'],
  ['bestSessionDifficulty', 'difficulty', 'best session difficulty'],
  ['blocksFound', 'blocks', 'blocks found'],
]

/**
 * The one validation of a status read from any device: every figure outside its plausible range
 * becomes null (unknown), with an `implausible-value` warning naming it (never the absurd number), and
 * efficiency is computed again from what is left. Warnings and totals only ever see the result.
 */
export function checkedStatus(status: DeviceStatus): DeviceStatus {
  const checked: DeviceStatus = {...status, warnings: [...status.warnings]}
  const rejected: string[] = []
  for (const [field, kind, label] of STATUS_FIGURES) {
    const value = status[field] as number | null
    if (value === null || plausibleFigure(value, kind) !== null) continue
    ;(checked[field] as number | null) = null
    rejected.push(label)
  }
  checked.hashrateAverages = status.hashrateAverages.filter((average) => plausibleFigure(average.hashrate, 'hashrate') !== null)
  if (checked.hashrateAverages.length < status.hashrateAverages.length) rejected.push('hashrate averages')
  checked.efficiency = efficiencyJPerTH(checked.power, checked.hashrate)
  if (rejected.length > 0) {
    checked.warnings.push({kind: 'implausible-value', message: `Impossible figures from the device, shown as unknown: ${rejected.join(', ')}`})
  }
  return checked
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
    pools: [],
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
