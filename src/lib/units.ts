/** Parsing of user- and device-supplied quantities into canonical units. */
import {invalidInput} from './errors.js'

const siPrefixes: Record<string, number> = {
  '': 1,
  E: 1e18,
  G: 1e9,
  K: 1e3,
  M: 1e6,
  P: 1e15,
  T: 1e12,
  Z: 1e21,
  k: 1e3,
}

/**
 * Parses a number that may carry an SI suffix, as devices report difficulties ("4.29G", "1.1T", "512",
 * 512). Returns null for anything else (never NaN).
 */
export function parseSiNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value !== 'string') return null
  const match = /^\s*([+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([kKMGTPEZ]?)\s*$/i.exec(value)
  if (!match) return null
  const multiplier = siPrefixes[match[2]!.toUpperCase() === 'K' ? 'K' : match[2]!.toUpperCase()]
  const number = Number(match[1]) * (multiplier ?? Number.NaN)
  return Number.isFinite(number) ? number : null
}

export const HASHRATE_FORMS = '1.2TH, 1.2 TH/s, 1.2T, 500GH, 950 MH/s, 1PH, 0.5EH, 1.2e12 or 1200000000000 (H/s)'

/**
 * Parses a user-typed hashrate into H/s: "1.2TH", "1.2 TH/s", "1.2T", "500GH", "950 MH/s", "1PH",
 * "0.5EH", "1.2e12", "1200000000000" (a plain number is H/s). Case-insensitive.
 */
export function parseHashrate(input: string): number {
  const match = /^\s*(\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+)\s*(?:([kmgtpez])?(?:h(?:\/s|ps)?)?)\s*$/i.exec(input)
  const prefix = match?.[2]?.toUpperCase() ?? ''
  const value = match ? Number(match[1]) * (siPrefixes[prefix] ?? Number.NaN) : Number.NaN
  if (!Number.isFinite(value) || value <= 0) {
    throw invalidInput(
      `Invalid hashrate "${input}": expected a positive value like ${HASHRATE_FORMS}`,
      'Write a positive number with a unit: 1.2TH (= 1.2 TH/s), 500GH, 950MH; a plain number is in H/s',
    )
  }
  return value
}

/**
 * Parses a difficulty typed by a user: "145042165424853.29", "1.45e14", "145.04T", "4.29G".
 */
export function parseDifficulty(input: string): number {
  const value = parseSiNumber(input.replaceAll(',', '').replaceAll('_', ''))
  if (value === null || value <= 0) {
    throw invalidInput(
      `Invalid difficulty "${input}": expected a positive number like 145.04T or 1.4504e14`,
      'Write the full number (145042165424853.29), an exponent (1.4504e14) or a k/M/G/T/P/E suffix (145.04T, 4.29G)',
    )
  }
  return value
}

/** Seconds per unit of a typed duration (a year is 365 days). */
const durationUnits: Record<string, number> = {
  d: 86_400,
  h: 3600,
  m: 60,
  min: 60,
  ms: 0.001,
  s: 1,
  w: 604_800,
  y: 31_536_000,
}

const DURATION_UNITS_HELP = 'ms, s (seconds), min (minutes), h (hours), d (days), w (weeks), y (365-day years)'

/** What one duration (a flag) accepts; bounds in ms. */
export interface DurationRule {
  /** The unit of a bare number ("3000" for --timeout is ms, "5" for --interval is seconds). */
  bareUnit: 'ms' | 's'
  /** A valid value, for the suggestion: "10s". */
  example: string
  maxMs: number
  minMs: number
  /** How the error names the value: "--timeout", "period". */
  name: string
}

/**
 * Parses a duration typed by a user into ms: a number with a unit ("1500ms", "10s", "30min", "12h", "90d",
 * "2w", "5y") or a bare number in the rule's unit. Zero, negative, non-finite, out-of-range and unreadable
 * values are refused (exit 2) naming the accepted range, so no timer ever gets a value Node would clamp.
 */
export function parseDurationMs(input: string, rule: DurationRule): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|min|[smhdwy])?\s*$/i.exec(input)
  const unit = match?.[2]?.toLowerCase() ?? rule.bareUnit
  const ms = match ? Number(match[1]) * durationUnits[unit]! * 1000 : Number.NaN
  const range = `from ${formatDurationMs(rule.minMs)} to ${formatDurationMs(rule.maxMs)}`
  const flag = rule.name.startsWith('--') ? `${rule.name} ` : ''
  if (!Number.isFinite(ms)) {
    throw invalidInput(
      `Invalid ${rule.name} "${input}": expected a duration like ${rule.example}, ${range}`,
      `Write a number and a unit (${DURATION_UNITS_HELP}); a bare number is in ${rule.bareUnit === 'ms' ? 'milliseconds' : 'seconds'}, e.g. ${flag}${rule.example}`,
    )
  }
  if (ms < rule.minMs) {
    throw invalidInput(`${rule.name} ${input.trim()} is too short: the minimum is ${formatDurationMs(rule.minMs)}`, `e.g. ${flag}${compact(rule.minMs)}`)
  }
  if (ms > rule.maxMs) {
    throw invalidInput(`${rule.name} ${input.trim()} is too long: the maximum is ${formatDurationMs(rule.maxMs)}`, `e.g. ${flag}${compact(rule.maxMs)}`)
  }
  return ms
}

/** A bound as a value the flag accepts: "1s", "5min". */
const compact = (ms: number) => formatDurationMs(ms).replace(' ', '')

/** "300000" → "5 min", "50" → "50 ms": the bounds of a duration as the errors and help state them. */
export function formatDurationMs(ms: number): string {
  const units: [number, string][] = [
    [31_536_000_000, 'y'],
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ]
  const [size, unit] = units.find(([size]) => ms >= size && ms % size === 0) ?? [1, 'ms']
  return `${ms / size} ${unit}`
}

/** `odds --period`: from one second to a century. */
export const PERIOD_RULE: DurationRule = {bareUnit: 's', example: '90d', maxMs: 100 * 31_536_000_000, minMs: 1000, name: '--period'}

/** Parses an odds period ("5y", "90d", "12h", "30min", "2w", "45s") into seconds (a year is 365 days). */
export function parseDuration(input: string): number {
  return parseDurationMs(input, PERIOD_RULE) / 1000
}
