/**
 * Braiins OS simulator: the cgminer-compatible RPC of bosminer/BOSer (with the Braiins `fans` and
 * `temps` commands, no joined commands) and the configuration API of the release:
 * - `25.07`: the public REST API `/api/v1` (login → token in `Authorization`, pool groups, batch
 *   replace, reboot);
 * - `22.08`: GraphQL `/graphql` (login → `session_id` cookie, `updateGroups`, bosminer restart, reboot);
 * - `20.09`: neither (configured through LuCI), RPC from BOSminer 0.2.0.
 * Facts: bosminer RPC replies; Braiins OS public API OpenAPI 25.07; GraphQL schema 25.03.
 */
import {randomBytes} from 'node:crypto'

import {
  BOSER_2208_VERSION_REPLY,
  BOSER_2505_VERSION_REPLY,
  BOSMINER_020_VERSION_REPLY,
  BOSMINER_DEVS_REPLY,
  BOSMINER_FANS_REPLY,
  BOSMINER_POOL_ACTIVE,
  BOSMINER_POOL_IDLE,
  BOSMINER_SUMMARY_REPLY,
  BOSMINER_TEMPS_REPLY,
  MINER_DETAILS_TEMPLATE,
} from './braiins-data.js'
import {type ShareTally, countShare, summaryWithShares} from './cgminer.js'
import type {SimControls} from './control.js'
import type {SimDevice, SimOptions} from './device.js'
import {HttpSim, type SimRequest, type SimResponse, jsonReply} from './http-sim.js'
import {RpcSim} from './rpc-sim.js'
import {type WebRpcListeners, webRpcListeners} from './web-rpc-device.js'

export type BraiinsVariant = '20.09' | '22.08' | '25.07'

export interface BraiinsSimOptions extends SimOptions {
  /** Web login; root/root on 25.07, root with an empty password before. */
  credentials?: {password: string; user: string}
  hostname?: string
  rebootDownMs?: number
  variant?: BraiinsVariant
}

export interface BraiinsSimPool {
  enabled: boolean
  password: string
  uid: string
  url: string
  user: string
}

export interface BraiinsSimState {
  groups: Array<{name: string; pools: BraiinsSimPool[]; quota: number; uid: string}>
  /** bosminer restarts asked through GraphQL (they apply changed groups). */
  minerRestarts: number
  reboots: number
  /** Shares found on command, added to the captured summary. */
  shares: ShareTally | null
}

export interface BraiinsSim extends SimDevice, SimControls, WebRpcListeners {
  state: BraiinsSimState
  variant: BraiinsVariant
}

