/** Human output of `pool check`: the verdict first, then the outputs and every check. */
import {formatBtc, outputTypeOfScript} from '../lib/bitcoin/coinbase.js'
import type {PoolCheck, PoolCheckResult, PoolVerdict} from '../lib/pools/check.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import {formatInteger, formatSi} from './format.js'
import {outputWidth, renderTable, wrapText} from './table.js'
import {theme} from './theme.js'

const VERDICT_TEXT: Record<PoolVerdict, (share: number) => string> = {
  // A positive share with this verdict means the job is on another chain (an impossible coinbase has 0 %).
  'does-not-pay-you': (share) => theme.bad(share > 0 ? 'DOES NOT PAY YOU (the job is not on your chain)' : 'DOES NOT PAY YOU'),
  'pays-you': (share) => theme.good(`PAYS YOU (${share} % of the reward)`),
  'pays-you-partly': (share) => theme.warn(`PAYS YOU PARTLY (only ${share} % of the reward)`),
}

function checkMark(check: PoolCheck): string {
  if (check.ok === null) return theme.dim('-')
  return check.ok ? theme.good('ok') : theme.bad('FAIL')
}

function outputsTable(result: PoolCheckResult): string {
  return renderTable(result.outputs, [
    {get: (output) => (output.isUser ? theme.good('you') : ''), header: ''},
    {align: 'right', get: (output) => formatBtc(BigInt(output.sats)), header: 'Amount'},
    {get: (output) => sanitizeText(output.address ?? outputTypeOfScript(output.script)), header: 'Pays'},
  ])
}

/** One line per check; a detail too long for the width continues under itself (never cut). */
function checksTable(checks: PoolCheck[], width: number): string {
  const table = renderTable(checks, [
    {get: checkMark, header: 'Check'},
    {get: (check) => check.name, header: ''},
    {get: (check) => sanitizeText(check.detail, 400), header: ''},
  ])
  const detailColumn = 'Check'.length + 2 + Math.max(...checks.map((check) => check.name.length)) + 2
  return table
    .split('\n')
    .flatMap((line) => wrapText(line, width, detailColumn))
    .join('\n')
}

export function renderPoolCheck(result: PoolCheckResult, width = outputWidth()): string {
  const {job} = result
  const summary = [
    `${theme.heading(sanitizeText(result.url))}  ${VERDICT_TEXT[result.verdict](result.userSharePercent)}`,
    ...(result.reason === null ? [] : [sanitizeText(result.reason, 400)]),
    `User ${sanitizeText(result.user)}`,
    `Connected in ${result.latencyMs} ms, first job after ${result.timeToJobMs} ms, share difficulty ${formatSi(result.shareDifficulty)}`,
    `Block ${job.height === null ? '?' : formatInteger(job.height)} on ${job.prevhash}, nbits ${job.nbits} (difficulty ${formatSi(job.networkDifficulty)}), tag ${theme.value(sanitizeText(job.coinbaseTag ?? '-'))}`,
  ]
  const lines = [
    // Wrapped at spaces to the terminal: the hashes and addresses in them are never cut.
    ...summary.flatMap((line) => wrapText(line, width, 2)),
    '',
    outputsTable(result),
    '',
    checksTable(result.checks, width),
  ]
  return lines.join('\n')
}
