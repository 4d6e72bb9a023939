/**
 * The one error model of solominer. `src/lib` throws SolominerError for everything a user can act on
 * (bad input, unreachable node, device refusing); anything else is a bug and is shown with its stack
 * only under --verbose / DEBUG.
 */

/** Documented process exit codes (README "Exit codes"). Stable: scripts depend on them. */
export const ExitCode = {
  Ok: 0,
  /** Unexpected internal error (a bug). */
  Failure: 1,
  /** Bad flags, arguments or input values. Nothing was changed. */
  Usage: 2,
  /**
   * The local settings/inventory/profile files are unreadable, invalid or too large, or a file or device
   * stayed locked by another solominer for longer than the lock wait.
   */
  Config: 3,
  /** A node, API, pool or device could not be reached (refused, timed out, DNS). */
  Unreachable: 4,
  /** A device, node or API answered, but with an error or something we cannot use. */
  Device: 5,
  /** A fleet operation where some devices failed and others succeeded. */
  PartialFailure: 6,
  /** A configuration write was not applied as asked (read-back differs). */
  NotVerified: 7,
  /** `pool check`: the pool's coinbase does not pay the given address. */
  DoesNotPayYou: 8,
  /** `pool check`: the coinbase pays the given address only part of the reward (below --min-share). */
  PaysYouPartly: 9,
  /** The user refused a confirmation, or a prompt was needed without a TTY. */
  Aborted: 10,
  /** Ctrl-C. */
  Interrupted: 130,
} as const
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** Stable machine-readable error codes (shown as `error.code` under --json). */
export type ErrorCode =
  | 'ABORTED'
  | 'AMBIGUOUS_TARGET'
  | 'API_ERROR'
  | 'AUTH_FAILED'
  | 'BAD_RESPONSE'
  | 'CONFIG_INVALID'
  | 'DEVICE_ERROR'
  | 'DOES_NOT_PAY_YOU'
  | 'HOST_UNREACHABLE'
  | 'IDENTITY_CHANGED'
  | 'INTERRUPTED'
  | 'INVALID_ADDRESS'
  | 'INVALID_INPUT'
  | 'LOCKED'
  | 'NODE_STARTING'
  | 'NO_DEVICES'
  | 'NOT_VERIFIED'
  | 'PARTIAL_FAILURE'
  | 'RATE_LIMITED'
  | 'RESPONSE_TOO_LARGE'
  | 'TIMEOUT'
  | 'UNKNOWN_TARGET'
  | 'UNSUPPORTED'
  | 'USAGE'

export interface SolominerErrorOptions {
  cause?: unknown
  exitCode?: ExitCodeValue
  /** An outcome the user chose (a declined confirmation): printed as information, not as "Error:". */
  informational?: boolean
  suggestions?: string[]
}

const defaultExitCode: Record<ErrorCode, ExitCodeValue> = {
  ABORTED: ExitCode.Aborted,
  AMBIGUOUS_TARGET: ExitCode.Usage,
  API_ERROR: ExitCode.Device,
  AUTH_FAILED: ExitCode.Device,
  BAD_RESPONSE: ExitCode.Device,
  CONFIG_INVALID: ExitCode.Config,
  DEVICE_ERROR: ExitCode.Device,
  DOES_NOT_PAY_YOU: ExitCode.DoesNotPayYou,
  HOST_UNREACHABLE: ExitCode.Unreachable,
  IDENTITY_CHANGED: ExitCode.Device,
  INTERRUPTED: ExitCode.Interrupted,
  INVALID_ADDRESS: ExitCode.Usage,
  INVALID_INPUT: ExitCode.Usage,
  LOCKED: ExitCode.Config,
  NODE_STARTING: ExitCode.Device,
  NO_DEVICES: ExitCode.Usage,
  NOT_VERIFIED: ExitCode.NotVerified,
  PARTIAL_FAILURE: ExitCode.PartialFailure,
  RATE_LIMITED: ExitCode.Unreachable,
  RESPONSE_TOO_LARGE: ExitCode.Device,
  TIMEOUT: ExitCode.Unreachable,
  UNKNOWN_TARGET: ExitCode.Usage,
  UNSUPPORTED: ExitCode.Device,
  USAGE: ExitCode.Usage,
}

export class SolominerError extends Error {
  override name = 'SolominerError'
  readonly exitCode: ExitCodeValue
  readonly informational: boolean
  readonly suggestions: string[]

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: SolominerErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.exitCode = options.exitCode ?? defaultExitCode[code]
    this.informational = options.informational ?? false
    this.suggestions = options.suggestions ?? []
  }

  /** The stable JSON form printed under --json. */
  toJSON(): DeviceError {
    return {code: this.code, exitCode: this.exitCode, message: this.message, suggestions: this.suggestions}
  }
}

/**
 * One device's failure kept as data (the `error` of a status row, a push or restart result, a serve
 * offline event): the stable JSON form of a SolominerError.
 */
export interface DeviceError {
  code: ErrorCode
  exitCode: ExitCodeValue
  message: string
  suggestions: string[]
}

/** Any thrown value as a per-device error; what is not a SolominerError is the device's (DEVICE_ERROR). */
export function toDeviceError(error: unknown): DeviceError {
  if (isSolominerError(error)) return error.toJSON()
  return {code: 'DEVICE_ERROR', exitCode: ExitCode.Device, message: errorMessage(error), suggestions: []}
}

export function isSolominerError(error: unknown): error is SolominerError {
  return error instanceof SolominerError
}

/** Shorthand for the most common case: the user typed something we cannot accept. */
export function invalidInput(message: string, ...suggestions: string[]): SolominerError {
  return new SolominerError('INVALID_INPUT', message, {suggestions})
}

/** A one-line description of any thrown value, for per-device error fields. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** One device's outcome in a command that works on several: its error (failed or refused) and whether it failed. */
export interface DeviceOutcome {
  error?: {exitCode: number}
  failed: boolean
}

/**
 * The one exit-code policy of every command that works on devices: 130 when Ctrl-C interrupted any
 * device; 0 when none failed; when every device has an error, the code they share (so one device ends
 * with its own: 4 unreachable, 5 refused or unsupported, 7 not applied), else 5; 6 when some failed and
 * others did not.
 */
export function devicesExitCode(outcomes: DeviceOutcome[]): ExitCodeValue {
  const codes = outcomes.flatMap((outcome) => (outcome.error ? [outcome.error.exitCode as ExitCodeValue] : []))
  if (codes.includes(ExitCode.Interrupted)) return ExitCode.Interrupted
  if (codes.length > 0 && codes.length === outcomes.length) return codes.every((code) => code === codes[0]) ? codes[0]! : ExitCode.Device
  return outcomes.some((outcome) => outcome.failed) ? ExitCode.PartialFailure : ExitCode.Ok
}
