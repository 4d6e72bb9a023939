/** Human formatting of canonical values. Only the UI formats; src/lib keeps raw units. */

const siSuffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z']

/** Scales by powers of 1000: 4.29e9 → {scaled: 4.29, prefix: 'G'}. */
function scaleSi(value: number): {prefix: string; scaled: number} {
  let scaled = value
  let index = 0
  while (Math.abs(scaled) >= 1000 && index < siSuffixes.length - 1) {
    scaled /= 1000
    index++
  }
  return {prefix: siSuffixes[index]!, scaled}
}

const isKnown = (value: number | null | undefined): value is number => value !== null && value !== undefined && Number.isFinite(value)

/** 1.2e12 → "1.20 TH/s". */
export function formatHashrate(hashesPerSecond: number | null | undefined, digits = 2): string {
  if (!isKnown(hashesPerSecond)) return '-'
  const {prefix, scaled} = scaleSi(hashesPerSecond)
  return `${scaled.toFixed(digits)} ${prefix}H/s`
}

/** 4290000000 → "4.29G", as miners show difficulties. */
export function formatSi(value: number | null | undefined, digits = 2): string {
  if (!isKnown(value)) return '-'
  const {prefix, scaled} = scaleSi(value)
  return prefix === '' ? String(Math.round(scaled * 100) / 100) : `${scaled.toFixed(digits)}${prefix}`
}

export function formatInteger(value: number | null | undefined): string {
  if (!isKnown(value)) return '-'
  return Math.round(value).toLocaleString('en-US')
}

export function formatFixed(value: number | null | undefined, digits: number, unit = ''): string {
  if (!isKnown(value)) return '-'
  return `${value.toFixed(digits)}${unit}`
}

/** Seconds → "42 s", "7.5 min", "3.2 h", "12.4 days", "16,461 years". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!isKnown(seconds)) return '-'
  const year = 365 * 86_400
  if (seconds >= year) {
    const years = seconds / year
    return `${years >= 100 ? formatInteger(years) : years.toFixed(1)} years`
  }
  if (seconds >= 86_400) return `${(seconds / 86_400).toFixed(1)} days`
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`
  if (seconds >= 60) return `${(seconds / 60).toFixed(1)} min`
  return `${Math.round(seconds)} s`
}

/** A probability as a percent with adaptive digits and never an exponent: 0.0000166 %, 0.61 %, 100 %. */
export function formatPercent(probability: number): string {
  const percent = probability * 100
  if (percent === 0) return '0 %'
  if (percent >= 100) return '100 %'
  if (percent >= 99.995 && percent < 100) return '>99.99 %'
  if (percent >= 1) return `${percent.toFixed(2)} %`
  return `${formatSignificant(percent, 3)} %`
}

/** A small positive number in plain decimals with `significant` digits, never an exponent: 0.0000166. */
export function formatSignificant(value: number, significant: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value)
  const digits = Math.min(100, Math.max(0, significant - 1 - Math.floor(Math.log10(Math.abs(value)))))
  return value.toFixed(digits)
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
// `date` output, as stock Antminer firmware reports its version: "Fri Nov 17 17:37:49 CST 2017".
const buildDate = /^(?:[A-Z][a-z]{2}\s+)?([A-Z][a-z]{2})\s+(\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?:[A-Z]{2,5}\s+)?(\d{4})$/

/**
 * Firmware name and version as one short label. A version that is a build timestamp (stock Antminer:
 * "Fri Nov 17 17:37:49 CST 2017") is its date, which is how those firmware releases are told apart:
 * "bmminer 2017-11-17".
 */
export function formatFirmware(firmware: string, version: string | null): string {
  const date = version === null ? null : buildDate.exec(version.trim())
  const month = date ? MONTHS.indexOf(date[1]!) + 1 : 0
  const shown = date && month > 0 ? `${date[3]}-${String(month).padStart(2, '0')}-${date[2]!.padStart(2, '0')}` : version
  return [firmware, shown].filter(Boolean).join(' ')
}
