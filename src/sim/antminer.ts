/**
 * Stock Antminer simulator: bmminer RPC (read-only API group, the S9's `}{` stats quirk, no joined
 * commands on the S19) and the lighttpd CGI web interface behind HTTP Digest (realm "antMiner
 * Configuration"). Two variants: `s9` (legacy positional form write, answers `ok` after restarting
 * bmminer) and `s19` (JSON write, answers `{"stats":"success"...}`). reboot.cgi makes both listeners
 * vanish and come back, with the configuration kept. Facts: cgminer API-README, bmminer replies, the stock /cgi-bin pages (pyasic pyasic/web/antminer.py).
 */
import {createHash, randomBytes} from 'node:crypto'

import {type ShareTally, countShare, summaryWithShares} from './cgminer.js'
import type {SimControls} from './control.js'
import type {SimDevice, SimOptions} from './device.js'
import {
  S19_MINER_CONF_TEXT,
  S19_POOL_ACTIVE,
  S19_POOL_IDLE,
  S19_STATS_REPLY,
  S19_SUMMARY_REPLY,
  S19_VERSION_REPLY,
  S9_MINER_CONF_TEXT,
  S9_POOL_ACTIVE,
  S9_POOL_IDLE,
  S9_STATS_REPLY,
  S9_VERSION_REPLY,
  SYSTEM_INFO_TEMPLATE,
} from './antminer-data.js'
import {HttpSim, type SimRequest, type SimResponse} from './http-sim.js'
import {RpcSim, type RpcRequest} from './rpc-sim.js'
import {type WebRpcListeners, webRpcListeners} from './web-rpc-device.js'

export type AntminerVariant = 's19' | 's9'

export const ANTMINER_REALM = 'antMiner Configuration'

export interface AntminerSimOptions extends SimOptions {
  /** Web login; the firmware default is root/root. */
  credentials?: {password: string; user: string}
  hostname?: string
  /** Initial pools (default: the captured conf's, whose users are not payout addresses). */
  pools?: Array<{pass: string; url: string; user: string}>
  /** How long the listeners stay away after reboot.cgi (ms). */
  rebootDownMs?: number
  variant?: AntminerVariant
  /** How long set_miner_conf.cgi takes to answer (the real legacy script sleeps ~30 s). */
  writeDelayMs?: number
}

export interface AntminerSimState {
  /** The miner configuration, keys in the firmware's order; null values print as the S19's `"k" : ,`. */
  conf: Record<string, unknown> & {pools: Array<{pass: string; url: string; user: string}>}
  reboots: number
  /** Shares found on command, added to the captured summary. */
  shares: ShareTally | null
}

export interface AntminerSim extends SimDevice, SimControls, WebRpcListeners {
  state: AntminerSimState
  variant: AntminerVariant
}

const MODELS: Record<AntminerVariant, string> = {s19: 'Antminer S19 Pro', s9: 'Antminer S9'}

/** The fields the legacy set_miner_conf.cgi reads, by position (names are ignored). */
const LEGACY_POSITIONS = [
  'pool1url', 'pool1user', 'pool1pw', 'pool2url', 'pool2user', 'pool2pw', 'pool3url', 'pool3user', 'pool3pw',
  'nobeeper', 'notempoverctrl', 'fan_customize_switch', 'fan_customize_value', 'freq', 'voltage', 'work_mode',
] as const

/** The `%xx` sequences the legacy script decodes, in its order (`%22` and `%5C` are commented out). */
const LEGACY_DECODES: Array<[string, string]> = [
  ['%23', '#'], ['%24', '$'], ['%25', '%'], ['%26', '&'], ['%2C', ','], ['%2B', '+'], ['%3A', ':'], ['%3B', ';'],
  ['%3C', '<'], ['%3D', '='], ['%3E', '>'], ['%3F', '?'], ['%40', '@'], ['%5B', '['], ['%5D', ']'], ['%5E', '^'],
  ['%7B', '{'], ['%7C', '|'], ['%7D', '}'], ['%2F', '/'],
]

