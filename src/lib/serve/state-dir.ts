/**
 * Where `serve` keeps its state (event log, what was already notified): the XDG state directory
 * (`$XDG_STATE_HOME/solominer`, else `~/.local/state/solominer`) on Linux and the BSDs; elsewhere a
 * `state` folder in the data directory. SOLOMINER_STATE_DIR and --state-dir override it.
 */
import {homedir} from 'node:os'
import {join} from 'node:path'

import type {AppContext} from '../context.js'

export function defaultStateDir(ctx: Pick<AppContext, 'env' | 'paths'>, platform: NodeJS.Platform = process.platform): string {
  const {SOLOMINER_STATE_DIR: explicit, XDG_STATE_HOME: xdg} = ctx.env
  if (explicit) return explicit
  if (xdg) return join(xdg, 'solominer')
  if (platform === 'darwin' || platform === 'win32') return join(ctx.paths.dataDir, 'state')
  return join(homedir(), '.local', 'state', 'solominer')
}
