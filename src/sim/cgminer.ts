/**
 * cgminer RPC simulation helpers: the reply envelope, `a+b` multi-commands, the plain-text reply form,
 * a generic cgminer 4.x miner, and a server that answers a raw reply verbatim (hostile-device tests).
 * Facts: cgminer `api.c` / API-README (github.com/ckolivas/cgminer).
 */
import type {DeviceAddress} from '../lib/devices/model.js'
import type {SimDevice, SimOptions} from './device.js'
import {type RpcHandler, type RpcRequest, RpcSim} from './rpc-sim.js'

export type CgStatusLetter = 'E' | 'F' | 'I' | 'S' | 'W'

export interface CgStatus {
  code: number
  message: string
  status: CgStatusLetter
}

/** A command's reply: an object (sent as JSON, or as text to plain requests) or a raw string verbatim. */
export type CgReplyValue = Record<string, unknown> | string

export type CgCommandHandler = (parameter: string | undefined) => CgReplyValue | Promise<CgReplyValue>

export interface CgServerOptions {
  /** `Description` in every STATUS block, e.g. "cgminer 4.11.1". */
  description: string
  handlers: Record<string, CgCommandHandler>
  host: string
  port: number
  /** Commands that may be joined with `+` (cgminer allows report commands only). */
  joinable: string[]
  writeCommands?: string[]
}

/** Shares found on command (sim/control.ts) on top of a captured `summary` reply; null until the first. */
export interface ShareTally {
  accepted: number
  best: number
  blocks: number
}

/** The tally after one more share (a block when `block`). */
export function countShare(tally: ShareTally | null, difficulty: number, block: boolean): ShareTally {
  const {accepted, best, blocks} = tally ?? {accepted: 0, best: 0, blocks: 0}
  return {accepted: accepted + 1, best: Math.max(best, difficulty), blocks: blocks + (block ? 1 : 0)}
}

/** A captured `summary` reply with the tally added (the capture itself while there is none). */
export function summaryWithShares(reply: string, tally: ShareTally | null): string {
  if (tally === null) return reply
  const parsed = JSON.parse(reply) as {SUMMARY: Record<string, number>[]}
  const summary = parsed.SUMMARY[0]!
  summary.Accepted = (summary.Accepted ?? 0) + tally.accepted
  summary['Best Share'] = Math.max(summary['Best Share'] ?? 0, tally.best)
  summary['Found Blocks'] = (summary['Found Blocks'] ?? 0) + tally.blocks
  return JSON.stringify(parsed)
}

/** Seconds since the epoch, as cgminer's `When`. */
export function cgNow(): number {
  return Math.floor(Date.now() / 1000)
}

/** The standard envelope: `{"STATUS":[{...}],"SECTION":[...],"id":1}`. */
export function cgEnvelope(description: string, status: CgStatus, section?: string, items?: Record<string, unknown>[]): Record<string, unknown> {
  const block = {STATUS: status.status, When: cgNow(), Code: status.code, Msg: status.message, Description: description}
  return section === undefined ? {STATUS: [block], id: 1} : {STATUS: [block], [section]: items ?? [], id: 1}
}

export function cgInvalidCommand(description: string): Record<string, unknown> {
  return cgEnvelope(description, {code: 14, message: 'Invalid command', status: 'E'})
}

/** An RPC server dispatching to per-command handlers, with multi-command and plain-text support. */
export function createCgminerServer(options: CgServerOptions): RpcSim {
  const handle = async (request: RpcRequest): Promise<string | undefined> => {
    const parts = request.command.split('+')
    if (parts.length > 1 && request.json) return joinReplies(options, parts)
    const handler = options.handlers[request.command]
    const reply = handler ? await handler(request.parameter) : cgInvalidCommand(options.description)
    if (typeof reply === 'string') return reply
    return request.json ? JSON.stringify(reply) : toCgminerText(reply)
  }
  return new RpcSim({host: options.host, port: options.port, writeCommands: options.writeCommands}, handle)
}