export async function createAntminerSim(options: AntminerSimOptions): Promise<AntminerSim> {
  const variant = options.variant ?? 's9'
  const credentials = options.credentials ?? {password: 'root', user: 'root'}
  const mac = (options.mac ?? '02:00:a9:00:00:09').toLowerCase()
  const state: AntminerSimState = {conf: parseFirmwareConf(variant === 's9' ? S9_MINER_CONF_TEXT : S19_MINER_CONF_TEXT), reboots: 0, shares: null}
  // The firmware always keeps three slots.
  if (options.pools) state.conf.pools = [0, 1, 2].map((slot) => ({pass: '', url: '', user: '', ...options.pools?.[slot]}))
  const nonces = new Set<string>()
  const rebootDownMs = options.rebootDownMs ?? 300
  const writeDelayMs = options.writeDelayMs ?? 50

  const rpc = new RpcSim({host: options.host, port: options.rpcPort ?? 0, writeCommands: ['addpool', 'switchpool', 'restart']}, (request) =>
    rpcReply(variant, state, request),
  )
  const http: HttpSim = new HttpSim({host: options.host, port: options.httpPort ?? 0}, async (request) => {
    if (!authorized(request, credentials, nonces)) return challenge(nonces)
    return webReply(request)
  })

  async function webReply(request: SimRequest): Promise<SimResponse> {
    switch (request.path) {
      case '/':
      case '/index.html':
        return {body: `<html><head><title>${MODELS[variant]}</title></head><body>antMiner</body></html>`, headers: html, status: 200}
      case '/cgi-bin/get_system_info.cgi':
        return {body: systemInfo(variant, mac, options), headers: json, status: 200}
      case '/cgi-bin/get_miner_conf.cgi':
        return {body: formatFirmwareConf(state.conf), headers: json, status: 200}
      case '/cgi-bin/set_miner_conf.cgi':
        return setMinerConf(request)
      case '/cgi-bin/reboot.cgi':
        reboot()
        return {body: '', headers: html, status: 200}
      default:
        return {body: '<h1>404 - Not Found</h1>', headers: html, status: 404}
    }
  }

  function reboot(): void {
    state.reboots += 1
    http.restartAfterReply(rebootDownMs)
    rpc.restartAfterReply(rebootDownMs)
  }

  async function setMinerConf(request: SimRequest): Promise<SimResponse> {
    if (request.method !== 'POST') return {body: '', headers: html, status: 200}
    if (variant === 's9') applyLegacyForm(state, request.body)
    else applyModernJson(state, request.body)
    // The firmware restarts bmminer with the new file before answering.
    rpc.restartAfterReply(Math.min(rebootDownMs, writeDelayMs))
    await new Promise((resolve) => setTimeout(resolve, writeDelayMs))
    return variant === 's9'
      ? {body: 'ok\n', headers: html, status: 200}
      : {body: JSON.stringify({code: 'M000', msg: 'OK!', stats: 'success'}), headers: json, status: 200}
  }

  const device: AntminerSim = Object.assign(webRpcListeners(options.host, http, rpc), {
    driver: 'antminer' as const,
    mac,
    name: `${MODELS[variant]} (stock ${variant === 's9' ? 'bmminer 2.0.0' : 'cgminer'})`,
    reboot,
    recordShare(difficulty: number, {block = false} = {}) {
      state.shares = countShare(state.shares, difficulty, block)
    },
    state,
    variant,
  })
  await device.start()
  return device
}

const html = {'content-type': 'text/html'}
const json = {'content-type': 'application/json'}

function rpcReply(variant: AntminerVariant, state: AntminerSimState, request: RpcRequest): string {
  const when = Math.floor(Date.now() / 1000)
  const commands = request.command.split('+')
  if (commands.length > 1) {
    // bmminer (S9) joins report commands; the S19's cgminer does not.
    if (variant === 's19') return statusOnly('E', 14, 'Invalid command', when)
    return `{${commands.map((command) => `"${command}":[${singleReply(variant, state, command, when)}]`).join(',')},"id":1}`
  }
  return singleReply(variant, state, request.command, when)
}

function singleReply(variant: AntminerVariant, state: AntminerSimState, command: string, when: number): string {
  switch (command) {
    case 'version':
      return variant === 's9' ? S9_VERSION_REPLY : S19_VERSION_REPLY
    case 'stats':
      return variant === 's9' ? S9_STATS_REPLY : S19_STATS_REPLY
    case 'summary':
      return summaryWithShares(variant === 's9' ? s9Summary(when) : S19_SUMMARY_REPLY, state.shares)
    case 'pools':
      return poolsReply(variant, state, when)
    default:
      // Stock api-groups put every client in read-only group A.
      return statusOnly('E', 45, `Access denied to '${command}' command`, when)
  }
}

