/**
 * The Braiins OS GraphQL API (`POST /graphql`, releases 21.09 to 25.05; schema in the shared specs):
 * `auth { login }` sets a `session_id` cookie that later requests send back; pool groups are read
 * from `bosminer { config }` and replaced with `updateGroups`, after which bosminer is restarted to
 * apply them, as the reference tools do (pyasic pyasic/web/braiins_os). Default login: root with an empty password.
 */
import type {AppContext} from '../../context.js'
import {SolominerError} from '../../errors.js'
import {isRecord} from '../../json-value.js'
import {describeUrl} from '../../net/http.js'
import {deviceString} from '../../text/sanitize.js'
import type {DeviceCredentials} from '../driver.js'
import {type DeviceAddress, httpBase} from '../model.js'
import type {BosPoolGroup} from './config-api.js'
import {pointer, poolGroupFrom, safeJson} from './json.js'

const LOGIN = `mutation ($username: String!, $password: String!) {
  auth { login(username: $username, password: $password) { ... on VoidResult { void } ... on AuthError { message } } }
}`

const READ_GROUPS = `{
  bosminer { config {
    ... on BosminerConfig { groups { name strategy { ... on QuotaStrategy { quota } } pools { enabled url user password } } }
    ... on BosminerConfigError { message }
  } }
}`

const UPDATE_GROUPS = `mutation ($groups: [Group!]!) {
  bosminer { config { updateGroups(groups: $groups) {
    ... on GroupList { groups { name } }
    ... on GroupListError { message }
    ... on AttributeError { message }
  } } }
}`

const RESTART_BOSMINER = 'mutation { bosminer { restart { ... on VoidResult { void } ... on BosminerError { message } } } }'
const REBOOT = 'mutation { bos { reboot { ... on VoidResult { void } ... on BosError { message } } } }'
export const SYSTEM_INFO = '{ bos { hostname info { version { full isPlus } } } bosminer { info { modelName } } }'

export class BraiinsGraphql {
  private session?: string

  constructor(
    private readonly address: DeviceAddress,
    private readonly ctx: AppContext,
    private readonly credentials: DeviceCredentials | undefined,
  ) {}

  /** True when the firmware serves `/graphql` (an unauthenticated request is answered, not 404). */
  async available(): Promise<boolean> {
    const response = await this.post({query: '{ __typename }'})
    return response.status !== 404 && /"data"|"errors"/.test(response.body)
  }

  async query(query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const cookie = `session_id=${await this.login()}`
    const response = await this.post({query, variables}, cookie)
    const parsed = safeJson(response.body)
    if (response.status !== 200 || !isRecord(parsed)) {
      throw new SolominerError('API_ERROR', `${describeUrl(this.url())} answered HTTP ${response.status}`)
    }
    const errors = Array.isArray(parsed.errors) ? parsed.errors : []
    if (errors.length > 0 || !isRecord(parsed.data)) {
      const message = isRecord(errors[0]) ? deviceString(errors[0].message, 200) : null
      throw new SolominerError('DEVICE_ERROR', `Braiins OS GraphQL error: ${message ?? 'no data'}`)
    }
    return parsed.data
  }

  async readGroups(): Promise<BosPoolGroup[]> {
    const data = await this.query(READ_GROUPS)
    const config = pointer(data, ['bosminer', 'config'])
    if (!isRecord(config) || !Array.isArray(config.groups)) {
      throw new SolominerError('BAD_RESPONSE', `Braiins OS did not return its pool groups${errorSuffix(config)}`)
    }
    return config.groups.filter(isRecord).map((group) => poolGroupFrom(group, pointer(group, ['strategy', 'quota'])))
  }

  /** Replaces every group, then restarts bosminer so that it mines with them. */
  async replaceGroups(groups: BosPoolGroup[]): Promise<void> {
    const variables = {
      groups: groups.map((group) => ({
        name: group.name,
        pools: group.pools.map((pool) => ({enabled: pool.enabled, password: pool.password, url: pool.url, user: pool.user})),
        quota: group.quota,
      })),
    }
    const update = pointer(await this.query(UPDATE_GROUPS, variables), ['bosminer', 'config', 'updateGroups'])
    if (!isRecord(update) || !Array.isArray(update.groups)) {
      throw new SolominerError('DEVICE_ERROR', `Braiins OS refused the pool groups${errorSuffix(update)}`)
    }
    await this.mutation(RESTART_BOSMINER, ['bosminer', 'restart'])
  }

  async reboot(): Promise<void> {
    await this.mutation(REBOOT, ['bos', 'reboot'])
  }

  /** Runs a mutation whose result is a VoidResult or an error type with a message. */
  private async mutation(query: string, path: string[]): Promise<void> {
    const result = pointer(await this.query(query), path)
    const message = isRecord(result) ? deviceString(result.message, 200) : null
    if (message !== null) throw new SolominerError('DEVICE_ERROR', `Braiins OS: ${message}`)
  }

  private async login(): Promise<string> {
    if (this.session) return this.session
    const username = this.credentials?.user ?? 'root'
    const response = await this.post({query: LOGIN, variables: {password: this.credentials?.password ?? '', username}})
    const session = sessionCookie(response.headers['set-cookie'])
    if (response.status !== 200 || session === null) {
      throw new SolominerError('AUTH_FAILED', `${this.address.host} refused the Braiins OS login "${username}"`, {
        suggestions: ['Give the Braiins OS web user and password (default root with an empty password before 25.07).'],
      })
    }
    this.session = session
    return session
  }

  private post(body: {query: string; variables?: Record<string, unknown>}, cookie?: string) {
    return this.ctx.http.request({
      body: JSON.stringify(body),
      headers: {accept: 'application/json', 'content-type': 'application/json', ...(cookie ? {cookie} : {})},
      method: 'POST',
      url: this.url(),
    })
  }

  private url(): string {
    return `${httpBase(this.address)}/graphql`
  }
}

function sessionCookie(header: string | string[] | undefined): string | null {
  const cookies = Array.isArray(header) ? header : header === undefined ? [] : [header]
  for (const cookie of cookies) {
    const match = /(?:^|;\s*)session_id=([^;]+)/.exec(cookie)
    if (match) return match[1]!
  }
  return null
}

function errorSuffix(value: unknown): string {
  const message = isRecord(value) ? deviceString(value.message, 200) : null
  return message === null ? '' : `: ${message}`
}
