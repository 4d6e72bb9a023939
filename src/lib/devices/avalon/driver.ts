/**
 * Canaan Avalon (Nano 3 / 3S, Mini 3, Avalon Q and the cgminer 4.11.1 fork generally): everything over
 * the cgminer RPC on 4028, which this firmware serves to any client (Canaan's cgminer fork; pyasic pyasic/miners/backends/avalonminer.py).
 * Status: summary + pools + stats (the `MM ID` module strings). Config: pools via `setpool` (applied
 * after a reboot), fan via `ascset`.
 */
import type {AppContext} from '../../context.js'
import {invalidInput} from '../../errors.js'
import {type CgminerReply, cgSection, cgSectionList, cgminerCommand, cgminerCommands} from '../../net/cgminer.js'
import {deviceString} from '../../text/sanitize.js'
import {byPriority, poolReport, versionSection} from '../common/cgminer-fields.js'
import {applySummary, poolSlots} from '../common/cgminer-status.js'
import type {ConfigChange, DeviceConfig, Driver, DriverCallOptions, PoolSetting, ProbeEvidence, WriteResult} from '../driver.js'
import {HASHBOARD_HEAT_LIMITS} from '../common/heat.js'
import {type DeviceAddress, type DeviceIdentity, type DeviceStatus, efficiencyJPerTH, emptyStatus, normaliseMac} from '../model.js'
import {applyModules, mmModules} from './mm.js'
import {fillAvalonSlots, rebootAvalon, setAvalonFan, validateAvalonChange, webLogin, writeAvalonPools} from './write.js'

/** `MODEL` in the version reply → marketing name. */
const MODEL_NAMES: Record<string, string> = {
  mini3: 'Avalon Mini 3',
  nano3: 'Avalon Nano 3',
  nano3s: 'Avalon Nano 3S',
  q: 'Avalon Q',
}

/** The native backup: the pool list as the device reports it (passwords where it shows them). */
export interface AvalonNative {
  format: 'avalon-pools'
  pools: PoolSetting[]
}

export const driver: Driver = {
  capabilities: {configRead: true, configWrite: ['pools', 'fan'], locate: false, liveStream: false, restart: true, status: true},
  checkChange: async (_address, change, _ctx, options) => validateAvalonChange(change, webLogin(options?.credentials)),
  describe: describeAvalon,
  id: 'avalon',
  heatLimits: HASHBOARD_HEAT_LIMITS,
  label: 'Canaan Avalon (Nano 3/3S, Mini 3, Avalon Q)',
  minPollMs: 5000,
  // Avalon writes all its slots and cannot empty one; its `pools` reply lists the running pools, and
  // `setpool` applies at the next reboot.
  poolSlots: {asWritten: fillAvalonSlots, limit: () => null, shownOnlyAfterRestart: true},
  readConfig: readAvalonConfig,
  readNative: readAvalonNative,
  readStatus: readAvalonStatus,
  restart: (address, ctx) => rebootAvalon(address, ctx),
  restoreNative: restoreAvalonNative,
  writeConfig: writeAvalonConfig,
}

async function describeAvalon(evidence: ProbeEvidence, ctx: AppContext): Promise<DeviceIdentity> {
  const {address} = evidence
  const version = versionSection(evidence.rpcVersion) ?? cgSection(await cgminerCommand(address, 'version', ctx), 'VERSION')
  return {
    address,
    asic: await readAsic(address, ctx),
    driver: 'avalon',
    firmware: 'Canaan cgminer',
    firmwareVersion: deviceString(version?.LVERSION ?? version?.VERSION ?? version?.CGVERSION),
    hostname: null,
    mac: normaliseMac(version?.MAC),
    make: 'Canaan',
    model: modelName(version),
  }
}

export function modelName(version: Record<string, unknown> | null): string {
  const model = deviceString(version?.MODEL)
  const known = model === null ? undefined : MODEL_NAMES[model.toLowerCase()]
  return known ?? deviceString(version?.PROD) ?? (model === null ? 'Avalon' : `Avalon ${model}`)
}

/** The chip model (`Core[A3197S]` in the module string); null when the firmware does not say. */
async function readAsic(address: DeviceAddress, ctx: AppContext): Promise<string | null> {
  try {
    const modules = mmModules(cgSectionList(await cgminerCommand(address, 'stats', ctx), 'STATS'))
    return deviceString(modules.find((fields) => fields.Core !== undefined)?.Core)
  } catch {
    return null
  }
}

async function readAvalonStatus(address: DeviceAddress, ctx: AppContext): Promise<DeviceStatus> {
  return avalonStatus(await cgminerCommands(address, ['summary', 'pools', 'stats'], ctx))
}

/** The uniform status from the `summary`, `pools` and `stats` replies. */
export function avalonStatus(replies: Record<string, CgminerReply>): DeviceStatus {
  const fromSummary = applySummary(emptyStatus(), cgSection(replies.summary, 'SUMMARY'))
  const status = applyModules(fromSummary, mmModules(cgSectionList(replies.stats, 'STATS')))
  return {
    ...status,
    efficiency: efficiencyJPerTH(status.power, status.hashrate),
    ...poolReport(cgSectionList(replies.pools, 'POOLS')),
  }
}

async function readAvalonConfig(address: DeviceAddress, ctx: AppContext): Promise<DeviceConfig> {
  const pools = cgSectionList(await cgminerCommand(address, 'pools', ctx), 'POOLS')
  // The firmware reports neither its fan mode nor its clocks over the API.
  return {coreVoltage: null, fan: null, frequency: null, hostname: null, pools: poolSlots(pools)}
}

async function readAvalonNative(address: DeviceAddress, ctx: AppContext): Promise<AvalonNative> {
  const pools = byPriority(cgSectionList(await cgminerCommand(address, 'pools', ctx), 'POOLS'))
  const slots = poolSlots(pools)
  return {
    format: 'avalon-pools',
    pools: slots.map((slot, index) => ({password: deviceString(pools[index]!.Password) ?? '', url: slot.url, user: slot.user})),
  }
}

async function writeAvalonConfig(
  address: DeviceAddress,
  change: ConfigChange,
  ctx: AppContext,
  options?: DriverCallOptions,
): Promise<WriteResult> {
  const login = webLogin(options?.credentials)
  validateAvalonChange(change, login)
  if (change.pools !== undefined) await writeAvalonPools(address, change.pools, login, ctx)
  if (change.fan !== undefined) await setAvalonFan(address, change.fan, ctx)
  return {restartRequired: change.pools !== undefined}
}

async function restoreAvalonNative(
  address: DeviceAddress,
  native: unknown,
  ctx: AppContext,
  options?: DriverCallOptions,
): Promise<WriteResult> {
  return writeAvalonConfig(address, {pools: nativePools(native)}, ctx, options)
}

function nativePools(native: unknown): PoolSetting[] {
  const value = native as Partial<AvalonNative> | null
  const pools = value?.format === 'avalon-pools' && Array.isArray(value.pools) ? value.pools : []
  const usable = pools.filter((pool) => typeof pool?.url === 'string' && pool.url !== '' && typeof pool.user === 'string')
  if (usable.length === 0) throw invalidInput('This backup holds no Avalon pool list to restore')
  return usable.map((pool) => ({password: typeof pool.password === 'string' ? pool.password : '', url: pool.url, user: pool.user}))
}