export async function createBraiinsSim(options: BraiinsSimOptions): Promise<BraiinsSim> {
  const variant = options.variant ?? '25.07'
  const credentials = options.credentials ?? {password: variant === '25.07' ? 'root' : '', user: 'root'}
  const mac = (options.mac ?? '02:00:b0:00:00:01').toLowerCase()
  const state: BraiinsSimState = {
    groups: [
      {
        name: 'Default',
        pools: [
          {enabled: true, password: 'x', uid: uid(), url: 'stratum+tcp://stratum.antpool.com:3333', user: 'antminer_1'},
          {enabled: true, password: 'x', uid: uid(), url: 'stratum+tcp://stratum.slushpool.com:3333', user: '!non-existent-user!'},
        ],
        quota: 1,
        uid: uid(),
      },
    ],
    minerRestarts: 0,
    reboots: 0,
    shares: null,
  }
  const tokens = new Set<string>()
  const sessions = new Set<string>()
  const rebootDownMs = options.rebootDownMs ?? 300

  const rpc = new RpcSim({host: options.host, port: options.rpcPort ?? 0}, (request) => rpcReply(variant, state, request.command))
  const http: HttpSim = new HttpSim({host: options.host, port: options.httpPort ?? 0}, (request) => {
    if (request.path === '/' || request.path === '/index.html') {
      return {body: '<!DOCTYPE html><html><head><title>Braiins OS</title></head><body><div id="app"></div></body></html>', status: 200}
    }
    if (variant === '25.07' && request.path.startsWith('/api/v1/')) return restReply(request)
    if (variant === '22.08' && request.path === '/graphql' && request.method === 'POST') return graphqlReply(request)
    return {body: 'Not Found', status: 404}
  })

  function reboot(): void {
    state.reboots += 1
    http.restartAfterReply(rebootDownMs)
    rpc.restartAfterReply(rebootDownMs)
  }

  /** Recognises the operations solominer and the reference tools send, by their fields. */
  function graphqlReply(request: SimRequest): SimResponse {
    let body: {query?: unknown; variables?: Record<string, unknown>}
    try {
      body = JSON.parse(request.body) as typeof body
    } catch {
      return jsonReply({errors: [{message: 'invalid JSON body'}]}, 400)
    }
    const query = String(body.query ?? '')
    const variables = body.variables ?? {}
    if (query.includes('__typename')) return jsonReply({data: {__typename: 'Query'}})
    if (query.includes('login(')) return graphqlLogin(variables)
    const cookie = /session_id=([^;]+)/.exec(String(request.headers.cookie ?? ''))?.[1]
    if (cookie === undefined || !sessions.has(cookie)) return jsonReply({data: null, errors: [{message: 'Unauthorized'}]})
    if (query.includes('updateGroups')) return jsonReply({data: {bosminer: {config: {updateGroups: updateGroups(variables.groups)}}}})
    if (query.includes('reboot')) {
      reboot()
      return jsonReply({data: {bos: {reboot: {void: null}}}})
    }
    if (query.includes('restart')) {
      state.minerRestarts += 1
      rpc.restartAfterReply(50)
      return jsonReply({data: {bosminer: {restart: {void: null}}}})
    }
    if (query.includes('groups')) return jsonReply({data: {bosminer: {config: {groups: state.groups.map((group) => graphqlGroup(group))}}}})
    if (query.includes('hostname')) {
      return jsonReply({
        data: {
          bos: {hostname: options.hostname ?? 'miner-60726c', info: {version: {full: '2022-09-13-0-11012d53-22.08-plus', isPlus: true}}},
          bosminer: {info: {modelName: 'Antminer S9'}},
        },
      })
    }
    return jsonReply({data: null, errors: [{message: 'unknown field'}]})
  }

  function graphqlLogin(variables: Record<string, unknown>): SimResponse {
    if (variables.username !== credentials.user || variables.password !== credentials.password) {
      return jsonReply({data: {auth: {login: {message: 'Invalid username or password'}}}})
    }
    const session = randomBytes(16).toString('hex')
    sessions.add(session)
    const reply = jsonReply({data: {auth: {login: {void: null}}}})
    return {...reply, headers: {...reply.headers, 'set-cookie': `session_id=${session}; Path=/; HttpOnly`}}
  }

  /** `updateGroups` replaces every group; a pool without a URL or user is a GroupListError. */
  function updateGroups(groups: unknown) {
    const valid =
      Array.isArray(groups) &&
      groups.every((group: Partial<GroupConfiguration>) => Array.isArray(group?.pools) && group.pools.every((pool) => Boolean(pool?.url) && typeof pool?.user === 'string'))
    if (!valid) return {duplicateNames: [], message: 'Invalid pool groups', poolRecordErrors: []}
    state.groups = (groups as Array<GroupConfiguration & {quota?: number}>).map((group) => ({
      name: group.name,
      pools: group.pools.map((pool) => ({enabled: pool.enabled ?? true, password: pool.password ?? '', uid: uid(), url: pool.url, user: pool.user})),
      quota: group.quota ?? 1,
      uid: uid(),
    }))
    return {groups: state.groups.map((group) => ({name: group.name}))}
  }

  function restReply(request: SimRequest): SimResponse {
    const route = `${request.method} ${request.path.slice('/api/v1/'.length)}`
    if (route === 'GET version/') return jsonReply({major: 1, minor: 0, patch: 0})
    if (route === 'POST auth/login') return login(request.body)
    if (!tokens.has(String(request.headers.authorization ?? ''))) return jsonReply({message: 'Unauthorized'}, 401)
    switch (route) {
      case 'GET pools/':
        return jsonReply(state.groups.map((group) => restGroup(group)))
      case 'PUT pools/batch':
        return setBatchPools(request.body)
      case 'GET miner/details':
        return jsonReply(minerDetails(options.hostname ?? 'Antminer', mac))
      case 'PUT actions/reboot':
        reboot()
        return {status: 204}
      default:
        return jsonReply({message: 'Not Found'}, 404)
    }
  }

  function login(body: string): SimResponse {
    let request: {password?: unknown; username?: unknown}
    try {
      request = JSON.parse(body) as typeof request
    } catch {
      return jsonReply({message: 'Invalid JSON'}, 400)
    }
    if (request.username !== credentials.user || request.password !== credentials.password) {
      return jsonReply({message: 'Invalid username or password'}, 401)
    }
    const token = randomBytes(8).toString('base64url')
    tokens.add(token)
    return jsonReply({timeout_s: 3600, token})
  }

  /** Replaces every group, as the API documents; pools need url and user. */
  function setBatchPools(body: string): SimResponse {
    let groups: unknown
    try {
      groups = JSON.parse(body)
    } catch {
      return jsonReply({message: 'Invalid JSON'}, 400)
    }
    if (!Array.isArray(groups) || !groups.every(isGroupConfiguration)) return jsonReply({message: 'Invalid pool groups'}, 400)
    state.groups = groups.map((group) => ({
      name: group.name,
      pools: group.pools.map((pool) => ({
        enabled: pool.enabled ?? true,
        password: pool.password ?? '',
        uid: pool.uid ?? uid(),
        url: pool.url,
        user: pool.user,
      })),
      quota: group.load_balance_strategy?.quota?.value ?? 1,
      uid: group.uid ?? uid(),
    }))
    return jsonReply(state.groups.map((group) => ({
      load_balance_strategy: {quota: {value: group.quota}},
      name: group.name,
      pools: group.pools,
      uid: group.uid,
    })))
  }

  const device: BraiinsSim = Object.assign(webRpcListeners(options.host, http, rpc), {
    driver: 'braiins' as const,
    mac,
    name: `Antminer S9 (Braiins OS ${variant})`,
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

interface GroupConfiguration {
  load_balance_strategy?: {quota?: {value?: number}}
  name: string
  pools: Array<{enabled?: boolean; password?: string; uid?: string; url: string; user: string}>
  uid?: string
}

function isGroupConfiguration(value: unknown): value is GroupConfiguration {
  if (typeof value !== 'object' || value === null) return false
  const group = value as Partial<GroupConfiguration>
  return (
    typeof group.name === 'string' &&
    Array.isArray(group.pools) &&
    group.pools.every((pool) => typeof pool?.url === 'string' && pool.url !== '' && typeof pool.user === 'string')
  )
}

function restGroup(group: BraiinsSimState['groups'][number]) {
  const active = firstEnabled(group.pools)
  return {
    name: group.name,
    pools: group.pools.map((pool) => ({
      active: pool === active,
      alive: true,
      enabled: pool.enabled,
      stats: {
        accepted_shares: pool === active ? 68 : 0,
        best_share: pool === active ? 65536 : 0,
        generated_work: 0,
        last_difficulty: 65536,
        // A protobuf Timestamp, as captured; a pool that never got a share has none.
        last_share_time: pool === active ? {nanos: 0, seconds: Math.floor(Date.now() / 1000)} : null,
        rejected_shares: 0,
        stale_shares: 0,
      },
      uid: pool.uid,
      url: pool.url,
      user: pool.user,
    })),
    strategy: {quota: {value: group.quota}},
  }
}

/** The captured details with this unit's identity (an S9, matching the RPC figures). */
function minerDetails(hostname: string, mac: string) {
  const identity = {brand: 1, miner_model: 'Antminer S9', model: 1, name: 'Antminer S9'}
  return {...MINER_DETAILS_TEMPLATE, hostname, mac_address: mac, miner_identity: identity}
}

function graphqlGroup(group: BraiinsSimState['groups'][number]) {
  return {
    name: group.name,
    pools: group.pools.map((pool) => ({enabled: pool.enabled, password: pool.password, url: pool.url, user: pool.user})),
    strategy: {quota: group.quota},
  }
}

function firstEnabled(pools: BraiinsSimPool[]): BraiinsSimPool | undefined {
  return pools.find((pool) => pool.enabled)
}

function rpcReply(variant: BraiinsVariant, state: BraiinsSimState, command: string): string {
  switch (command) {
    case 'version':
      return VERSION_REPLIES[variant]
    case 'summary':
      return summaryWithShares(BOSMINER_SUMMARY_REPLY, state.shares)
    case 'fans':
      return BOSMINER_FANS_REPLY
    case 'temps':
      return BOSMINER_TEMPS_REPLY
    case 'devs':
      return BOSMINER_DEVS_REPLY
    case 'pools':
      return poolsReply(state)
    case 'devdetails':
      return DEVDETAILS_REPLY
    default:
      return JSON.stringify({
        STATUS: [{Code: 14, Description: 'BOSer', Msg: 'Invalid command', STATUS: 'E', When: Math.floor(Date.now() / 1000)}],
        id: 1,
      })
  }
}

/**
 * bosminer's `devdetails`: one entry per hash board (IDs 6-8 on an S9, as in `devs`), each naming the
 * machine in `Model` (bosminer's S9 backend writes its name there; bosminer-api DevDetail fields).
 */
const DEVDETAILS_REPLY = JSON.stringify({
  DEVDETAILS: [6, 7, 8].map((id, index) => ({
    Chips: 63,
    Cores: 7056,
    DEVDETAILS: index,
    'Device Path': '',
    Driver: '',
    Frequency: 650,
    ID: id,
    Kernel: '',
    Model: 'Antminer S9',
    Name: '',
    Voltage: 8.8,
  })),
  STATUS: [{Code: 69, Description: 'BOSminer 0.2.0-d360818', Msg: 'Device Details', STATUS: 'S', When: 1_597_196_862}],
  id: 1,
})

/** The configured pools as the RPC lists them: the first enabled pool of the first group mining. */
function poolsReply(state: BraiinsSimState): string {
  const pools = state.groups.flatMap((group) => group.pools)
  const active = firstEnabled(pools)
  return JSON.stringify({
    POOLS: pools.map((pool, index) => ({
      ...(pool === active ? BOSMINER_POOL_ACTIVE : BOSMINER_POOL_IDLE),
      POOL: index,
      Priority: index,
      'Stratum Active': pool === active,
      'Stratum URL': pool.url.replace(/^[a-z0-9+]+:\/\//i, ''),
      Status: pool === active ? 'Alive' : 'Dead',
      URL: pool.url,
      User: pool.user,
    })),
    STATUS: [{Code: 7, Description: 'BOSer', Msg: `${pools.length} Pool(s)`, STATUS: 'S', When: Math.floor(Date.now() / 1000)}],
    id: 1,
  })
}

const VERSION_REPLIES: Record<BraiinsVariant, string> = {
  '20.09': BOSMINER_020_VERSION_REPLY,
  '22.08': BOSER_2208_VERSION_REPLY,
  '25.07': BOSER_2505_VERSION_REPLY,
}

function uid(): string {
  return randomBytes(12).toString('base64url').slice(0, 16)
}
