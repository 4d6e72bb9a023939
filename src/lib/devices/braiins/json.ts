/** Small readers for the JSON the Braiins OS APIs answer with. */
import {isRecord} from '../../json-value.js'
import type {BosPoolGroup} from './config-api.js'

/** The parsed value, or undefined when the text is not JSON. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The value at `path` inside nested objects, or undefined. */
export function pointer(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), value)
}

/**
 * One pool group of a REST or GraphQL reply. Values are kept verbatim (they are the native backup,
 * written back as they were); the uniform model sanitises them when it reads them.
 */
export function poolGroupFrom(group: Record<string, unknown>, quota: unknown): BosPoolGroup {
  const pools = Array.isArray(group.pools) ? group.pools.filter(isRecord) : []
  return {
    name: text(group.name),
    pools: pools.map((pool) => ({
      enabled: pool.enabled !== false,
      // REST never returns passwords.
      password: typeof pool.password === 'string' ? pool.password : null,
      url: text(pool.url),
      user: text(pool.user),
    })),
    quota: typeof quota === 'number' && Number.isInteger(quota) && quota > 0 ? quota : 1,
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
