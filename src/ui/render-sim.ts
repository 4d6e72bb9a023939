/** Human rendering of `solominer sim`: where each simulated miner listens. */
import type {SimListing} from '../sim/fleet.js'
import type {SoloPoolListing} from '../sim/solo-pools.js'
import {formatDuration} from './format.js'
import {outputWidth, renderTable, wrapText} from './table.js'
import {theme} from './theme.js'

export function renderSimDevices(devices: SimListing[], scanCommand: string | null, stopAfterMs: number | null, width = outputWidth()): string {
  const table = renderTable(
    devices,
    [
      {get: (d) => d.name, header: 'SIMULATOR', min: 40},
      {dropRank: 1, get: (d) => d.driver, header: 'DRIVER'},
      {get: (d) => (d.httpPort === null ? '-' : `http://${d.host}:${d.httpPort}`), header: 'WEB / API'},
      {get: (d) => (d.rpcPort === null ? '-' : `${d.host}:${d.rpcPort}`), header: 'CGMINER RPC'},
      {dropRank: 2, get: (d) => d.mac ?? '-', header: 'MAC'},
    ],
    {headerStyle: theme.heading, maxWidth: width},
  )
  const until = stopAfterMs === null ? 'Ctrl-C stops them.' : `They stop in ${formatDuration(stopAfterMs / 1000)} (or on Ctrl-C).`
  return [table, '', ...wrapText(`${devices.length} simulated miners on loopback. ${until}`, width, 0).map((line) => theme.dim(line)), ...tryLines(devices, scanCommand, width)].join('\n')
}

/** What to run next: the scan that saves the whole fleet, or (when none can) one device's status. */
function tryLines(devices: SimListing[], scanCommand: string | null, width: number): string[] {
  if (scanCommand !== null) return ['Find and save them all, then read them:', `  ${scanCommand}`, '  solominer status']
  const first = devices.find((d) => d.httpPort !== null)
  const note = wrapText('Their ports differ per simulator, so no single scan finds them all; give each address:port to status.', width, 0).map((line) => theme.dim(line))
  return first ? [...note, `Try: solominer status ${first.host}:${first.httpPort}`] : note
}

/** The solo pools beside the fleet, and commands to paste that try them (long ones continued with `\`). */
export function renderSimPools(pools: SoloPoolListing[], tryCommands: string[], width = outputWidth()): string {
  const table = renderTable(
    pools,
    [
      {get: (pool) => pool.name, header: 'SOLO POOL', min: 20},
      {get: (pool) => pool.url, header: 'URL'},
      {get: (pool) => (pool.pays === 'user' ? 'the address you authorise with' : 'its operator, whatever your user'), header: 'PAYS', min: 12},
    ],
    {headerStyle: theme.heading, maxWidth: width},
  )
  const commands = tryCommands.flatMap((command) => ['', ...shellLines(command, width)])
  const lead = wrapText('Try the pool check (the second pool is refused, exit 8) and a switch to the first pool:', width, 0)
  return [table, '', ...lead, ...commands].join('\n')
}

/** A command indented and wrapped to `width` for a shell: every line but the last ends with " \\", so a paste runs it whole. */
function shellLines(command: string, width: number): string[] {
  const lines = wrapText(command, Math.max(20, width - 4), 2)
  return lines.map((line, index) => `  ${line}${index === lines.length - 1 ? '' : ' \\'}`)
}
