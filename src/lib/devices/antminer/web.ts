/**
 * The stock Antminer CGI web interface (lighttpd, HTTP Digest, realm "antMiner Configuration",
 * default root/root): system info, the miner configuration read/write and reboot (the firmware's /cgi-bin pages; pyasic pyasic/web/antminer.py documents the same calls).
 */
import type {AppContext} from '../../context.js'
import {SolominerError} from '../../errors.js'
import {parseCgminerJson} from '../../net/cgminer.js'
import {isRecord} from '../../json-value.js'
import {describeUrl} from '../../net/http.js'
import type {DeviceCredentials} from '../driver.js'
import {type DeviceAddress, httpBase} from '../model.js'

export const DEFAULT_ANTMINER_CREDENTIALS = {password: 'root', user: 'root'} as const

/** The legacy set_miner_conf.cgi restarts the miner and sleeps ~30 s before answering `ok`. */
export const CONFIG_WRITE_TIMEOUT_MS = 90_000

export type MinerConf = Record<string, unknown> & {pools: ConfPool[]}

export interface ConfPool {
  pass: string
  url: string
  user: string
}

export interface CgiRequest {
  body?: string
  contentType?: string
  method?: 'GET' | 'POST'
  timeoutMs?: number
}

/** One CGI call with digest auth; returns the body of a 2xx answer, throws a clear error otherwise. */
export async function cgi(
  address: DeviceAddress,
  name: string,
  ctx: AppContext,
  credentials: DeviceCredentials | undefined,
  request: CgiRequest = {},
): Promise<string> {
  const url = `${httpBase(address)}/cgi-bin/${name}.cgi`
  const user = credentials?.user ?? DEFAULT_ANTMINER_CREDENTIALS.user
  const response = await ctx.http.request({
    auth: {password: credentials?.password ?? DEFAULT_ANTMINER_CREDENTIALS.password, scheme: 'challenge', user},
    body: request.body,
    headers: request.contentType ? {'content-type': request.contentType} : undefined,
    method: request.method ?? 'GET',
    timeoutMs: request.timeoutMs,
    url,
  })
  if (response.status === 401) {
    throw new SolominerError('AUTH_FAILED', `${address.host} refused the web login "${user}" (HTTP 401)`, {
      suggestions: ['Give the miner web interface user and password (stock default root/root).'],
    })
  }
  if (response.status < 200 || response.status > 299) {
    throw new SolominerError('DEVICE_ERROR', `${describeUrl(url)} answered HTTP ${response.status}`)
  }
  return response.body
}

/** `get_system_info.cgi`: minertype, macaddr, hostname, firmware build. */
export async function readSystemInfo(
  address: DeviceAddress,
  ctx: AppContext,
  credentials?: DeviceCredentials,
): Promise<Record<string, unknown>> {
  const parsed = parseCgminerJson(await cgi(address, 'get_system_info', ctx, credentials))
  if (!isRecord(parsed)) throw new SolominerError('BAD_RESPONSE', `${address.host} sent an unexpected system info reply`)
  return parsed
}

/**
 * `get_miner_conf.cgi`, validated: the whole document is written back on every change, so a partial
 * read (a miner still booting, a factory-fresh S19's `"bitmain-fan-ctrl" : ,`) must not become a write
 * that wipes the user's settings. Missing values are repaired to null, a missing pool list refused.
 */
export async function readMinerConf(
  address: DeviceAddress,
  ctx: AppContext,
  credentials?: DeviceCredentials,
): Promise<MinerConf> {
  return parseMinerConf(await cgi(address, 'get_miner_conf', ctx, credentials), address.host)
}

export function parseMinerConf(raw: string, host: string): MinerConf {
  const parsed = parseCgminerJson(raw)
  if (!isRecord(parsed) || !Array.isArray(parsed.pools) || !parsed.pools.every(isConfPool)) {
    throw new SolominerError(
      'BAD_RESPONSE',
      `${host} sent an incomplete miner configuration (no pool list); nothing was changed`,
      {suggestions: ['Wait until the miner has finished starting, then try again.']},
    )
  }
  return parsed as MinerConf
}

function isConfPool(value: unknown): value is ConfPool {
  return isRecord(value) && ['url', 'user', 'pass'].every((key) => value[key] === undefined || typeof value[key] === 'string')
}

export async function reboot(address: DeviceAddress, ctx: AppContext, credentials?: DeviceCredentials): Promise<void> {
  await cgi(address, 'reboot', ctx, credentials)
}
