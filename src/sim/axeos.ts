/**
 * AxeOS / ESP-Miner simulator (Bitaxe, NerdQAxe++, Lucky Miner LV06 port), faithful to the firmware's
 * HTTP API per version: /api/system/info field names and types, PATCH semantics (unknown keys ignored
 * with 200), 2.15 pools, restart = vanish then return with the saved pools in effect, the RFC1918
 * client check (401), NerdQAxe's optional OTP, and /api/ws/live (2.14+: full state, then diffs).
 * Facts: ESP-Miner (github.com/bitaxeorg/ESP-Miner) main/http_server and its forks, per release.
 */
import {createHash} from 'node:crypto'
import type {IncomingMessage} from 'node:http'
import type {Duplex} from 'node:stream'

import {WebSocket, WebSocketServer} from 'ws'

import {DEFAULT_HTTP_PORT, DEFAULT_RPC_PORT} from '../lib/devices/model.js'
import {legacyPatch, nerdPatch, parsePool, type PatchOutcome, tablePatch} from './axeos/patch.js'
import {AXEOS_PROFILES, type AxeosProfile, type AxeosProfileSpec, asicTable, atLeast} from './axeos/profiles.js'
import {type AxeosSimState, applyPools, initialState, reboot, recordShare, renderInfo} from './axeos/state.js'
import type {SimControls} from './control.js'
import type {SimDevice, SimOptions} from './device.js'
import {HttpSim, type SimRequest, type SimResponse, jsonReply} from './http-sim.js'

export type {AxeosProfile} from './axeos/profiles.js'
export {AXEOS_PROFILES} from './axeos/profiles.js'

export interface AxeosSimOptions extends SimOptions {
  /**
   * Whether loopback clients count as being on the LAN. Real firmware only answers RFC1918 clients;
   * tests come from 127.0.0.1, so this defaults to true, and false makes the device answer 401 as it
   * does to a VPN/Tailscale client.
   */
  allowLoopback?: boolean
  hostname?: string
  /** Random variation of the figures (default true; false for deterministic tests). */
  jitter?: boolean
  /** Interval of /api/ws/live diffs, ms (firmware: 500). */
  liveIntervalMs?: number
  /** NerdQAxe: require this one-time password (X-TOTP header) for writes. */
  otp?: string
  profile: AxeosProfile
  /** How long a restart keeps the device off the network, ms. */
  restartDownMs?: number
  /**
   * ESP-Miner hands NVS writes to a background save task (main/nvs_config.c, nvs_save_queue): for this
   * long after a PATCH, /api/system/info still shows the settings from before it. Off by default.
   */
  saveQueueDelayMs?: number
  /**
   * Old firmware's web server stalled under tight polling (ESP-Miner issues #70, #262, #356): requests
   * closer than `minIntervalMs` to the previous one are answered only after `delayMs`. Off by default.
   */
  stallUnderPolling?: {delayMs: number; minIntervalMs: number}
}

export interface AxeosSim extends SimDevice, SimControls {
  readonly http: HttpSim
  /** The current /api/system/info document. */
  info(): Record<string, unknown>
  readonly profile: AxeosProfileSpec
  /** Merges fields into /info (e.g. `{power_fault: '...'}`); `undefined` removes a field. */
  setTelemetry(overrides: Record<string, unknown>): void
  readonly state: AxeosSimState
}

const LIVE_INTERVAL_MS = 500
const MAX_LIVE_CLIENTS = 10

