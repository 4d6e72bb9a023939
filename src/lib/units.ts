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

const durationUnits: Record<string, number> = {
  d: 86_400,
  h: 3600,
  m: 60,
  min: 60,
  s: 1,
  w: 604_800,
  y: 31_536_000,
}

/** Parses "5y", "90d", "12h", "30min", "2w", "45s" into seconds (a year is 365 days). */
export function parseDuration(input: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(min|[smhdwy])\s*$/i.exec(input)
  const seconds = match ? Number(match[1]) * durationUnits[match[2]!.toLowerCase()]! : Number.NaN
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw invalidInput(
      `Invalid period "${input}": expected a number and a unit, like 12h, 90d, 5y, 2w or 30min`,
      'Units: s (seconds), min (minutes), h (hours), d (days), w (weeks), y (365-day years), e.g. 90d',
    )
  }
  return seconds
}

/** A time interval in ms: seconds ("5", "2.5"), milliseconds ("1500ms") or a duration ("10s", "1min"); null when it is none of these. */
export function parseIntervalMs(input: string): number | null {
  const text = input.trim()
  const millis = /^(\d+(?:\.\d+)?)\s*ms$/i.exec(text)
  if (millis) return Number(millis[1])
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000
  try {
    return parseDuration(text) * 1000
  } catch {
    return null
  }
}
