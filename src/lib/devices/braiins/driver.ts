/**
 * Braiins OS / BOS+ (bosminer, BOSer): status from the cgminer-compatible RPC on 4028; identity from
 * RPC `version` completed by the REST API's miner details; configuration through the REST API
 * (>= 25.07). Older releases configure pools through GraphQL/LuCI, which solominer does not write:
 * those get a clear UNSUPPORTED with what to use instead.
 */
import type {AppContext} from '../../context.js'
import {SolominerError, errorMessage} from '../../errors.js'
import {cgSection, cgminerCommands, isRecord} from '../../net/cgminer.js'
import {deviceString} from '../../text/sanitize.js'
import {normaliseDevicePoolUrl, versionSection} from '../antminer/cgminer-fields.js'
import type {ConfigChange, DeviceConfig, Driver, DriverCallOptions, PoolSetting, ProbeEvidence, WriteResult} from '../driver.js'
import {type DeviceAddress, type DeviceIdentity, normaliseMac} from '../model.js'
import {BraiinsRest, type RestPoolGroupConfiguration} from './rest.js'
import {bosminerVersion, parseBosminerStatus} from './status.js'

/** A pool group as `GET /api/v1/pools/` returns it (passwords are never returned). */
interface RestPoolGroup {
  name: string
  pools: Array<{enabled?: boolean; url: string; user: string}>
}

const GROUP_NAME = 'solominer'

export const driver: Driver = {
  capabilities: {configRead: true, configWrite: ['pools'], identifyLed: false, liveStream: false, restart: true, status: true},
  describe: describeBraiins,
  id: 'braiins',
  label: 'Braiins OS / BOS+ (bosminer, BOSer)',
  async readConfig(address, ctx, options) {
    return configFromGroups(await readGroups(await restSession(address, ctx, options)))
  },
  async readNative(address, ctx, options) {
    return readGroups(await restSession(address, ctx, options))
  },
  async readStatus(address, ctx) {
    const replies = await cgminerCommands(address, ['summary', 'pools', 'fans', 'temps'], ctx)
    return parseBosminerStatus(replies)
  },
  async restart(address, ctx, options) {
    await (await restSession(address, ctx, options)).put('actions/reboot')
  },
  async restoreNative(address, native, ctx, options) {
    if (!Array.isArray(native)) throw new SolominerError('CONFIG_INVALID', 'The Braiins OS backup is not a pool group list')
    const groups = (native as RestPoolGroup[]).map((group) => groupConfiguration(group.name, group.pools.map((pool) => ({password: '', ...pool}))))
    await (await restSession(address, ctx, options)).put('pools/batch', groups)
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
  const unsupported = Object.keys(change).filter((key) => key !== 'pools')
  if (unsupported.length > 0) {
    throw new SolominerError('UNSUPPORTED', `Braiins OS: solominer changes only pools, not ${unsupported.join(', ')}`)
  }
  if (!change.pools) return {restartRequired: false}
  const rest = await restSession(address, ctx, options)
  // One group whose pools are tried in order: primary first, then the fallbacks.
  await rest.put('pools/batch', [groupConfiguration(GROUP_NAME, change.pools)])
  return {restartRequired: false}
}

function groupConfiguration(name: string, pools: PoolSetting[]): RestPoolGroupConfiguration {
  return {
    load_balance_strategy: {quota: {value: 1}},
    name,
    pools: pools.map((pool) => ({enabled: true, password: pool.password, url: pool.url, user: pool.user})),
  }
}

/** A REST session, or UNSUPPORTED naming the version and the alternatives when there is no REST API. */
async function restSession(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions): Promise<BraiinsRest> {
  const rest = new BraiinsRest(address, ctx, options?.credentials)
  if (await rest.available()) return rest
  const version = await rpcVersionText(address, ctx)
  throw new SolominerError(
    'UNSUPPORTED',
    `Configuration is not supported on Braiins OS ${version ?? 'before 25.07'} (it has no REST API); use the Braiins OS web interface or Braiins Toolbox, or upgrade to Braiins OS 25.07 or later`,
  )
}

async function readGroups(rest: BraiinsRest): Promise<RestPoolGroup[]> {
  const groups = await rest.get<unknown>('pools/')
  if (!Array.isArray(groups) || !groups.every((group) => isRecord(group) && Array.isArray(group.pools))) {
    throw new SolominerError('BAD_RESPONSE', 'Braiins OS sent an unexpected pool list')
  }
  return groups as RestPoolGroup[]
}

/** Pools of every group in order; the API never returns passwords, so `passwordSet` is unknown (false). */
function configFromGroups(groups: RestPoolGroup[]): DeviceConfig {
  return {
    coreVoltage: null,
    fan: null,
    frequency: null,
    hostname: null,
    pools: groups.flatMap((group) =>
      group.pools.map((pool) => {
        const url = normaliseDevicePoolUrl(pool.url)
        return {passwordSet: false, tls: url.startsWith('stratum+ssl://'), url, user: deviceString(pool.user) ?? ''}
      }),
    ),
  }
}

async function describeBraiins(evidence: ProbeEvidence, ctx: AppContext, options?: DriverCallOptions): Promise<DeviceIdentity> {
  const rpc = bosminerVersion(versionSection(evidence.rpcVersion))
  const details = await readDetails(evidence.address, ctx, options)
  const identity = isRecord(details?.miner_identity) ? details.miner_identity : null
  const bosVersion = isRecord(details?.bos_version) ? details.bos_version : null
  return {
    address: evidence.address,
    asic: null,
    driver: 'braiins',
    firmware: bosVersion?.bos_plus === true ? 'Braiins OS+' : 'Braiins OS',
    firmwareVersion: deviceString(bosVersion?.current) ?? rpc,
    hostname: deviceString(details?.hostname),
    mac: normaliseMac(details?.mac_address),
    make: 'Braiins',
    model: deviceString(identity?.name) ?? deviceString(identity?.miner_model) ?? 'Braiins OS miner',
  }
}

/** `GET /api/v1/miner/details` when the REST API is there and the login works; null otherwise. */
async function readDetails(address: DeviceAddress, ctx: AppContext, options?: DriverCallOptions) {
  try {
    const rest = new BraiinsRest(address, ctx, options?.credentials)
    if (!(await rest.available())) return null
    const details = await rest.get<unknown>('miner/details')
    return isRecord(details) ? details : null
  } catch (error) {
    ctx.debug(`${address.host}: Braiins OS miner details unavailable: ${errorMessage(error)}`)
    return null
  }
}

async function rpcVersionText(address: DeviceAddress, ctx: AppContext): Promise<string | null> {
  try {
    const replies = await cgminerCommands(address, ['version'], ctx)
    return bosminerVersion(cgSection(replies.version, 'VERSION'))
  } catch {
    return null
  }
}