/** Creates and starts an AxeOS-family simulator on `options.host`. `start()` after `stop()` restarts it. */
export async function createAxeosSim(options: AxeosSimOptions): Promise<AxeosSim> {
  const spec = AXEOS_PROFILES[options.profile]
  const mac = options.mac ?? macFor(options.host, options.profile)
  const hostname = options.hostname ?? (spec.family === 'nerdqaxe' ? 'nerdqaxe' : 'bitaxe')
  const state = initialState(spec, hostname, options.jitter ?? true)
  // While a PATCH waits in the save queue, /info shows the settings from before it.
  let queued: {settingsBefore: AxeosSimState['settings']; shownFrom: number} | null = null
  const shownState = (): AxeosSimState => (queued && Date.now() < queued.shownFrom ? {...state, settings: queued.settingsBefore} : state)
  const info = () => renderInfo(spec, shownState(), mac, options.host, options.otp !== undefined)
  const live = new LiveServer(() => info(), options.liveIntervalMs ?? LIVE_INTERVAL_MS)

  const allowed = (remote: string, origin: string | undefined) => clientAllowed(spec, remote, origin, options.allowLoopback ?? true)
  const http: HttpSim = new HttpSim(
    {
      host: options.host,
      onUpgrade: (request, socket, head) => {
        http.journal.record({body: '', headers: request.headers, method: 'GET', path: request.url ?? '/', protocol: 'http'})
        upgradeToLive(spec, live, allowed, request, socket, head)
      },
      port: options.httpPort ?? DEFAULT_HTTP_PORT,
    },
    (request) => stallIfPolledTooFast().then(() => handle(request)),
  )
  let lastRequestAt = 0
  async function stallIfPolledTooFast(): Promise<void> {
    const stall = options.stallUnderPolling
    const now = Date.now()
    const tooSoon = stall !== undefined && now - lastRequestAt < stall.minIntervalMs
    lastRequestAt = now
    if (tooSoon) await new Promise((resolve) => setTimeout(resolve, stall.delayMs))
  }
  function handle(request: SimRequest): SimResponse {
    if (request.path.startsWith('/api/') && !allowed(request.remoteAddress, header(request.headers.origin))) {
      return {body: 'Unauthorized', headers: {'content-type': 'text/plain'}, status: 401}
    }
    const queues = options.saveQueueDelayMs !== undefined && request.method === 'PATCH'
    const settingsBefore = queues ? structuredClone(state.settings) : null
    const reply = route(spec, state, request, info, options)
    if (settingsBefore && reply.response.status === 200) queued = {settingsBefore, shownFrom: Date.now() + options.saveQueueDelayMs!}
    if (reply.restart) restart()
    return reply.response
  }
  function restart(): void {
    http.restartAfterReply(options.restartDownMs ?? 1000)
    reboot(state)
  }
  await http.start()
  const device: AxeosSim = {
    get address() {
      return {host: options.host, httpPort: http.port, rpcPort: options.rpcPort ?? DEFAULT_RPC_PORT}
    },
    driver: 'axeos',
    http,
    info,
    get journals() {
      return [http.journal]
    },
    mac,
    name: spec.name,
    profile: spec,
    reportsMac: 'macAddr' in info(),
    reboot: restart,
    recordShare(difficulty, {block = false} = {}) {
      recordShare(state.runtime, difficulty, block)
    },
    setTelemetry(overrides) {
      Object.assign(state.runtime.overrides, overrides)
    },
    async start() {
      if (!http.running) await http.start()
    },
    state,
    async stop() {
      live.close()
      await http.stop()
    },
  }
  return device
}

interface RouteReply {
  response: SimResponse
  restart?: boolean
}

const json = (value: unknown, status = 200): RouteReply => ({response: jsonReply(value, status)})
const text = (body: string, status: number, contentType = 'text/plain'): RouteReply => ({
  response: {body, headers: {'content-type': contentType}, status},
})

function route(
  spec: AxeosProfileSpec,
  state: AxeosSimState,
  request: SimRequest,
  info: () => Record<string, unknown>,
  options: AxeosSimOptions,
): RouteReply {
  const {method, path} = request
  const key = `${method} ${path}`
  if (key === 'GET /') return text(indexHtml(spec), 200, 'text/html')
  if (key === 'GET /api/system/info') return json(withHostnames(spec, info()))
  if (key === 'GET /api/system/asic' && spec.asicEndpoint) return {response: asicReply(spec)}
  if (method === 'PATCH' && path === '/api/system') return otpGate(spec, state, request, options) ?? patch(spec, state, request.body)
  if (key === 'POST /api/system/restart') {
    return otpGate(spec, state, request, options) ?? {response: jsonReply({message: 'System will restart shortly.'}), restart: true}
  }
  if (key === 'POST /api/system/identify' && spec.family === 'axeos' && atLeast(spec, 2, 12)) {
    state.runtime.identifying = !state.runtime.identifying
    return json({message: state.runtime.identifying ? 'The device says "Hi!" for 30 seconds.' : 'The device no longer says "Hi!".'})
  }
  const poolMatch = /^\/api\/system\/pools\/(\d+)$/.exec(path)
  if (poolMatch && method === 'PUT' && spec.family === 'axeos' && atLeast(spec, 2, 15)) {
    return putPool(state, Number(poolMatch[1]), request.body)
  }
  return notFound(spec, path)
}

/** 2.15's GET handler adds the mDNS names on top of the live document (the websocket lacks them). */
function withHostnames(spec: AxeosProfileSpec, info: Record<string, unknown>): Record<string, unknown> {
  if (spec.family !== 'axeos' || !atLeast(spec, 2, 15)) return info
  return {...info, fullHostname: `${String(info.hostname)}.local`, mdnsHostname: info.hostname}
}

