/**
 * Braiins OS pool groups in one shape for both configuration APIs (REST >= 25.07, GraphQL 21.09 to
 * 25.05), and the choice of API per device. This shape is also the native backup format.
 */
import type {AppContext} from '../../context.js'
import {SolominerError} from '../../errors.js'
import {isRecord} from '../../json-value.js'
import type {DeviceCredentials} from '../driver.js'
import type {DeviceAddress} from '../model.js'
import {BraiinsGraphql} from './graphql.js'
import {BraiinsRest} from './rest.js'

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

/** The device's configuration API: REST when it has one, else GraphQL, else null (LuCI-only releases). */
export async function findConfigApi(
  address: DeviceAddress,
  ctx: AppContext,
  credentials: DeviceCredentials | undefined,
): Promise<BosConfigApi | null> {
  const rest = new BraiinsRest(address, ctx, credentials)
  if (await rest.available()) return rest
  const graphql = new BraiinsGraphql(address, ctx, credentials)
  return (await graphql.available()) ? graphql : null
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
