/**
 * Worker-name templates in a pool user (`bc1q….{hostname}`): checked when the user is given, expanded
 * per device when the pool is written, so every miner shows up under its own worker name.
 */
import {invalidInput} from '../errors.js'

/** What a worker name is made of (a device identity has these fields, and the inventory the alias). */
export interface WorkerDevice {
  address: {host: string}
  /** The name the user gave the device (`devices alias`): `{hostname}` is this name when there is one. */
  alias?: string | null
  hostname: string | null
  mac: string | null
}

export const WORKER_TEMPLATES = ['{hostname}', '{mac}', '{ip}'] as const

/** Throws for a `{name}` that is not a known template (a typo would otherwise reach the pool). */
export function checkUserTemplate(user: string): void {
  for (const match of user.matchAll(/\{[^}]*\}?/g)) {
    if (!(WORKER_TEMPLATES as readonly string[]).includes(match[0])) {
      throw invalidInput(`Unknown template ${match[0]} in the user "${user}"`, `Templates: ${WORKER_TEMPLATES.join(' ')}`)
    }
  }
}

/** Characters a worker name keeps; the rest of a device string becomes "-". */
function workerSafe(text: string): string {
  return text.replaceAll(/[^a-z0-9-]/gi, '-')
}

/**
 * Expands `{hostname}` (the device's alias when it has one, else its hostname), `{mac}` (12 hex digits,
 * no separators) and `{ip}` for one device. A device without either name gets its MAC there, and without
 * a MAC its IP with dashes (127-0-0-1: a dot separates the account from the worker), so every worker
 * name stays unique. Every slot of a device expands alike: its primary and fallback share a worker name.
 */
export function expandUserTemplate(user: string, identity: WorkerDevice): string {
  const ip = identity.address.host
  const mac = identity.mac?.replaceAll(':', '') ?? null
  const name = identity.alias ?? identity.hostname
  const hostname = name === null ? null : workerSafe(name)
  return user
    .replaceAll('{hostname}', hostname ?? mac ?? workerSafe(ip))
    .replaceAll('{mac}', mac ?? workerSafe(ip))
    .replaceAll('{ip}', ip)
}