/** `{"summary":[{...}],"pools":[{...}],"id":1}`; any non-joinable part fails the whole request. */
async function joinReplies(options: CgServerOptions, commands: string[]): Promise<string> {
  const unique = [...new Set(commands)]
  if (unique.some((command) => !options.joinable.includes(command) || !options.handlers[command])) {
    return JSON.stringify(cgEnvelope(options.description, {code: 14, message: 'Invalid command', status: 'E'}))
  }
  const parts: string[] = []
  for (const command of unique) {
    const reply = await options.handlers[command]!(undefined)
    parts.push(`${JSON.stringify(command)}:[${typeof reply === 'string' ? reply : JSON.stringify(reply)}]`)
  }
  return `{${parts.join(',')},"id":1}`
}

/** The plain-text reply form: `STATUS=S,When=..,Code=..,Msg=..,Description=..|SECTION,key=value,...|`. */
export function toCgminerText(reply: Record<string, unknown>): string {
  const sections: string[] = []
  for (const [name, value] of Object.entries(reply)) {
    if (name === 'id' || !Array.isArray(value)) continue
    for (const item of value as Record<string, unknown>[]) {
      const fields = Object.entries(item).map(([key, field]) => `${escapeText(key)}=${escapeText(String(field))}`)
      sections.push(name === 'STATUS' ? fields.join(',') : [name, ...fields].join(','))
    }
  }
  return `${sections.join('|')}|`
}

function escapeText(text: string): string {
  return text.replaceAll(/([|,=\\])/g, '\\$1')
}

/** A listener that answers every request with `reply` verbatim (or stays silent when it returns undefined). */
export async function createRawRpcSim(options: {host: string; port?: number; reply: RpcHandler | string}): Promise<RpcSim> {
  const {reply} = options
  const sim = new RpcSim({host: options.host, port: options.port ?? 0}, typeof reply === 'string' ? () => reply : reply)
  await sim.start()
  return sim
}

export interface GenericCgminerSimOptions extends SimOptions {
  /** Hashrate in H/s (default 14 TH/s). */
  hashrate?: number
}

const GENERIC_DESCRIPTION = 'cgminer 4.12.0'

/** A plain cgminer 4.x miner (no vendor extensions), for the generic read-only driver. */
export async function createCgminerSim(options: GenericCgminerSimOptions): Promise<SimDevice> {
  const hashrate = options.hashrate ?? 14e12
  const mac = options.mac ?? '02:00:00:00:40:28'
  const started = Date.now()
  const mhs = hashrate / 1e6
  const ok = (code: number, message: string): CgStatus => ({code, message, status: 'S'})
  const elapsed = () => Math.floor((Date.now() - started) / 1000)
  const handlers: Record<string, CgCommandHandler> = {
    devs: () => cgEnvelope(GENERIC_DESCRIPTION, ok(9, '1 ASC(s)'), 'DEVS', [
      {ASC: 0, Name: 'GEN', ID: 0, Enabled: 'Y', Status: 'Alive', Temperature: 61.5, 'MHS av': mhs, 'MHS 5s': mhs, Accepted: 120, Rejected: 1},
    ]),
    pools: () => cgEnvelope(GENERIC_DESCRIPTION, ok(7, '1 Pool(s)'), 'POOLS', [
      {POOL: 0, URL: 'stratum+tcp://solo.ckpool.org:3333', Status: 'Alive', Priority: 0, User: 'bc1qexampleaddress.generic', 'Stratum Active': true},
    ]),
    summary: () => cgEnvelope(GENERIC_DESCRIPTION, ok(11, 'Summary'), 'SUMMARY', [
      {Elapsed: elapsed(), 'MHS av': mhs, 'MHS 5s': mhs, 'MHS 1m': mhs, 'MHS 5m': mhs, 'MHS 15m': mhs, 'Found Blocks': 0, Accepted: 120, Rejected: 1, 'Best Share': 1_234_567},
    ]),
    version: () => cgEnvelope(GENERIC_DESCRIPTION, ok(22, 'CGMiner versions'), 'VERSION', [{CGMiner: '4.12.0', API: '3.7'}]),
  }
  const rpc = createCgminerServer({
    description: GENERIC_DESCRIPTION,
    handlers,
    host: options.host,
    joinable: Object.keys(handlers),
    port: options.rpcPort ?? 0,
  })
  await rpc.start()
  const address: DeviceAddress = {host: options.host, httpPort: options.httpPort ?? 0, rpcPort: rpc.port}
  return {
    address,
    driver: 'cgminer',
    journals: [rpc.journal],
    mac,
    name: 'cgminer 4.12.0 miner',
    start: () => rpc.start(),
    stop: () => rpc.stop(),
  }
}
