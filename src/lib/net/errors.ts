import {setMaxListeners} from 'node:events'

import {SolominerError} from '../errors.js'

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
])
const timeoutCodes = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL'])

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const {code, cause} = error as {cause?: unknown; code?: unknown}
  if (typeof code === 'string') return code
  return cause === undefined ? undefined : errorCode(cause)
}

/**
 * Maps a low-level socket/undici/abort error to a SolominerError, in one place for HTTP and TCP.
 * `what` names the peer for the user ("192.168.1.50:80", "Bitcoin node at http://127.0.0.1:8332").
 */
export function toNetworkError(error: unknown, what: string, timeoutMs?: number): SolominerError {
  if (error instanceof SolominerError) return error
  const name = (error as {name?: string} | undefined)?.name
  const code = errorCode(error)
  if (name === 'TimeoutError' || (code !== undefined && timeoutCodes.has(code))) {
    return new SolominerError('TIMEOUT', `${what} did not answer within ${timeoutMs ?? '?'} ms`, {
      cause: error,
      suggestions: ['Check that it is powered on and reachable', 'Allow more time with --timeout'],
    })
  }
  if (code !== undefined && dnsCodes.has(code)) {
    return new SolominerError('HOST_UNREACHABLE', `${what}: host name not found`, {
      cause: error,
      suggestions: ['Check the spelling, or use the IP address instead'],
    })
  }
  if (code === 'ECONNREFUSED') {
    return new SolominerError('HOST_UNREACHABLE', `${what} refused the connection`, {
      cause: error,
      suggestions: ['Check the address and port, and that the service is running'],
    })
  }
  if (code !== undefined && unreachableCodes.has(code)) {
    return new SolominerError('HOST_UNREACHABLE', `${what} is unreachable (${code})`, {
      cause: error,
      suggestions: ['Check that it is powered on and on this network'],
    })
  }
  return new SolominerError('HOST_UNREACHABLE', `${what}: ${(error as Error)?.message ?? String(error)}`, {
    cause: error,
  })
}

/** The abort reason of a deadline: `toNetworkError` turns it into TIMEOUT. */
export function timeoutReason(): Error {
  return Object.assign(new Error('timeout'), {name: 'TimeoutError'})
}

export interface Deadline {
  /** Stops the timer and lets go of the parent signals; call it when the exchange is over. */
  clear(): void
  /** Aborted when the time is up (reason: `timeoutReason()`) or when any parent signal aborts (its reason). */
  signal: AbortSignal
}

/**
 * A deadline for one exchange, also following the caller's cancellation signals. A plain timer holds it,
 * not `AbortSignal.timeout` inside `AbortSignal.any`: Node 20 lets the garbage collector take a timeout
 * signal that only a composite signal refers to, and the deadline then never fires (a host trickling its
 * body one byte a second held `status` until the host hung up). `timeoutMs` undefined: parents only;
 * `reason` makes the abort reason when the time is up.
 */
export function startDeadline(
  timeoutMs: number | undefined,
  parents: (AbortSignal | undefined)[] = [],
  reason: () => unknown = timeoutReason,
): Deadline {
  const controller = new AbortController()
  // It may in turn be the parent of every request of a scan: many listeners are expected, not a leak.
  setMaxListeners(0, controller.signal)
  const linked = parents.filter((parent): parent is AbortSignal => parent !== undefined)
  const onParentAbort = (event: Event) => abort((event.target as AbortSignal).reason)
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => abort(reason()), timeoutMs)
  function clear() {
    clearTimeout(timer)
    for (const parent of linked) parent.removeEventListener('abort', onParentAbort)
  }
  function abort(reason: unknown) {
    clear()
    controller.abort(reason)
  }
  for (const parent of linked) {
    if (parent.aborted) {
      abort(parent.reason)
      break
    }
    parent.addEventListener('abort', onParentAbort, {once: true})
  }
  return {clear, signal: controller.signal}
}
