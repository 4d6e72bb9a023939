/**
 * Braiins OS / BOS+ (bosminer, BOSer): status from the cgminer-compatible RPC on 4028; identity from
 * RPC `version` completed by the configuration API; pools through the REST API (>= 25.07) or the
 * GraphQL API (21.09 to 25.05). LuCI-only releases get a clear UNSUPPORTED with what to use instead.
 */
import type {AppContext} from '../../context.js'
import {SolominerError, errorMessage} from '../../errors.js'
import {cgSection, cgminerCommands} from '../../net/cgminer.js'
import {isRecord} from '../../json-value.js'
import {deviceString} from '../../text/sanitize.js'
import {normaliseDevicePoolUrl, versionSection} from '../common/cgminer-fields.js'
import {type ConfigChange, type DeviceConfig, type DeviceCredentials, type Driver, type DriverCallOptions, type ProbeEvidence, type WriteResult, UNKNOWN_PASSWORD, refuseUnwritable} from '../driver.js'
import {devdetailsModel} from '../common/devdetails.js'
import {HASHBOARD_HEAT_LIMITS} from '../common/heat.js'
import {type DeviceAddress, type DeviceIdentity, normaliseMac} from '../model.js'
import {BraiinsGraphql, SYSTEM_INFO} from './graphql.js'
import {type BosConfigApi, type BosPoolGroup, asPoolGroups} from './config-api.js'
import {pointer} from './json.js'
import {BraiinsRest} from './rest.js'
import {bosminerVersion, parseBosminerStatus} from './status.js'

const GROUP_NAME = 'solominer'

export const driver: Driver = {
  capabilities: {configRead: true, configWrite: ['pools'], locate: false, liveStream: false, restart: true, status: true},
  describe: describeBraiins,
  checkChange: async (_address, change) => refuseUnwritable(change, ['pools'], 'Braiins OS'),
  id: 'braiins',
  heatLimits: HASHBOARD_HEAT_LIMITS,
  label: 'Braiins OS / BOS+ (bosminer, BOSer)',
  minPollMs: 5000,
  async readConfig(address, ctx, options) {
    return configFromGroups(await (await configApi(address, ctx, options)).readGroups())
  },
  async readNative(address, ctx, options) {
    return (await configApi(address, ctx, options)).readGroups()
  },
  async readStatus(address, ctx) {
    const replies = await cgminerCommands(address, ['summary', 'pools', 'fans', 'temps'], ctx)
    return parseBosminerStatus(replies)
  },
  async restart(address, ctx, options) {
    await (await configApi(address, ctx, options)).reboot()
  },
  async restoreNative(address, native, ctx, options) {
    const groups = asPoolGroups(native)
    await (await configApi(address, ctx, options)).replaceGroups(groups)
    return {restartRequired: false}
  },
  writeConfig: writeBraiinsConfig,
}

async function writeBraiinsConfig(
  address: DeviceAddress,
  change: ConfigChange,
  ctx: AppContext,
  options?: DriverCallOptions,
): Promise<WriteResult> {
  refuseUnwritable(change, ['pools'], 'Braiins OS')
  if (!change.pools) return {restartRequired: false}
  const api = await configApi(address, ctx, options)
  const kept = change.pools.some((pool) => pool.password === null) ? currentPasswords(await api.readGroups()) : []
  // One group whose pools are tried in order: primary first, then the fallbacks.
  const group: BosPoolGroup = {
    name: GROUP_NAME,
    pools: change.pools.map((pool, index) => ({enabled: true, password: pool.password ?? kept[index] ?? UNKNOWN_PASSWORD, url: pool.url, user: pool.user})),
    quota: 1,
  }
  await api.replaceGroups([group])
  return {restartRequired: false}
}

/**
 * The password of each pool slot in order (every group flattened, as `configFromGroups` numbers the
 * slots); null where the API does not return it (REST), where UNKNOWN_PASSWORD is written instead.
 */
function currentPasswords(groups: BosPoolGroup[]): Array<string | null> {
  return groups.flatMap((group) => group.pools.map((pool) => pool.password))
}

