/**
 * What solominer needs from a Braiins OS configuration API, and the pool groups in one shape for both
 * (REST >= 25.07, GraphQL 21.09 to 25.05). This shape is also the native backup format.
 */
import {SolominerError} from '../../errors.js'
import {isRecord} from '../../json-value.js'

export interface BosPool {
  enabled: boolean
  /** null when the API does not return it (REST never does). */
  password: string | null
  url: string
  user: string
}

export interface BosPoolGroup {
  name: string
  pools: BosPool[]
  quota: number
}

/** What solominer needs from a configuration API. */
export interface BosConfigApi {
  readGroups(): Promise<BosPoolGroup[]>
  reboot(): Promise<void>
  /** Replaces every group and makes bosminer use them. */
  replaceGroups(groups: BosPoolGroup[]): Promise<void>
}

/** Pool groups read back from a backup file, checked before anything is written. */
export function asPoolGroups(value: unknown): BosPoolGroup[] {
  const valid =
    Array.isArray(value) &&
    value.every(
      (group) =>
        isRecord(group) &&
        typeof group.name === 'string' &&
        typeof group.quota === 'number' &&
        Array.isArray(group.pools) &&
        group.pools.every((pool) => isRecord(pool) && typeof pool.url === 'string' && typeof pool.user === 'string'),
    )
  if (!valid) throw new SolominerError('CONFIG_INVALID', 'The Braiins OS backup is not a pool group list')
  return value as BosPoolGroup[]
}
