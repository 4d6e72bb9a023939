/**
 * Identification signatures: data, not scattered ifs. Each says which driver a host belongs to, where to
 * look in the probe evidence, and what to look for. Each family declares its own in its
 * `devices/<family>/discovery.ts`; the registry puts them in the order they are tried (`SIGNATURES`).
 */
import type {DriverId} from './model.js'

/** Where a signature looks. */
export type SignatureSource =
  /** Body of `GET /` on the HTTP port (any status). */
  | 'http-body'
  /** `WWW-Authenticate` header of a 401 answer to `GET /`. */
  | 'http-realm'
  /** `Location` header of a 3xx answer to `GET /`, matched as `<status> <location>`. */
  | 'http-redirect'
  /** Top-level keys of `GET /api/system/info` (AxeOS family), matched as a space-separated key list. */
  | 'info-keys'
  /** Upper-cased raw reply of the RPC `version` (then `devdetails`) command on the RPC port. */
  | 'rpc'

export interface Signature {
  driver: DriverId
  /** firmware/make/model are used when the driver cannot complete the identity (wrong credentials...). */
  firmware: string
  make: string
  model: string
  pattern: RegExp
  source: SignatureSource
}

/** The text each source contributes, gathered by identify.ts. */
export type SignatureInputs = Partial<Record<SignatureSource, string>>

/** The first signature (in table order) whose pattern matches its source, or null. */
export function matchSignature(inputs: SignatureInputs, table: readonly Signature[]): Signature | null {
  for (const signature of table) {
    const text = inputs[signature.source]
    if (text !== undefined && signature.pattern.test(text)) return signature
  }
  return null
}