/** The device's configuration API, or UNSUPPORTED naming the version and the alternatives. */
async function configApi(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions): Promise<BosConfigApi> {
  const api = await findConfigApi(address, ctx, options?.credentials)
  if (api) return api
  const version = await rpcVersionText(address, ctx)
  throw new SolominerError(
    'UNSUPPORTED',
    `Configuration is not supported on Braiins OS ${version ?? 'of this age'} (it has neither the REST nor the GraphQL API); use the Braiins OS web interface, or upgrade to a current Braiins OS`,
  )
}

/** Pools of every group in order; `passwordSet` is false where the API does not return passwords. */
function configFromGroups(groups: BosPoolGroup[]): DeviceConfig {
  return {
    coreVoltage: null,
    fan: null,
    frequency: null,
    hostname: null,
    pools: groups.flatMap((group) =>
      group.pools.map((pool) => {
        const url = normaliseDevicePoolUrl(pool.url)
        return {passwordSet: (pool.password ?? '') !== '', tls: url.startsWith('stratum+ssl://'), url, user: deviceString(pool.user) ?? ''}
      }),
    ),
  }
}

interface SystemDetails {
  firmwareVersion: string | null
  hostname: string | null
  mac: string | null
  model: string | null
  plus: boolean
}

/**
 * The identity from the configuration API's details, else (a release without REST or GraphQL, such as
 * BOSminer on an S9) the model from RPC `devdetails`.
 */
async function describeBraiins(evidence: ProbeEvidence, ctx: AppContext, options?: DriverCallOptions): Promise<DeviceIdentity> {
  const details = await readSystemDetails(evidence.address, ctx, options).catch((error: unknown) => {
    ctx.debug(`${evidence.address.host}: Braiins OS details unavailable: ${errorMessage(error)}`)
    return null
  })
  const model = details?.model ?? (await devdetailsModel(evidence.address, ctx))
  return {
    address: evidence.address,
    asic: null,
    driver: 'braiins',
    firmware: details?.plus ? 'Braiins OS+' : 'Braiins OS',
    firmwareVersion: details?.firmwareVersion ?? bosminerVersion(versionSection(evidence.rpcVersion)),
    hostname: details?.hostname ?? null,
    mac: details?.mac ?? null,
    make: 'Braiins',
    model: model ?? 'Braiins OS miner',
  }
}

/** Release, hostname, MAC and model from REST `miner/details` or GraphQL; null without either API. */
async function readSystemDetails(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions): Promise<SystemDetails | null> {
  const api = await findConfigApi(address, ctx, options?.credentials)
  if (api instanceof BraiinsRest) {
    const details = await api.get<unknown>('miner/details')
    if (!isRecord(details)) return null
    return {
      firmwareVersion: deviceString(pointer(details, ['bos_version', 'current'])),
      hostname: deviceString(details.hostname),
      mac: normaliseMac(details.mac_address),
      model: deviceString(pointer(details, ['miner_identity', 'name'])) ?? deviceString(pointer(details, ['miner_identity', 'miner_model'])),
      plus: pointer(details, ['bos_version', 'bos_plus']) === true,
    }
  }
  if (api instanceof BraiinsGraphql) {
    const data = await api.query(SYSTEM_INFO)
    return {
      firmwareVersion: deviceString(pointer(data, ['bos', 'info', 'version', 'full'])),
      hostname: deviceString(pointer(data, ['bos', 'hostname'])),
      mac: null,
      model: deviceString(pointer(data, ['bosminer', 'info', 'modelName'])),
      plus: pointer(data, ['bos', 'info', 'version', 'isPlus']) === true,
    }
  }
  return null
}

async function rpcVersionText(address: DeviceAddress, ctx: AppContext): Promise<string | null> {
  try {
    const replies = await cgminerCommands(address, ['version'], ctx)
    return bosminerVersion(cgSection(replies.version, 'VERSION'))
  } catch {
    return null
  }
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
