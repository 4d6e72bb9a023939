/**
 * A compact horizontal bar chart of P(≥1 block) by horizon. Solo odds span many orders of magnitude
 * (0.00001 % a day, 50 % in ten thousand years), so bars are on a log scale, one decade per 5 cells.
 */
import {formatPercent} from './format.js'
import {theme} from './theme.js'

const DECADES = 7
const CELLS_PER_DECADE = 5
const BAR_WIDTH = DECADES * CELLS_PER_DECADE
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']

export function renderOddsChart(points: {label: string; probability: number}[]): string {
  const labelWidth = points.reduce((widest, point) => Math.max(widest, point.label.length), 0)
  const lines = points.map(({label, probability}) => {
    const bar = drawBar(probability)
    const pad = ' '.repeat(BAR_WIDTH - [...bar].length)
    return `${label.padStart(labelWidth)} │${theme.good(bar)}${pad}│ ${formatPercent(probability)}`
  })
  const heading = `${theme.heading('Chance of at least one block')} ${theme.dim('(log scale: 0.00001 % to 100 %, 5 cells per ×10)')}`
  return [heading, ...lines].join('\n')
}

function drawBar(probability: number): string {
  const scaled = probability > 0 ? (Math.log10(Math.min(1, probability)) + DECADES) / DECADES : 0
  const eighths = Math.round(Math.max(0, scaled) * BAR_WIDTH * 8)
  const full = Math.floor(eighths / 8)
  // A non-zero chance always shows a sliver, so tiny odds do not look like none.
  const partial = EIGHTHS[eighths % 8] || (full === 0 && probability > 0 ? '▏' : '')
  return '█'.repeat(full) + partial
}