function statusOnly(status: string, code: number, message: string, when: number): string {
  return JSON.stringify({STATUS: [{Code: code, Description: 'bmminer 1.0.0', Msg: message, STATUS: status, When: when}], id: 1})
}

/** No S9 `summary` capture exists: built from the same unit's stats and pools captures. */
function s9Summary(when: number): string {
  return JSON.stringify({
    STATUS: [{Code: 11, Description: 'bmminer 1.0.0', Msg: 'Summary', STATUS: 'S', When: when}],
    SUMMARY: [
      {
        Accepted: 22673, 'Best Share': 970349963, Discarded: 136532, Elapsed: 293628, 'Found Blocks': 0,
        'GHS 5s': '13883.81', 'GHS av': 13890.36, 'Get Failures': 0, Getworks: 8400, 'Hardware Errors': 178539,
        'Last getwork': when, 'Local Work': 9284716, 'Network Blocks': 501, 'Pool Rejected%': 0.0457,
        'Pool Stale%': 0, Rejected: 8, 'Remote Failures': 0, Stale: 0, 'Total MH': 4.07866e12, Utility: 4.63,
        'Work Utility': 193652.12,
      },
    ],
    id: 1,
  })
}

/** The configured pools as bmminer reports them: the first configured pool mining, the others idle. */
function poolsReply(variant: AntminerVariant, state: AntminerSimState, when: number): string {
  const [active, idle] = variant === 's9' ? [S9_POOL_ACTIVE, S9_POOL_IDLE] : [S19_POOL_ACTIVE, S19_POOL_IDLE]
  const firstConfigured = state.conf.pools.findIndex((pool) => pool.url !== '')
  const pools = state.conf.pools.map((pool, index) => ({
    ...(index === firstConfigured ? active : idle),
    POOL: index,
    Priority: index,
    'Stratum Active': index === firstConfigured,
    'Stratum URL': index === firstConfigured ? pool.url.replace(/^[a-z0-9+]+:\/\//i, '').replace(/:\d+$/, '') : '',
    Status: pool.url === '' ? 'Dead' : 'Alive',
    URL: pool.url === '' || pool.url.includes('://') ? pool.url : `stratum+tcp://${pool.url}`,
    User: pool.user,
  }))
  const description = variant === 's9' ? 'bmminer 1.0.0' : 'cgminer 1.0.0'
  return JSON.stringify({
    POOLS: pools,
    STATUS: [{Code: 7, Description: description, Msg: `${pools.length} Pool(s)`, STATUS: 'S', When: when}],
    id: 1,
  })
}

function systemInfo(variant: AntminerVariant, mac: string, options: AntminerSimOptions): string {
  return JSON.stringify({
    ...SYSTEM_INFO_TEMPLATE,
    hostname: options.hostname ?? 'antMiner',
    ipaddress: options.host,
    macaddr: mac.toUpperCase(),
    minertype: MODELS[variant],
    serinum: variant === 's9' ? '' : SYSTEM_INFO_TEMPLATE.serinum ?? '',
    system_filesystem_version: variant === 's9' ? 'Fri Nov 17 17:37:49 CST 2017' : 'Tue Dec  6 16:12:30 CST 2022',
  })
}

/**
 * The legacy script: split on `&`, `+` → space, decode its fixed `%xx` list in order, strip the
 * expected name and assign by position.
 */
function applyLegacyForm(state: AntminerSimState, body: string): void {
  const values: Partial<Record<(typeof LEGACY_POSITIONS)[number], string>> = {}
  for (const [index, field] of body.split('&').entries()) {
    const name = LEGACY_POSITIONS[index]
    if (name === undefined) break
    let value = field.replaceAll('+', ' ')
    for (const [escape, char] of LEGACY_DECODES) value = value.replaceAll(escape, char)
    values[name] = value.replace(`_ant_${name}=`, '')
  }
  const {conf} = state
  conf.pools = [1, 2, 3].map((slot) => ({
    pass: values[`pool${slot}pw` as 'pool1pw'] ?? '',
    url: values[`pool${slot}url` as 'pool1url'] ?? '',
    user: values[`pool${slot}user` as 'pool1user'] ?? '',
  }))
  setFlag(conf, 'bitmain-nobeeper', values.nobeeper === 'true')
  setFlag(conf, 'bitmain-notempoverctrl', values.notempoverctrl === 'true')
  if (values.fan_customize_switch === 'true') {
    conf['bitmain-fan-ctrl'] = true
    conf['bitmain-fan-pwm'] = values.fan_customize_value ?? ''
  } else {
    delete conf['bitmain-fan-ctrl']
    delete conf['bitmain-fan-pwm']
  }
  // The S9 script writes whatever came, so a client that omits the frequency blanks it.
  conf['bitmain-freq'] = values.freq ?? ''
}

function setFlag(conf: Record<string, unknown>, key: string, on: boolean): void {
  if (on) conf[key] = true
  else delete conf[key]
}

/** The modern CGI merges the posted keys into its conf (work mode and level under their conf names). */
function applyModernJson(state: AntminerSimState, body: string): void {
  const posted = JSON.parse(body) as Record<string, unknown>
  const {conf} = state
  if (Array.isArray(posted.pools)) conf.pools = posted.pools as AntminerSimState['conf']['pools']
  if ('bitmain-fan-ctrl' in posted) conf['bitmain-fan-ctrl'] = posted['bitmain-fan-ctrl']
  if ('bitmain-fan-pwm' in posted) conf['bitmain-fan-pwm'] = String(posted['bitmain-fan-pwm'])
  if ('miner-mode' in posted) conf['bitmain-work-mode'] = String(posted['miner-mode'])
  if ('freq-level' in posted) conf['bitmain-freq-level'] = String(posted['freq-level'])
}

/** Reads the firmware's conf text (including the S19's `"key" : ,`) into an ordered object. */
export function parseFirmwareConf(text: string): AntminerSimState['conf'] {
  return JSON.parse(text.replaceAll(/:\s*,/g, ': null,').replaceAll(/:\s*}/g, ': null}')) as AntminerSimState['conf']
}

