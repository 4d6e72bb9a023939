/**
 * A short stratum v1 session, as a miner would open it, that stops at the first job:
 * mining.subscribe (+ mining.configure for version rolling), mining.authorize, then the pool's
 * mining.set_difficulty and mining.notify. Nothing is ever submitted.
 */
import {SolominerError} from '../errors.js'
import {type StratumConnection, type StratumLine, connectStratum} from '../net/stratum.js'
import {deviceString} from '../text/sanitize.js'

export interface StratumJob {
  cleanJobs: boolean
  coinb1: string
  coinb2: string
  /** The extranonce in force when this job arrived. */
  extranonce1: string
  extranonce2Size: number
  jobId: string
  merkleBranch: string[]
  nbits: string
  ntime: string
  /** As sent (word-swapped stratum form). */
  prevhash: string
  version: string
}

export interface StratumSessionOptions {
  host: string
  insecureTls?: boolean
  password: string
  port: number
  signal?: AbortSignal
  /** Bounds the connect, and separately the wait for the first job. */
  timeoutMs: number
  tls: boolean
  user: string
  userAgent: string
}

export interface StratumSessionResult {
  job: StratumJob
  latencyMs: number
  /** Things worth telling the user: reconnect requests (not followed), pool messages, cut lines. */
  notes: string[]
  shareDifficulty: number | null
  timeToJobMs: number
  versionMask: string | null
}

const ID_SUBSCRIBE = 1
const ID_CONFIGURE = 2
const ID_AUTHORIZE = 3
/** Once a job is in hand, how long to wait for a set_difficulty or a user-specific job still to come. */
const GRACE_MS = 500

interface SessionState {
  authorized: boolean
  configureAnswered: boolean
  extranonce1: string | null
  extranonce2Size: number
  garbageLines: number
  job: StratumJob | null
  /** The job came after the authorize reply, so it is built for this user (solo pools build per user). */
  jobForUser: boolean
  jobAt: number
  notes: string[]
  oversizedLines: number
  shareDifficulty: number | null
  versionMask: string | null
}

/** Stratum errors come as [code, "message", data], {code, message} or a bare string. */
export function stratumErrorText(error: unknown): string {
  if (Array.isArray(error)) return deviceString(error[1] ?? error[0]) ?? 'error'
  if (typeof error === 'object' && error !== null) {
    const {code, message} = error as {code?: unknown; message?: unknown}
    return deviceString(message) ?? deviceString(code) ?? 'error'
  }
  return deviceString(error) ?? 'error'
}

const HEX = /^[0-9a-f]*$/i

function hexParam(value: unknown, what: string): string {
  if (typeof value !== 'string' || !HEX.test(value)) {
    throw new SolominerError('BAD_RESPONSE', `The pool sent a mining.notify with an invalid ${what}`)
  }
  return value.toLowerCase()
}

/** version, nbits and ntime are 32-bit values: exactly 8 hex digits. */
function fixedHexParam(value: unknown, what: string): string {
  const hex = hexParam(value, what)
  if (hex.length !== 8) throw new SolominerError('BAD_RESPONSE', `The pool sent a mining.notify with an invalid ${what}`)
  return hex
}

function parseNotify(params: unknown, state: SessionState): StratumJob {
  if (!Array.isArray(params) || params.length < 9) {
    throw new SolominerError('BAD_RESPONSE', 'The pool sent a mining.notify without the 9 expected parameters')
  }
  const [jobId, prevhash, coinb1, coinb2, branch, version, nbits, ntime, clean] = params as unknown[]
  if (!Array.isArray(branch)) throw new SolominerError('BAD_RESPONSE', 'The pool sent a mining.notify without a merkle branch list')
  return {
    cleanJobs: clean === true,
    coinb1: hexParam(coinb1, 'coinb1'),
    coinb2: hexParam(coinb2, 'coinb2'),
    extranonce1: state.extranonce1 ?? '',
    extranonce2Size: state.extranonce2Size,
    jobId: deviceString(jobId) ?? '',
    merkleBranch: branch.map((hash) => hexParam(hash, 'merkle branch')),
    nbits: fixedHexParam(nbits, 'nbits'),
    ntime: fixedHexParam(ntime, 'ntime'),
    prevhash: hexParam(prevhash, 'prevhash'),
    version: fixedHexParam(version, 'version'),
  }
}

