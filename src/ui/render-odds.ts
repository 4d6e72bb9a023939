/** Human rendering of `solominer odds`. */
import type {OddsReport} from '../lib/odds/calculate.js'
import type {OddsResult} from '../lib/odds/service.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import {formatDuration, formatHashrate, formatInteger, formatPercent, formatSi, formatSignificant} from './format.js'
import {renderOddsChart} from './odds-chart.js'
import {outputWidth, renderTable, wrapText} from './table.js'
import {theme} from './theme.js'

export function renderOdds(report: OddsResult, options: {chart: boolean}): string {
  const sections = [
    renderHeader(report),
    renderTable(
      report.windows,
      [
        {get: (row) => row.label, header: 'WINDOW'},
        {align: 'right', get: (row) => theme.value(formatPercent(row.probability)), header: 'P(≥1 BLOCK)'},
        {align: 'right', get: (row) => `1 in ${formatOneIn(row.oneIn)}`, header: 'ODDS'},
        {align: 'right', get: (row) => formatCount(row.expectedBlocks), header: 'EXPECTED BLOCKS'},
      ],
      {headerStyle: theme.heading},
    ),
    renderReward(report),
  ]
  if (report.economics) sections.push(renderEconomics(report.economics))
  if (report.bestShare) sections.push(renderBestShare(report))
  if (options.chart) sections.push(renderOddsChart(report.chart))
  return sections.join('\n\n')
}

function formatOneIn(oneIn: number): string {
  if (oneIn >= 100_000) return formatInteger(oneIn)
  return oneIn.toLocaleString('en-US', {maximumFractionDigits: 1, minimumFractionDigits: 1})
}

/** Expected blocks, never as an exponent: 0.0000158, 0.16, 1,234.5. */
function formatCount(count: number): string {
  return count < 0.01 ? formatSignificant(count, 3) : count.toLocaleString('en-US', {maximumFractionDigits: 2})
}

/** 6286.43 → "6,286.43": amounts of sats and money, two decimals, grouped. */
function formatAmount(value: number): string {
  return value.toLocaleString('en-US', {maximumFractionDigits: 2, minimumFractionDigits: 2})
}

function formatBtc(sats: number): string {
  return `${(sats / 1e8).toFixed(8).replace(/0+$/, '').replace(/\.$/, '')} BTC`
}

function renderHeader(report: OddsResult): string {
  const {fleet, source} = report
  const fleetNote = fleet ? `, of which the fleet: ${formatHashrate(fleet.hashrate)} from ${fleet.online} of ${fleet.total} miners online` : ''
  const lines = [
    `${theme.heading('Solo odds for')} ${theme.value(formatHashrate(report.hashrate))} ${theme.dim(
      `(${formatPercent(report.networkShare)} of the network${fleetNote})`,
    )}`,
    `Network difficulty ${theme.value(formatSi(report.difficulty))} ${theme.dim(`(${formatInteger(report.difficulty)})`)}` +
      `, about ${formatHashrate(report.networkHashrate)}` +
      (source.height === undefined ? '' : `, height ${formatInteger(source.height)}`),
    `Source: ${describeSource(report)}`,
    `Expected time to a block: ${theme.value(formatDuration(report.expectedSecondsToBlock))} ` +
      `(median ${formatDuration(report.medianSecondsToBlock)})`,
  ]
  for (const skipped of source.skipped ?? []) {
    lines.push(theme.warn(`  ${skipped.kind} skipped: ${sanitizeText(skipped.message)}`))
  }
  const width = outputWidth()
  return lines.flatMap((line) => wrapText(line, width, 2)).join('\n')
}

function describeSource(report: OddsReport): string {
  const {source} = report
  switch (source.kind) {
    case 'manual': {
      return 'difficulty given with --difficulty'
    }
    case 'offline': {
      return theme.warn(`offline snapshot of ${source.asOf?.slice(0, 10) ?? '?'} (STALE: no live source answered or --source offline)`)
    }
    case 'node': {
      return `Bitcoin node at ${sanitizeText(source.url)}`
    }
    default: {
      return `${source.kind === 'mempool' ? 'mempool API' : 'blockchain.info API'} at ${sanitizeText(source.url)}`
    }
  }
}

function renderReward(report: OddsReport): string {
  const {reward} = report
  const height = reward.heightAssumed ? `height ~${formatInteger(reward.height)} assumed` : `height ${formatInteger(reward.height)}`
  const total = reward.feesKnown
    ? `${formatBtc(reward.subsidySats)} subsidy + ${formatBtc(reward.feesSats ?? 0)} fees (${sanitizeText(reward.feesSource)}) = ${theme.value(formatBtc(reward.totalSats))}`
    : `${theme.value(formatBtc(reward.subsidySats))} subsidy only ${theme.dim(`(fees ${sanitizeText(reward.feesSource)})`)}`
  return [
    `Block reward: ${total} ${theme.dim(`(${height})`)}`,
    `Expected value: ${theme.value(`${formatAmount(report.expectedSatsPerDay)} sat/day`)}, ${formatInteger(report.expectedSatsPerYear)} sat/year (on average; a solo miner earns all or nothing)`,
  ].join('\n')
}

function renderEconomics(economics: NonNullable<OddsReport['economics']>): string {
  const {currency} = economics
  // Amounts carry their currency; without --currency they are in the unit of the prices given, and say so once.
  const money = (value: number | null) => (value === null ? '-' : currency === null ? formatAmount(value) : `${formatAmount(value)} ${currency}`)
  const unnamed = currency === null && (economics.costPerDay !== null || economics.btcPrice !== null)
  const lines = []
  if (economics.kwhPerDay !== null) {
    const cost = economics.costPerDay === null ? theme.dim(' (give --kwh-price for the cost)') : `, cost ${money(economics.costPerDay)}/day`
    lines.push(`Power: ${economics.watts} W = ${economics.kwhPerDay.toFixed(2)} kWh/day${cost}`)
  }
  if (economics.btcPrice !== null) {
    const from = economics.priceSource ? theme.dim(` (price ${[formatInteger(economics.btcPrice), currency].filter(Boolean).join(' ')}/BTC from ${sanitizeText(economics.priceSource)})`) : ''
    lines.push(`Value of the expected sats: ${money(economics.expectedValuePerDay)}/day${from}`)
  }
  if (economics.netPerDay !== null) {
    const net = money(economics.netPerDay)
    lines.push(`Net: ${economics.netPerDay < 0 ? theme.bad(net) : theme.good(net)}/day on average`)
  }
  if (unnamed) lines.push(theme.dim('Amounts are in the currency of the prices you gave (--currency EUR names it).'))
  return lines.join('\n')
}

function renderBestShare(report: OddsReport): string {
  const best = report.bestShare!
  const every = `a share this good is expected every ${formatDuration(best.expectedSecondsPerShare)} at this hashrate`
  if (!best.wouldHaveBeenBlock) {
    return `Best share ${theme.value(formatSi(best.difficulty))} is ${formatPercent(best.ratioToNetwork)} of the network difficulty (${every})`
  }
  // formatPercent caps at 100 % (it is made for probabilities); a ratio is not bounded.
  const ratio = `${formatAmount(best.ratioToNetwork)}× (${formatInteger(best.ratioToNetwork * 100)} %)`
  return [
    `Best share ${theme.value(formatSi(best.difficulty))} is ${theme.good(ratio)} the network difficulty (${every}): ${theme.good('it meets the block target, so it would have been a block')}.`,
    theme.dim('  If no block was found, check the value: it is probably mistyped or from another network (testnet, signet).'),
  ].join('\n')
}
