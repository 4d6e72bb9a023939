/**
 * Stock Bitmain firmware (bmminer/cgminer): status from the read-only RPC on 4028, identity from RPC
 * `version` + `get_system_info.cgi`, configuration through the digest-protected CGI web interface.
 */
import type {AppContext} from '../../context.js'
import {SolominerError, errorMessage} from '../../errors.js'
import {cgminerCommands, parseCgminerJson} from '../../net/cgminer.js'
import {isRecord} from '../../json-value.js'
import {deviceString} from '../../text/sanitize.js'
import {type ConfigChange, type Driver, type DriverCallOptions, type ProbeEvidence, type WriteResult, refuseUnwritable} from '../driver.js'
import {HASHBOARD_HEAT_LIMITS} from '../common/heat.js'
import {type DeviceAddress, type DeviceIdentity, type DeviceStatus, normaliseMac} from '../model.js'
import {versionSection} from '../common/cgminer-fields.js'
import {configFromConf, confPoolsFor, setMinerConfBody} from './conf.js'
import {parseBmminerStatus} from './status.js'
import {
  CONFIG_WRITE_TIMEOUT_MS,
  type ConfPool,
  type MinerConf,
  cgi,
  parseMinerConf,
  readMinerConf,
  readSystemInfo,
  reboot,
} from './web.js'

export const driver: Driver = {
  capabilities: {configRead: true, configWrite: ['pools'], locate: false, liveStream: false, restart: true, status: true},
  async checkChange(address, change, ctx, options) {
    refuseUnwritable(change, ['pools'], 'Stock Antminer firmware')
    if (!change.pools) return
    const conf = await readMinerConf(address, ctx, options?.credentials)
    setMinerConfBody(conf, confPoolsFor(change.pools, conf.pools))
  },
  describe: describeAntminer,
  id: 'antminer',
  heatLimits: HASHBOARD_HEAT_LIMITS,
  label: 'Antminer stock firmware (bmminer/cgminer)',
  minPollMs: 5000,
  readConfig: async (address, ctx, options) => configFromConf(await readMinerConf(address, ctx, options?.credentials)),
  readNative: (address, ctx, options) => readMinerConf(address, ctx, options?.credentials),
  readStatus: readAntminerStatus,
  restart: (address, ctx, options) => reboot(address, ctx, options?.credentials),
  restoreNative: (address, native, ctx, options) => {
    const conf = parseMinerConf(JSON.stringify(native), address.host)
    return writeMinerConf(address, conf, conf.pools, ctx, options)
  },
  writeConfig: writeAntminerConfig,
}

async function readAntminerStatus(address: DeviceAddress, ctx: AppContext): Promise<DeviceStatus> {
  const replies = await cgminerCommands(address, ['summary', 'stats', 'pools'], ctx)
  return parseBmminerStatus(replies)
}

/** Only the pools can be changed through the stock web interface without side effects. */
async function writeAntminerConfig(
  address: DeviceAddress,
  change: ConfigChange,
  ctx: AppContext,
  options?: DriverCallOptions,
): Promise<WriteResult> {
  refuseUnwritable(change, ['pools'], 'Stock Antminer firmware')
  if (!change.pools) return {restartRequired: false}
  const conf = await readMinerConf(address, ctx, options?.credentials)
  return writeMinerConf(address, conf, confPoolsFor(change.pools, conf.pools), ctx, options)
}

/** Posts the full conf with `pools` replaced; the firmware restarts bmminer itself. */
async function writeMinerConf(
  address: DeviceAddress,
  conf: MinerConf,
  pools: ConfPool[],
  ctx: AppContext,
  options?: DriverCallOptions,
): Promise<WriteResult> {
  const {body, contentType} = setMinerConfBody(conf, pools)
  const reply = await cgi(address, 'set_miner_conf', ctx, options?.credentials, {
    body,
    contentType,
    method: 'POST',
    timeoutMs: Math.max(ctx.timeoutMs, CONFIG_WRITE_TIMEOUT_MS),
  })
  assertWriteAccepted(reply, address.host)
  return {restartRequired: false}
}

/**
 * Legacy firmware answers `ok` (nothing at all when another change is still being applied); modern
 * firmware answers `{"stats":"success","code":"M000",...}`.
 */
function assertWriteAccepted(reply: string, host: string): void {
  const text = reply.trim()
  if (text === 'ok') return
  let parsed: unknown
  try {
    parsed = parseCgminerJson(text)
  } catch {
    parsed = undefined
  }
  if (isRecord(parsed) && parsed.stats === 'success') return
  const detail = isRecord(parsed) ? deviceString(parsed.msg) ?? deviceString(parsed.code) : deviceString(text, 80)
  throw new SolominerError(
    'DEVICE_ERROR',
    `${host} did not accept the configuration${detail ? `: ${detail}` : ' (empty reply: another change may still be in progress)'}`,
  )
}

async function describeAntminer(
  evidence: ProbeEvidence,
  ctx: AppContext,
  options?: DriverCallOptions,
): Promise<DeviceIdentity> {
  const version = versionSection(evidence.rpcVersion)
  const info = await readSystemInfo(evidence.address, ctx, options?.credentials).catch((error: unknown) => {
    ctx.debug(`${evidence.address.host}: get_system_info.cgi failed: ${errorMessage(error)}`)
    return null
  })
  const firmwareName = version?.BMMiner === undefined && version?.CGMiner !== undefined ? 'cgminer' : 'bmminer'
  return {
    address: evidence.address,
    asic: null,
    driver: 'antminer',
    firmware: firmwareName,
    firmwareVersion: firmwareVersion(version, info),
    hostname: deviceString(info?.hostname),
    mac: normaliseMac(info?.macaddr),
    make: 'Bitmain',
    model: modelName(version?.Type) ?? modelName(info?.minertype) ?? 'Antminer',
  }
}

/** "Antminer S9\nV1.3.58" → "Antminer S9" (some S9 builds append the board revision on a new line). */
function modelName(value: unknown): string | null {
  return typeof value === 'string' ? deviceString(value.split('\n')[0]) : null
}

/** The firmware build date/name from the web when known, else the bmminer/cgminer version. */
function firmwareVersion(version: Record<string, unknown> | null, info: Record<string, unknown> | null): string | null {
  return (
    deviceString(info?.system_filesystem_version) ??
    deviceString(version?.BMMiner) ??
    deviceString(version?.CGMiner) ??
    deviceString(version?.CompileTime)
  )
}

