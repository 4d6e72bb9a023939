/** Human rendering of `solominer sim`: where each simulated miner listens. */
import type {SimListing} from '../sim/fleet.js'
import {formatDuration} from './format.js'
import {renderTable} from './table.js'
import {theme} from './theme.js'

export function renderSimDevices(devices: SimListing[], stopAfterMs: number | null): string {
  const table = renderTable(
    devices,
    [
      {get: (d) => d.name, header: 'SIMULATOR'},
      {get: (d) => d.driver, header: 'DRIVER'},
      {get: (d) => (d.httpPort === null ? '-' : `http://${d.host}:${d.httpPort}`), header: 'WEB / API'},
      {get: (d) => (d.rpcPort === null ? '-' : `${d.host}:${d.rpcPort}`), header: 'CGMINER RPC'},
      {get: (d) => d.mac, header: 'MAC'},
    ],
    theme.heading,
  )
  const until = stopAfterMs === null ? 'Ctrl-C stops them.' : `They stop in ${formatDuration(stopAfterMs / 1000)} (or on Ctrl-C).`
  const first = devices.find((d) => d.httpPort !== null)
  const hint = first ? `Try: solominer status ${first.host}:${first.httpPort}` : ''
  return [table, '', theme.dim(`${devices.length} simulated miners on loopback. ${until}`), theme.dim(hint)].join('\n')
}
