/**
 * Finding Bitcoin Core's RPC cookie. The node writes `<datadir>/.cookie` on mainnet and
 * `<datadir>/<chain>/.cookie` on the other chains, and regenerates it at every start.
 * home/platform/env are injectable so tests can build a fake data directory.
 */
import {homedir} from 'node:os'
import {posix, win32} from 'node:path'
import {open, stat} from 'node:fs/promises'

import {SolominerError} from '../errors.js'

export interface CookieLocation {
  chain: 'main' | 'testnet3' | 'testnet4' | 'signet' | 'regtest'
  /** The RPC URL the node on that chain listens on by default. */
  defaultUrl: string
  path: string
}

export interface CookieSearch {
  env?: NodeJS.ProcessEnv
  home?: string
  platform?: NodeJS.Platform
}

/** Chain subfolders in the order we try them, with Bitcoin Core's default RPC port for each. */
const CHAINS: {chain: CookieLocation['chain']; port: number; subdir: string}[] = [
  {chain: 'main', port: 8332, subdir: ''},
  {chain: 'testnet4', port: 48_332, subdir: 'testnet4'},
  {chain: 'testnet3', port: 18_332, subdir: 'testnet3'},
  {chain: 'signet', port: 38_332, subdir: 'signet'},
  {chain: 'regtest', port: 18_443, subdir: 'regtest'},
]

/** Bitcoin Core's default data directories for this OS, most likely first. */
export function defaultDataDirs(search: CookieSearch = {}): string[] {
  const platform = search.platform ?? process.platform
  const home = search.home ?? homedir()
  const env = search.env ?? process.env
  if (platform === 'win32') {
    // Since v28 new installs use %LOCALAPPDATA%; an existing %APPDATA% (Roaming) directory is kept.
    return [env.LOCALAPPDATA, env.APPDATA]
      .filter((base): base is string => Boolean(base))
      .map((base) => win32.join(base, 'Bitcoin'))
  }
  if (platform === 'darwin') return [posix.join(home, 'Library', 'Application Support', 'Bitcoin')]
  return [posix.join(home, '.bitcoin')]
}

/** Every cookie path we would try, in order. */
export function cookieCandidates(search: CookieSearch = {}): CookieLocation[] {
  const join = (search.platform ?? process.platform) === 'win32' ? win32.join : posix.join
  return defaultDataDirs(search).flatMap((dataDir) =>
    CHAINS.map(({chain, port, subdir}) => ({
      chain,
      defaultUrl: `http://127.0.0.1:${port}`,
      path: subdir === '' ? join(dataDir, '.cookie') : join(dataDir, subdir, '.cookie'),
    })),
  )
}

/** The first cookie file that exists, or null. */
export async function findCookie(search: CookieSearch = {}): Promise<CookieLocation | null> {
  for (const candidate of cookieCandidates(search)) {
    if (await isFile(candidate.path)) return candidate
  }
  return null
}

/** "~/x" → "<home>/x", for paths typed in quotes or stored in settings (the shell did not expand them). */
export function expandHome(path: string, home = homedir()): string {
  return path === '~' || path.startsWith('~/') ? posix.join(home, path.slice(1)) : path
}

/** A cookie is `__cookie__:` and 64 hex digits; anything longer is not one (a device, a huge file). */
const MAX_COOKIE_BYTES = 1024

/** The first `limit` + 1 bytes at most: enough to tell that a file is longer than `limit`. */
async function readHead(path: string, limit: number): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(limit + 1)
    let length = 0
    while (length < buffer.length) {
      const {bytesRead} = await handle.read(buffer, length, buffer.length - length)
      if (bytesRead === 0) break
      length += bytesRead
    }
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    await handle.close()
  }
}

/** Reads `__cookie__:<hex>` into user and password. */
export async function readCookie(path: string): Promise<{password: string; user: string}> {
  let text: string
  try {
    text = await readHead(path, MAX_COOKIE_BYTES)
  } catch (error) {
    throw new SolominerError('AUTH_FAILED', `Cannot read the RPC cookie file ${path}: ${(error as Error).message}`, {
      cause: error,
      suggestions: [
        'Check that bitcoind is running and that you may read its data directory',
        'Give the path with --rpc-cookie, or use --rpc-user and --rpc-password',
      ],
    })
  }
  const line = text.trim()
  const colon = line.indexOf(':')
  if (colon <= 0 || Buffer.byteLength(text) > MAX_COOKIE_BYTES) {
    throw new SolominerError('AUTH_FAILED', `${path} is not a Bitcoin Core cookie file (expected "user:password")`)
  }
  return {password: line.slice(colon + 1), user: line.slice(0, colon)}
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}