function patch(spec: AxeosProfileSpec, state: AxeosSimState, body: string): RouteReply {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return text('Invalid JSON', 400)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return text('Invalid JSON', 400)
  const settings = parsed as Record<string, unknown>
  const before = state.settings.hostname
  let outcome: PatchOutcome
  if (spec.family === 'nerdqaxe') outcome = nerdPatch(state.settings, settings)
  else if (atLeast(spec, 2, 11)) outcome = tablePatch(spec, state.settings, settings)
  else outcome = legacyPatch(spec, state.settings, settings)
  if (!outcome.ok) return text(outcome.message, 400)
  if (spec.family === 'nerdqaxe') applyPools(state)
  // 2.15 applies a new hostname live and tells the browser where the device now lives.
  if (atLeast(spec, 2, 15) && spec.family === 'axeos' && state.settings.hostname !== before) {
    const url = `http://${state.settings.hostname}.local`
    return json({redirect: {delay: 2000, message: 'Hostname updated. Redirecting to new address...', url}, status: 'success'})
  }
  return text('', 200, 'text/html')
}

function putPool(state: AxeosSimState, id: number, body: string): RouteReply {
  if (id > 7) return text('Invalid pool index', 400)
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return text('Invalid JSON', 400)
  }
  const pool = parsePool(parsed, state.settings.pools[id] ?? null)
  if (pool === null) return text('Invalid pool configuration payload', 400)
  state.settings.pools[id] = pool
  return json({message: 'Pool updated successfully'})
}

/** `/api/system/asic` in the key order real devices send (ESP-Miner issue #242, #1769). */
function asicReply(spec: AxeosProfileSpec): SimResponse {
  const table = asicTable(spec)
  const fields: Array<[string, unknown]> = [['ASICModel', spec.asicModel]]
  if (spec.family === 'nerdqaxe') {
    fields.push(
      ['deviceModel', spec.deviceModel],
      ['asicCount', spec.asicCount],
      ['defaultFrequency', table.defaultFrequency],
      ['defaultVoltage', table.defaultVoltage],
      ['absMaxFrequency', 800],
      ['absMaxVoltage', 1400],
      ['ecoFrequency', 0],
      ['ecoVoltage', 0],
      ['swarmColor', spec.swarmColor],
    )
  } else if (atLeast(spec, 2, 9)) {
    fields.push(['deviceModel', spec.deviceModel], ['swarmColor', spec.swarmColor], ['asicCount', spec.asicCount])
    if (atLeast(spec, 2, 11)) fields.push(['hashDomains', 4])
  }
  const withDefaults = spec.family === 'nerdqaxe' || atLeast(spec, 2, 8)
  // The LVXX fork leaves out defaultVoltage and writes ASICModel twice (a duplicate JSON key).
  const isLvxx = spec.deviceModel.startsWith('LV')
  if (withDefaults && spec.family === 'axeos') fields.push(['defaultFrequency', table.defaultFrequency])
  fields.push(['frequencyOptions', table.frequencyOptions])
  if (withDefaults && spec.family === 'axeos' && !isLvxx) fields.push(['defaultVoltage', table.defaultVoltage])
  fields.push(['voltageOptions', table.voltageOptions])
  if (isLvxx) fields.push(['ASICModel', spec.asicModel])
  const members = fields.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`)
  return {body: `{${members.join(',')}}`, headers: {'content-type': 'application/json'}, status: 200}
}

function notFound(spec: AxeosProfileSpec, path: string): RouteReply {
  if (path.startsWith('/api/') && atLeast(spec, 2, 9)) return json({error: 'unknown route'}, 404)
  if (path.startsWith('/api/')) return text('Nothing matches the given URI', 404)
  // Anything else is the captive portal's redirect to the UI.
  return {response: {headers: {location: '/'}, status: 302}}
}

/**
 * NerdQAxe with OTP on: writes need `X-TOTP` (http_utils.cpp validateOTP). A wrong or missing code gets
 * 401 "OTP/Session required"; 5 failures within 60 s block every write for 5 minutes.
 */
function otpGate(spec: AxeosProfileSpec, state: AxeosSimState, request: SimRequest, options: AxeosSimOptions): RouteReply | null {
  if (spec.family !== 'nerdqaxe' || options.otp === undefined) return null
  const now = Date.now()
  const otp = state.runtime.otpFailures
  if (otp.blockedUntil > now) return text('blocked for 5 minutes', 401, 'text/html')
  if (header(request.headers['x-totp']) === options.otp) return null
  otp.times = [now, ...otp.times.filter((time) => now - time < 60_000)].slice(0, 5)
  if (otp.times.length === 5) {
    otp.blockedUntil = now + 300_000
    otp.times = []
  }
  return text('OTP/Session required', 401, 'text/html')
}

function indexHtml(spec: AxeosProfileSpec): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${spec.title}</title></head><body><app-root></app-root></body></html>`
}

