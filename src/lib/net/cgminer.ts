/**
 * The cgminer RPC client (TCP 4028): one request per connection, reply terminated by a NUL byte.
 * JSON form `{"command","parameter"}` for everything that has it, the plain `command|parameter` form
 * for old firmware that only answers it, and `a+b` multi-commands with a fallback to parallel singles
 * (Antminer S19 and others refuse joined commands).
 */
import {SolominerError} from '../errors.js'
import {sanitizeText} from '../text/sanitize.js'
import {parseSiNumber} from '../units.js'
import {parseCgminerJson} from './cgminer-json.js'
import {startDeadline} from './errors.js'
import {tcpExchange} from './tcp.js'
import {isRecord} from '../json-value.js'

/** What an RPC exchange needs from the caller's context (an AppContext is one): no upward import into the library's context. */
export interface RpcContext {
  debug(message: string): void
  signal: AbortSignal
  timeoutMs: number
}

/** Where a cgminer RPC server listens (a device address has these and more). */
export interface RpcAddress {
  host: string
  rpcPort: number
}

export {parseCgminerJson, repairCgminerJson} from './cgminer-json.js'

export interface CgminerCommandOptions {
  parameter?: string
  timeoutMs?: number
}

export type CgminerReply = Record<string, unknown>

/** The STATUS block of a reply, whether it came as cgminer's array or btminer's bare string. */
export interface CgminerStatus {
  code: number | null
  description: string | null
  message: string
  /** S success, I info, W warning, E error, F fatal; or a word such as RESTART / BYE. */
  status: string
}

/** Sends one JSON command and returns the parsed reply; STATUS E/F becomes DEVICE_ERROR. */
export async function cgminerCommand(
  address: RpcAddress,
  command: string,
  ctx: RpcContext,
  options: CgminerCommandOptions = {},
): Promise<CgminerReply> {
  const request = options.parameter === undefined ? {command} : {command, parameter: options.parameter}
  const raw = await exchange(address, JSON.stringify(request), ctx, options.timeoutMs)
  const reply = asReply(parseCgminerJson(raw), address, command)
  assertSuccess(reply, address, command)
  return reply
}

/**
 * Sends the plain-text form `command|parameter` (the text reply form, parsed into the same shape as
 * JSON: `{STATUS: [{...}], SECTION: [{...}]}` with string values). Old Avalon firmware takes its
 * `ascset|0,setpool,...` only this way.
 */
export async function cgminerPlainCommand(
  address: RpcAddress,
  command: string,
  ctx: RpcContext,
  options: CgminerCommandOptions = {},
): Promise<CgminerReply> {
  const payload = options.parameter === undefined ? command : `${command}|${options.parameter}`
  const raw = await exchange(address, payload, ctx, options.timeoutMs)
  const reply = parseCgminerText(raw)
  assertSuccess(reply, address, command)
  // A plain reply without a STATUS letter ("failed") is not a success either.
  if (!/^[SIW]$/.test(cgminerStatus(reply)?.status ?? '')) {
    throw new SolominerError('DEVICE_ERROR', `${address.host}:${address.rpcPort} refused "${command}": ${sanitizeText(raw, 80)}`)
  }
  return reply
}

/**
 * Runs several report commands, joined (`summary+pools`) when the firmware supports it, otherwise as
 * parallel single commands. Returns each command's own reply, keyed by command.
 */
export async function cgminerCommands(
  address: RpcAddress,
  commands: string[],
  ctx: RpcContext,
  options: {timeoutMs?: number} = {},
): Promise<Record<string, CgminerReply>> {
  const unique = [...new Set(commands)]
  if (unique.length === 1) return {[unique[0]!]: await cgminerCommand(address, unique[0]!, ctx, options)}
  // The joined attempt and the fallback share one deadline: the fallback never doubles the wait.
  const timeoutMs = options.timeoutMs ?? ctx.timeoutMs
  const deadline = startDeadline(timeoutMs, [ctx.signal])
  const shared = {...ctx, signal: deadline.signal}
  try {
    const joined = await tryJoined(address, unique, shared, timeoutMs)
    if (joined) return joined
    ctx.debug(`${address.host}:${address.rpcPort} does not answer joined commands; sending ${unique.join(', ')} one by one`)
    const replies = await Promise.all(unique.map((command) => cgminerCommand(address, command, shared, {timeoutMs})))
    return Object.fromEntries(unique.map((command, index) => [command, replies[index]!]))
  } finally {
    deadline.clear()
  }
}

