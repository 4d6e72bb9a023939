/** Human rendering of `solominer sim`: where each simulated miner listens. */
import type {SimListing} from '../sim/fleet.js'
import {formatDuration} from './format.js'
import {outputWidth, renderTable} from './table.js'
import {theme} from './theme.js'

export function renderSimDevices(devices: SimListing[], scanCommand: string | null, stopAfterMs: number | null, width = outputWidth()): string {
  const table = renderTable(
    devices,
    [
      {get: (d) => d.name, header: 'SIMULATOR', min: 40},
      {dropRank: 1, get: (d) => d.driver, header: 'DRIVER'},
      {get: (d) => (d.httpPort === null ? '-' : `http://${d.host}:${d.httpPort}`), header: 'WEB / API'},
      {get: (d) => (d.rpcPort === null ? '-' : `${d.host}:${d.rpcPort}`), header: 'CGMINER RPC'},
      {dropRank: 2, get: (d) => d.mac, header: 'MAC'},
    ],
    {headerStyle: theme.heading, maxWidth: width},
  )
  const until = stopAfterMs === null ? 'Ctrl-C stops them.' : `They stop in ${formatDuration(stopAfterMs / 1000)} (or on Ctrl-C).`
  return [table, '', theme.dim(`${devices.length} simulated miners on loopback. ${until}`), ...tryLines(devices, scanCommand)].join('\n')
}

/** What to run next: the scan that saves the whole fleet, or (when none can) one device's status. */
function tryLines(devices: SimListing[], scanCommand: string | null): string[] {
  if (scanCommand !== null) return ['Find and save them all, then read them:', `  ${scanCommand}`, '  solominer status']
  const first = devices.find((d) => d.httpPort !== null)
  const note = theme.dim('Their ports differ per simulator, so no single scan finds them all; give each address:port to status.')
  return first ? [note, `Try: solominer status ${first.host}:${first.httpPort}`] : [note]
}