/**
 * is_network_allowed (2.5+): the client must be RFC1918, and an Origin, when sent, must be
 * `http://<RFC1918 IPv4>` without a port. ≤ 2.4 had no check.
 */
function clientAllowed(spec: AxeosProfileSpec, remote: string, origin: string | undefined, allowLoopback: boolean): boolean {
  if (spec.family === 'axeos' && !atLeast(spec, 2, 5)) return true
  const ip = remote.replace(/^::ffff:/, '')
  const isPrivate = (address: string) => isRfc1918(address) || (allowLoopback && address.startsWith('127.'))
  if (!isPrivate(ip)) return false
  if (origin === undefined) return true
  const match = /^http:\/\/(\d+\.\d+\.\d+\.\d+)$/.exec(origin)
  return match !== null && isPrivate(match[1]!)
}

function isRfc1918(ip: string): boolean {
  const [a = -1, b = -1] = ip.split('.').map(Number)
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** `GET /api/ws/live` upgrades on 2.14+, behind the same access check as the HTTP API. */
function upgradeToLive(
  spec: AxeosProfileSpec,
  live: LiveServer,
  allowed: (remote: string, origin: string | undefined) => boolean,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  const path = new URL(request.url ?? '/', 'http://sim').pathname
  if (path !== '/api/ws/live' || spec.family !== 'axeos' || !atLeast(spec, 2, 14)) return refuseUpgrade(socket, '404 Not Found')
  if (!allowed(request.socket.remoteAddress ?? '', header(request.headers.origin))) return refuseUpgrade(socket, '401 Unauthorized')
  live.accept(request, socket, head)
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/** A stable, locally administered MAC per simulated device. */
function macFor(host: string, profile: string): string {
  const hash = createHash('sha256').update(`${host}/${profile}`).digest()
  const bytes = [0x02, ...hash.subarray(0, 5)]
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(':')
}

/**
 * /api/ws/live: `{"event":"update","data":<full info>}` on connect, then every interval only the
 * changed or new keys (objects diffed recursively, arrays whole, removed keys never signalled), and
 * nothing when nothing changed (websocket_api.c, cjson_utils.c).
 */
class LiveServer {
  private readonly clients = new Map<WebSocket, Record<string, unknown>>()
  private timer?: NodeJS.Timeout
  private readonly wss = new WebSocketServer({noServer: true})

  constructor(
    private readonly snapshot: () => Record<string, unknown>,
    private readonly intervalMs: number,
  ) {}

  accept(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.clients.size >= MAX_LIVE_CLIENTS) return refuseUpgrade(socket, '429 Too Many Requests')
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const full = this.snapshot()
      this.clients.set(ws, full)
      ws.on('close', () => this.clients.delete(ws))
      ws.on('error', () => ws.terminate())
      ws.send(JSON.stringify({data: full, event: 'update'}))
      this.timer ??= setInterval(() => this.tick(), this.intervalMs)
    })
  }

  close(): void {
    for (const ws of this.clients.keys()) ws.terminate()
    this.clients.clear()
    clearInterval(this.timer)
    this.timer = undefined
  }

  private tick(): void {
    if (this.clients.size === 0) {
      clearInterval(this.timer)
      this.timer = undefined
      return
    }
    const now = this.snapshot()
    for (const [ws, last] of this.clients) {
      if (ws.readyState !== WebSocket.OPEN) continue
      const diff = diffObjects(last, now)
      this.clients.set(ws, now)
      if (diff !== undefined) ws.send(JSON.stringify({data: diff, event: 'update'}))
    }
  }
}

/** Changed or new keys of `next` against `previous`; undefined when nothing changed. */
export function diffObjects(previous: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> | undefined {
  const diff: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(next)) {
    const old = previous[key]
    if (isPlainObject(value) && isPlainObject(old)) {
      const inner = diffObjects(old, value)
      if (inner !== undefined) diff[key] = inner
    } else if (JSON.stringify(old) !== JSON.stringify(value)) {
      diff[key] = value
    }
  }
  return Object.keys(diff).length === 0 ? undefined : diff
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