/** The joined reply split per command, or null when the device did not answer it as a multi-command. */
async function tryJoined(
  address: RpcAddress,
  commands: string[],
  ctx: RpcContext,
  timeoutMs: number | undefined,
): Promise<Record<string, CgminerReply> | null> {
  const raw = await exchange(address, JSON.stringify({command: commands.join('+')}), ctx, timeoutMs)
  let parsed: unknown
  try {
    parsed = parseCgminerJson(raw)
  } catch {
    return null
  }
  if (!isRecord(parsed)) return null
  const result: Record<string, CgminerReply> = {}
  for (const command of commands) {
    const part = parsed[command]
    const reply = Array.isArray(part) ? part[0] : part
    if (!isRecord(reply)) return null
    assertSuccess(reply, address, command)
    result[command] = reply
  }
  return result
}

function exchange(address: RpcAddress, payload: string, ctx: RpcContext, timeoutMs?: number): Promise<string> {
  return tcpExchange({
    host: address.host,
    payload,
    port: address.rpcPort,
    signal: ctx.signal,
    timeoutMs: timeoutMs ?? ctx.timeoutMs,
    until: 'nul',
  })
}

function asReply(value: unknown, address: RpcAddress, command: string): CgminerReply {
  if (isRecord(value)) return value
  // Several concatenated top-level objects: the first one carries STATUS.
  if (Array.isArray(value) && isRecord(value[0])) return value[0]
  throw new SolominerError('BAD_RESPONSE', `${address.host}:${address.rpcPort} sent an unexpected reply to "${command}"`)
}

/** Reads the STATUS block (array or string form); null when the reply has none. */
export function cgminerStatus(reply: CgminerReply): CgminerStatus | null {
  const block = reply.STATUS
  if (typeof block === 'string') {
    return {code: cgNumber(reply.Code), description: stringOrNull(reply.Description), message: messageText(reply.Msg), status: block}
  }
  const first = Array.isArray(block) ? block[0] : undefined
  if (!isRecord(first)) return null
  return {
    code: cgNumber(first.Code),
    description: stringOrNull(first.Description),
    message: messageText(first.Msg),
    status: String(first.STATUS ?? ''),
  }
}

function assertSuccess(reply: CgminerReply, address: RpcAddress, command: string): void {
  const status = cgminerStatus(reply)
  if (status === null || (status.status !== 'E' && status.status !== 'F')) return
  throw new SolominerError(
    'DEVICE_ERROR',
    `${address.host}:${address.rpcPort} refused "${command}": ${sanitizeText(status.message, 200) || `error code ${status.code ?? '?'}`}`,
  )
}

/**
 * Parses the plain-text reply form: sections separated by `|`, fields by `,`, `key=value`; the first
 * field of a data section is its name. `\|`, `\,`, `\=` and `\\` are escapes.
 */
export function parseCgminerText(raw: string): CgminerReply {
  const reply: Record<string, Record<string, string>[]> = {}
  for (const section of splitUnescaped(raw.replace(/\0+$/, ''), '|')) {
    if (section.trim() === '') continue
    const fields = splitUnescaped(section, ',')
    const hasName = !fields[0]!.includes('=')
    const name = hasName ? unescapeText(fields[0]!) : 'STATUS'
    const entry: Record<string, string> = {}
    for (const field of hasName ? fields.slice(1) : fields) {
      const [key, ...value] = splitUnescaped(field, '=')
      entry[unescapeText(key!)] = unescapeText(value.join('='))
    }
    ;(reply[name] ??= []).push(entry)
  }
  return reply
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = []
  let current = ''
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!
    if (char === '\\' && index + 1 < text.length) {
      current += char + text[index + 1]
      index += 1
    } else if (char === separator) {
      parts.push(current)
      current = ''
    } else {
      current += char
    }
  }
  parts.push(current)
  return parts
}

function unescapeText(text: string): string {
  return text.replaceAll(/\\([|,=\\])/g, '$1')
}

/** The first entry of a reply section (`SUMMARY`, `VERSION`...), or null. */
export function cgSection(reply: CgminerReply | undefined, name: string): Record<string, unknown> | null {
  const list = reply?.[name]
  const first = Array.isArray(list) ? list[0] : undefined
  return isRecord(first) ? first : null
}

/** All entries of a reply section (POOLS, DEVS, STATS). */
export function cgSectionList(reply: CgminerReply | undefined, name: string): Record<string, unknown>[] {
  const list = reply?.[name]
  return Array.isArray(list) ? list.filter(isRecord) : []
}

/** A number from a cgminer field: numbers, numeric strings ("13883.81") and SI strings ("32.8K"). */
export function cgNumber(value: unknown): number | null {
  return parseSiNumber(value)
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function messageText(value: unknown): string {
  if (typeof value === 'string') return value
  return value === undefined || value === null ? '' : JSON.stringify(value)
}
