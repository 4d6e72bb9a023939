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

/** Combines the caller's cancellation signal with a per-attempt deadline. */
export function deadlineSignal(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs)
  return signal ? AbortSignal.any([timeout, signal]) : timeout
}