function applyExtranonce(params: unknown, state: SessionState, what: string): void {
  const [extranonce1, size] = Array.isArray(params) ? (params as unknown[]) : []
  if (typeof extranonce1 !== 'string' || !HEX.test(extranonce1) || typeof size !== 'number' || !Number.isInteger(size)) {
    throw new SolominerError('BAD_RESPONSE', `The pool sent an invalid ${what}`)
  }
  state.extranonce1 = extranonce1.toLowerCase()
  state.extranonce2Size = size
}

function handleSubscribe(reply: Record<string, unknown>, state: SessionState): void {
  if (reply.error !== null && reply.error !== undefined) {
    throw new SolominerError('BAD_RESPONSE', `The pool refused mining.subscribe: ${stratumErrorText(reply.error)}`)
  }
  const result = reply.result as unknown[] | undefined
  applyExtranonce(Array.isArray(result) ? result.slice(1) : undefined, state, 'mining.subscribe reply')
}

function handleAuthorize(reply: Record<string, unknown>, user: string): void {
  if (reply.result === true && (reply.error === null || reply.error === undefined)) return
  const why = reply.error === null || reply.error === undefined ? 'no reason given' : stratumErrorText(reply.error)
  throw new SolominerError('AUTH_FAILED', `The pool refused the user ${deviceString(user) ?? ''} (${why})`, {
    suggestions: ['Solo pools only accept a valid payout address for their network as the user'],
  })
}

function handleConfigure(reply: Record<string, unknown>, state: SessionState): void {
  state.configureAnswered = true
  const result = reply.result as Record<string, unknown> | null | undefined
  const mask = result?.['version-rolling.mask']
  if (result?.['version-rolling'] === true && typeof mask === 'string') state.versionMask = deviceString(mask)
}

function handleReply(reply: Record<string, unknown>, state: SessionState, options: StratumSessionOptions, connection: StratumConnection): void {
  switch (String(reply.id)) {
    case String(ID_SUBSCRIBE): {
      handleSubscribe(reply, state)
      connection.send({id: ID_AUTHORIZE, method: 'mining.authorize', params: [options.user, options.password]})
      break
    }
    case String(ID_CONFIGURE): {
      handleConfigure(reply, state)
      break
    }
    case String(ID_AUTHORIZE): {
      handleAuthorize(reply, options.user)
      state.authorized = true
      break
    }
    // Replies to ids we never used are ignored.
  }
}

function handleNotification(method: string, params: unknown, state: SessionState): void {
  const list = Array.isArray(params) ? (params as unknown[]) : []
  switch (method) {
    case 'client.reconnect': {
      const [host, port] = list
      const target = host === undefined ? 'the same pool' : `${deviceString(host) ?? '?'}:${deviceString(port) ?? '?'}`
      state.notes.push(`The pool asked to reconnect to ${target}; not followed`)
      break
    }
    case 'client.show_message': {
      state.notes.push(`The pool says: ${deviceString(list[0]) ?? ''}`)
      break
    }
    case 'mining.notify': {
      // A job before the subscribe reply cannot be rebuilt (unknown extranonce); pools resend jobs.
      if (!state.jobForUser && state.extranonce1 !== null) {
        state.job = parseNotify(params, state)
        state.jobAt = performance.now()
        state.jobForUser = state.authorized
      }
      break
    }
    case 'mining.set_difficulty': {
      const difficulty = list[0]
      if (typeof difficulty === 'number' && Number.isFinite(difficulty) && difficulty > 0) state.shareDifficulty = difficulty
      break
    }
    case 'mining.set_extranonce': {
      applyExtranonce(params, state, 'mining.set_extranonce')
      state.notes.push(`The pool changed the extranonce to ${state.extranonce1} (${state.extranonce2Size}-byte extranonce2)`)
      break
    }
    case 'mining.set_version_mask': {
      state.versionMask = deviceString(list[0])
      break
    }
    // Anything else (suggestions, pings) does not matter for reading a job.
  }
}

function describeProgress(state: SessionState): string {
  if (state.extranonce1 === null) return 'did not answer mining.subscribe'
  if (!state.authorized) return 'did not answer mining.authorize'
  return 'sent no job (mining.notify)'
}

function cutLinesNote(state: SessionState): void {
  if (state.oversizedLines > 0) state.notes.push(`${state.oversizedLines} over-long line(s) from the pool were cut off`)
  if (state.garbageLines > 0) state.notes.push(`${state.garbageLines} line(s) from the pool were not JSON and were ignored`)
}

