/** Human output of `solominer demo`: what was started, what the scan found, status, odds, next steps. */
import type {DemoPoolCheck, DemoReport} from '../sim/demo.js'
import {formatHashrate} from './format.js'
import {renderScan} from './render-scan.js'
import {renderStatus} from './render-status.js'
import {renderOdds} from './render-watch.js'
import {outputWidth, wrapText} from './table.js'
import {theme} from './theme.js'

export function renderDemo(report: DemoReport): string {
  const {scan, simulators, status} = report
  const section = (title: string) => ['', theme.heading(title)]
  return [
    theme.heading('solominer demo: a simulated home fleet on your own machine (nothing leaves 127.x)'),
    ...section(`1. Started ${simulators.length} simulated miners on ${report.range}`),
    ...simulators.map((sim) => `   ${(sim.httpPort === null ? sim.host : `${sim.host}:${sim.httpPort}`).padEnd(19)} ${sim.name}`),
    ...section(`2. ${report.scanCommand ?? `Scan of each simulator's address and ports (${report.range})`}`),
    renderScan(scan, {all: true}),
    ...section('3. solominer status'),
    renderStatus(status),
    ...section('4. Your fleet\'s solo odds'),
    `${formatHashrate(report.odds.hashrate)} against the whole network:`,
    ...wrapText(renderOdds(report.odds), outputWidth(), 11),
    ...section('5. Does a solo pool pay you? Two simulated pools, checked for the fleet\'s address'),
    ...report.pools.map((pool) => `   ${`${pool.host}:${pool.port}`.padEnd(19)} ${poolVerdict(pool)}`),
    ...section('Next steps with real miners'),
    '   solominer scan              find the miners on your network',
    '   solominer status            read them all',
    '   solominer watch             live dashboard with alerts',
    '   solominer odds --fleet      your real solo odds',
    '   solominer pool check        does your solo pool pay your address?',
    '   solominer sim               keep these simulators and pools running to try commands on them',
    '',
    theme.dim(`Demo finished in ${(report.durationMs / 1000).toFixed(1)} s; every simulator has been stopped.`),
  ].join('\n')
}

function poolVerdict(pool: DemoPoolCheck): string {
  if (pool.verdict === 'pays-you') return theme.good(`pays you (${pool.userSharePercent} % of the reward)`)
  return theme.bad(pool.verdict === 'pays-you-partly' ? `pays you only ${pool.userSharePercent} %` : 'does not pay you (it pays its operator)')
}
