/** Human formatting of canonical values. Only the UI formats; src/lib keeps raw units. */

const hashUnits = ['H/s', 'kH/s', 'MH/s', 'GH/s', 'TH/s', 'PH/s', 'EH/s', 'ZH/s']

export function formatHashrate(hashesPerSecond: number | null | undefined, digits = 2): string {
  if (hashesPerSecond === null || hashesPerSecond === undefined || !Number.isFinite(hashesPerSecond)) return '-'
  let value = hashesPerSecond
  let unit = 0
  while (Math.abs(value) >= 1000 && unit < hashUnits.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(digits)} ${hashUnits[unit]}`
}

const siSuffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z']

/** 4290000000 → "4.29G", as miners show difficulties. */
export function formatSi(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-'
  let scaled = value
  let index = 0
  while (Math.abs(scaled) >= 1000 && index < siSuffixes.length - 1) {
    scaled /= 1000
    index++
  }
  return index === 0 ? String(Math.round(scaled * 100) / 100) : `${scaled.toFixed(digits)}${siSuffixes[index]}`
}

export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-'
  return Math.round(value).toLocaleString('en-US')
}

export function formatFixed(value: number | null | undefined, digits: number, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-'
  return `${value.toFixed(digits)}${unit}`
}

/** Seconds → "42 s", "7.5 min", "3.2 h", "12.4 days", "16,461 years". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-'
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
