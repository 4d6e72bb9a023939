/**
 * The identification signature table: data, not scattered ifs. Each row says which driver a host belongs
 * to, where to look in the probe evidence, and what to look for. Rows are tried in order and the first
 * match wins, so custom firmwares (Braiins OS on an Antminer, an Apollo behind a plain web server) come
 * before the stock firmware they replace, and the generic cgminer row comes last.
 * Facts from the firmwares' own replies (cgminer API-README, pyasic's miner detection, ESP-Miner and its forks' web UIs).
 */
import type {DriverId} from './model.js'

/** Where a signature looks. */
export type SignatureSource =
  /** Body of `GET /` on the HTTP port (any status). */
  | 'http-body'
  /** `WWW-Authenticate` header of a 401 answer to `GET /`. */
  | 'http-realm'
  /** `Location` header of a 3xx answer to `GET /`, matched as `<status> <location>`. */
  | 'http-redirect'
  /** Top-level keys of `GET /api/system/info` (AxeOS family), matched as a space-separated key list. */
  | 'info-keys'
  /** Upper-cased raw reply of the RPC `version` (then `devdetails`) command on the RPC port. */
  | 'rpc'

export interface Signature {
  driver: DriverId
  /** firmware/make/model are used when the driver cannot complete the identity (wrong credentials...). */
  firmware: string
  make: string
  model: string
  pattern: RegExp
  source: SignatureSource
}

export const SIGNATURES: readonly Signature[] = [
  // Braiins OS replaces stock Antminer firmware: its RPC still says "Antminer" in devdetails.
  {driver: 'braiins', firmware: 'Braiins OS', make: 'Braiins', model: 'Braiins OS miner', pattern: /BOSMINER|BOSER/, source: 'rpc'},
  {driver: 'braiins', firmware: 'Braiins OS', make: 'Braiins', model: 'Braiins OS miner', pattern: /Braiins OS/i, source: 'http-body'},
  // Whatsminer: btminer RPC, or a 307 to the https LuCI interface.
  {driver: 'whatsminer', firmware: 'btminer', make: 'MicroBT', model: 'Whatsminer', pattern: /BTMINER|BITMICRO|WHATSMINER/, source: 'rpc'},
  {driver: 'whatsminer', firmware: 'btminer', make: 'MicroBT', model: 'Whatsminer', pattern: /^307 https:\/\//i, source: 'http-redirect'},
  {driver: 'whatsminer', firmware: 'btminer', make: 'MicroBT', model: 'Whatsminer', pattern: /\/cgi-bin\/luci/, source: 'http-body'},
  // FutureBit Apollo: the web UI answers / with a 308 to /overview.
  {driver: 'apollo', firmware: 'FutureBit Apollo OS', make: 'FutureBit', model: 'Apollo', pattern: /^308 \S*\/overview/i, source: 'http-redirect'},
  // Stock Bitmain firmware: digest realm "antMiner Configuration", bmminer/cgminer RPC naming the model.
  {driver: 'antminer', firmware: 'bmminer', make: 'Bitmain', model: 'Antminer', pattern: /antMiner/, source: 'http-realm'},
  {driver: 'antminer', firmware: 'bmminer', make: 'Bitmain', model: 'Antminer', pattern: /ANTMINER|BMMINER/, source: 'rpc'},
  // Canaan cgminer fork: PROD "Avalon Nano3s", "Avalon Q"...; the Nano 3S web page says Avalon too.
  {driver: 'avalon', firmware: 'Canaan cgminer', make: 'Canaan', model: 'Avalon', pattern: /AVALON/, source: 'rpc'},
  {driver: 'avalon', firmware: 'Canaan cgminer', make: 'Canaan', model: 'Avalon', pattern: /Avalon/, source: 'http-body'},
  // ESP-Miner and forks: page markers, else the /api/system/info shape (hashRate + a model field).
  {driver: 'axeos', firmware: 'AxeOS', make: 'Bitaxe', model: 'AxeOS miner', pattern: /AxeOS/, source: 'http-body'},
  {driver: 'axeos', firmware: 'NerdQAxe', make: 'NerdAxe', model: 'NerdQAxe', pattern: /<title>\s*Nerd/i, source: 'http-body'},
  {driver: 'axeos', firmware: 'Lucky Miner', make: 'Lucky Miner', model: 'Lucky Miner', pattern: /Lucky ?miner/i, source: 'http-body'},
  {
    driver: 'axeos',
    firmware: 'AxeOS',
    make: 'Bitaxe',
    model: 'AxeOS miner',
    pattern: /(?=.*\bhashRate\b)(?=.*\b(?:ASICModel|deviceModel|minerModel)\b)/,
    source: 'info-keys',
  },
  // Anything else that speaks the cgminer RPC (read-only, best effort).
  {driver: 'cgminer', firmware: 'cgminer', make: 'Unknown', model: 'cgminer-compatible miner', pattern: /CGMINER|BFGMINER|SGMINER/, source: 'rpc'},
]

/** The text each source contributes, gathered by identify.ts. */
export type SignatureInputs = Partial<Record<SignatureSource, string>>

/** The first signature (in table order) whose pattern matches its source, or null. */
export function matchSignature(inputs: SignatureInputs, table: readonly Signature[] = SIGNATURES): Signature | null {
  for (const signature of table) {
    const text = inputs[signature.source]
    if (text !== undefined && signature.pattern.test(text)) return signature
  }
  return null
}