/** Prints the conf the way the firmware's CGI does: one key per line, ` : ` separators. */
export function formatFirmwareConf(conf: AntminerSimState['conf']): string {
  const pools = conf.pools
    .map((pool) => `{\n"url" : ${JSON.stringify(pool.url)},\n"user" : ${JSON.stringify(pool.user)},\n"pass" : ${JSON.stringify(pool.pass)}\n}`)
    .join(',\n')
  const rest = Object.entries(conf)
    .filter(([key]) => key !== 'pools')
    .map(([key, value]) => `"${key}" : ${value === null ? '' : JSON.stringify(value)}`)
    .join(',\n')
  return `{\n"pools" : [\n${pools}\n]\n,\n${rest}\n}`
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex')

function challenge(nonces: Set<string>): SimResponse {
  const nonce = randomBytes(16).toString('hex')
  nonces.add(nonce)
  return {
    body: '<?xml version="1.0" encoding="iso-8859-1"?>\n<html><head><title>401 - Unauthorized</title></head><body><h1>401 - Unauthorized</h1></body></html>\n',
    headers: {
      'content-type': 'text/html',
      'www-authenticate': `Digest realm="${ANTMINER_REALM}", charset="UTF-8", nonce="${nonce}", qop="auth"`,
    },
    status: 401,
  }
}

/** lighttpd mod_auth: Digest MD5 with qop=auth against the one configured user. */
function authorized(request: SimRequest, credentials: {password: string; user: string}, nonces: Set<string>): boolean {
  const header = request.headers.authorization
  if (typeof header !== 'string' || !/^digest /i.test(header)) return false
  const params: Record<string, string> = {}
  for (const match of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) params[match[1]!] = match[2] ?? match[3] ?? ''
  if (params.username !== credentials.user || params.realm !== ANTMINER_REALM || !nonces.has(params.nonce ?? '')) return false
  const ha1 = md5(`${credentials.user}:${ANTMINER_REALM}:${credentials.password}`)
  const ha2 = md5(`${request.method}:${params.uri}`)
  const expected = md5(`${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:${params.qop}:${ha2}`)
  return params.response === expected && params.uri === request.path + queryString(request.query)
}

function queryString(query: URLSearchParams): string {
  const text = query.toString()
  return text === '' ? '' : `?${text}`
}