/**
 * Opens the session, reads until the first job for this user (and its share difficulty), closes, and
 * reports. A pool that hangs up on mining.configure (some do on unknown methods) is asked again without it.
 */
export async function readFirstJob(options: StratumSessionOptions): Promise<StratumSessionResult> {
  try {
    return await runSession(options, true)
  } catch (error) {
    if (!(error instanceof ConfigureRefusedError)) throw error
    const result = await runSession(options, false)
    return {...result, notes: ['The pool closed the connection on mining.configure; asked again without it', ...result.notes]}
  }
}

/** The pool hung up before answering anything after mining.configure was sent. */
class ConfigureRefusedError extends SolominerError {}

function newState(): SessionState {
  return {
    authorized: false,
    configureAnswered: false,
    extranonce1: null,
    extranonce2Size: 0,
    garbageLines: 0,
    job: null,
    jobAt: 0,
    jobForUser: false,
    notes: [],
    oversizedLines: 0,
    shareDifficulty: null,
    versionMask: null,
  }
}

async function runSession(options: StratumSessionOptions, versionRolling: boolean): Promise<StratumSessionResult> {
  const {connection, latencyMs} = await connectStratum(options)
  const connectedAt = performance.now()
  const state = newState()
  try {
    connection.send({id: ID_SUBSCRIBE, method: 'mining.subscribe', params: [options.userAgent]})
    if (versionRolling) {
      connection.send({
        id: ID_CONFIGURE,
        method: 'mining.configure',
        params: [['version-rolling'], {'version-rolling.mask': '1fffe000', 'version-rolling.min-bit-count': 2}],
      })
    }
    await readUntilJob(connection, state, options, versionRolling)
  } finally {
    connection.close()
  }
  cutLinesNote(state)
  return {
    job: state.job!,
    latencyMs,
    notes: state.notes,
    shareDifficulty: state.shareDifficulty,
    timeToJobMs: Math.round(state.jobAt - connectedAt),
    versionMask: state.versionMask,
  }
}

async function readUntilJob(
  connection: StratumConnection,
  state: SessionState,
  options: StratumSessionOptions,
  versionRolling: boolean,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs
  let graceUntil = Number.POSITIVE_INFINITY
  for (;;) {
    const ready = state.job !== null && state.authorized
    if (ready && state.jobForUser && state.shareDifficulty !== null) return
    // Wait a little for what is still missing: the share difficulty, or a job made after authorizing.
    if (ready && graceUntil === Number.POSITIVE_INFINITY) graceUntil = Math.min(deadline, Date.now() + GRACE_MS)
    const line = await nextLine(connection, ready ? graceUntil : deadline, options, state, versionRolling && !state.configureAnswered)
    if (line === null) {
      // Deadline, end of the grace period, or the pool hung up after its job.
      if (state.job === null) throw noJobError(connection, options, state)
      if (!state.authorized) state.notes.push('The pool never answered mining.authorize: this job may not be the one made for your user')
      return
    }
    if (line.kind === 'garbage') state.garbageLines++
    else if (line.kind === 'oversized') state.oversizedLines++
    else {
      const {message} = line
      if (typeof message.method === 'string') handleNotification(message.method, message.params, state)
      else handleReply(message, state, options, connection)
    }
  }
}

async function nextLine(
  connection: StratumConnection,
  deadline: number,
  options: StratumSessionOptions,
  state: SessionState,
  configurePending: boolean,
): Promise<StratumLine | null> {
  try {
    return await connection.next(deadline, options.signal)
  } catch (error) {
    if (connection.peerClosed && state.job !== null) return null
    if (connection.peerClosed && configurePending) {
      throw new ConfigureRefusedError('BAD_RESPONSE', `${connection.what} closed the connection on mining.configure`)
    }
    if (connection.peerClosed) {
      cutLinesNote(state)
      throw new SolominerError('BAD_RESPONSE', `${connection.what} closed the connection before sending a job`, {
        suggestions: state.notes.length > 0 ? state.notes : ['Check the pool address, port and TLS setting'],
      })
    }
    throw error
  }
}

function noJobError(connection: StratumConnection, options: StratumSessionOptions, state: SessionState): SolominerError {
  cutLinesNote(state)
  return new SolominerError(
    'TIMEOUT',
    `${connection.what} ${describeProgress(state)} within ${options.timeoutMs} ms`,
    {suggestions: [...state.notes, 'Check that this is a stratum port, or allow more time with --timeout']},
  )
}
