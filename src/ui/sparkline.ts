/** One-line charts from block characters, for hashrate history in `watch`. */
import {maxOf, minOf} from '../lib/arrays.js'

const bars = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']

/**
 * The last `width` values as bars scaled between their min and max; null (offline) is a space.
 * A flat non-zero series sits mid-height so it reads as "steady", not "zero".
 */
export function sparkline(values: readonly (number | null)[], width = 20): string {
  const shown = values.slice(-width)
  const known = shown.filter((value): value is number => value !== null && Number.isFinite(value))
  if (known.length === 0) return ' '.repeat(shown.length)
  const min = minOf(known)!
  const span = maxOf(known)! - min
  return shown
    .map((value) => {
      if (value === null || !Number.isFinite(value)) return ' '
      if (span === 0) return value > 0 ? bars[3] : bars[0]
      return bars[Math.round(((value - min) / span) * (bars.length - 1))]
    })
    .join('')
}
