/**
 * The Braiins OS public REST API (`/api/v1`, Braiins OS >= 25.07; OpenAPI in the shared specs):
 * `POST auth/login` → token sent as the bare `Authorization` header; pool groups read with
 * `GET pools/`, replaced with `PUT pools/batch`; `PUT actions/reboot`.
 */
import type {AppContext} from '../../context.js'
import {SolominerError} from '../../errors.js'
import {isRecord} from '../../json-value.js'
import {HttpStatusError, describeUrl} from '../../net/http.js'
import {deviceString} from '../../text/sanitize.js'
import {type DeviceCredentials, UNKNOWN_PASSWORD} from '../driver.js'
import {type DeviceAddress, httpBase} from '../model.js'
import type {BosConfigApi, BosPoolGroup} from './config-api.js'
import {pointer, poolGroupFrom, safeJson} from './json.js'

/** asic-rs and the 25.07 docs: root/root from 25.07 on. */
export const DEFAULT_BRAIINS_CREDENTIALS = {password: 'root', user: 'root'} as const

/** A REST session: the token from one login, reused for the calls of one operation. */
export class BraiinsRest implements BosConfigApi {
  private token?: string

  constructor(
    private readonly address: DeviceAddress,
    private readonly ctx: AppContext,
    private readonly credentials: DeviceCredentials | undefined,
  ) {}

  /** True when the firmware has the REST API (>= 25.07): `GET /api/v1/version/` answers JSON. */
  async available(): Promise<boolean> {
    const response = await this.ctx.http.request({url: this.url('version/')})
    return response.status === 200 && /"major"/.test(response.body)
  }

  /** `GET pools/`: groups with their pools in priority order (passwords are never returned). */
  async readGroups(): Promise<BosPoolGroup[]> {
    const groups = await this.get<unknown>('pools/')
    if (!Array.isArray(groups)) throw new SolominerError('BAD_RESPONSE', 'Braiins OS sent an unexpected pool list')
    return groups.filter(isRecord).map((group) => poolGroupFrom(group, pointer(group, ['strategy', 'quota', 'value'])))
  }

  /**
   * `PUT pools/batch`: replaces every group; bosminer applies it without a restart. REST never shows
   * passwords, so a pool without one (a REST backup) gets UNKNOWN_PASSWORD.
   */
  async replaceGroups(groups: BosPoolGroup[]): Promise<void> {
    await this.put(
      'pools/batch',
      groups.map((group) => ({
        load_balance_strategy: {quota: {value: group.quota}},
        name: group.name,
        pools: group.pools.map((pool) => ({enabled: pool.enabled, password: pool.password ?? UNKNOWN_PASSWORD, url: pool.url, user: pool.user})),
      })),
    )
  }

  async reboot(): Promise<void> {
    await this.put('actions/reboot')
  }

  async get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path)
  }

  async put<T>(path: string, body?: unknown): Promise<T | null> {
    return this.call<T | null>('PUT', path, body)
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.login()
    const response = await this.ctx.http.request({
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: {accept: 'application/json', authorization: token, ...(body === undefined ? {} : {'content-type': 'application/json'})},
      method,
      url: this.url(path),
    })
    if (response.status === 204 || (response.status === 200 && response.body.trim() === '')) return null as T
    if (response.status < 200 || response.status > 299) {
      throw new HttpStatusError(response, `${describeUrl(this.url(path))} answered HTTP ${response.status}${errorDetail(response.body)}`)
    }
    const parsed = safeJson(response.body)
    if (parsed === undefined) throw new SolominerError('BAD_RESPONSE', `${describeUrl(this.url(path))} did not answer with JSON`)
    return parsed as T
  }

  private async login(): Promise<string> {
    if (this.token) return this.token
    const username = this.credentials?.user ?? DEFAULT_BRAIINS_CREDENTIALS.user
    const response = await this.ctx.http.request({
      body: JSON.stringify({password: this.credentials?.password ?? DEFAULT_BRAIINS_CREDENTIALS.password, username}),
      headers: {accept: 'application/json', 'content-type': 'application/json'},
      method: 'POST',
      url: this.url('auth/login'),
    })
    const parsed = response.status === 200 ? safeJson(response.body) : undefined
    if (!isRecord(parsed) || typeof parsed.token !== 'string') {
      throw new SolominerError('AUTH_FAILED', `${this.address.host} refused the Braiins OS login "${username}" (HTTP ${response.status})`, {
        suggestions: ['Give the Braiins OS web user and password (default root/root since 25.07).'],
      })
    }
    this.token = parsed.token
    return parsed.token
  }

  private url(path: string): string {
    return `${httpBase(this.address)}/api/v1/${path}`
  }
}

function errorDetail(body: string): string {
  const parsed = safeJson(body)
  const message = isRecord(parsed) ? deviceString(parsed.message ?? parsed.error, 200) : null
  return message === null ? '' : `: ${message}`
}
