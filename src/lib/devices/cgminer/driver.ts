/**
 * Generic cgminer driver: read-only status for any miner that speaks the cgminer RPC but matched no
 * make-specific signature. Best effort by design: it reads only the standard report sections.
 */
import type {AppContext} from '../../context.js'
import {cgSection, cgminerCommand, cgminerCommands} from '../../net/cgminer.js'
import {deviceString} from '../../text/sanitize.js'
import type {Driver, ProbeEvidence} from '../driver.js'
import {HASHBOARD_HEAT_LIMITS} from '../common/heat.js'
import {type DeviceAddress, type DeviceIdentity, type DeviceStatus, efficiencyJPerTH, normaliseMac} from '../model.js'
import {versionSection} from '../common/cgminer-fields.js'
import {standardStatus} from '../common/cgminer-status.js'

export const driver: Driver = {
  capabilities: {configRead: false, configWrite: [], locate: false, liveStream: false, restart: false, status: true},
  describe: describeCgminer,
  id: 'cgminer',
  heatLimits: HASHBOARD_HEAT_LIMITS,
  label: 'cgminer-compatible miners (read-only)',
  minPollMs: 5000,
  readStatus: readCgminerStatus,
}

async function describeCgminer(evidence: ProbeEvidence, ctx: AppContext): Promise<DeviceIdentity> {
  const reply = evidence.rpcVersion === undefined ? await cgminerCommand(evidence.address, 'version', ctx) : undefined
  const version = reply === undefined ? versionSection(evidence.rpcVersion) : cgSection(reply, 'VERSION')
  return {
    address: evidence.address,
    asic: null,
    driver: 'cgminer',
    firmware: minerProgram(version)?.toLowerCase() ?? 'cgminer',
    firmwareVersion: deviceString(version?.[minerProgram(version) ?? 'CGMiner']),
    hostname: null,
    mac: normaliseMac(version?.MAC),
    make: 'Unknown',
    model: firstLine(version?.Type ?? version?.PROD ?? version?.MODEL) ?? 'cgminer-compatible miner',
  }
}

/** The VERSION key naming the miner program (`CGMiner`, `BMMiner`, `BFGMiner`, `SGMiner`). */
function minerProgram(version: Record<string, unknown> | null): string | undefined {
  return Object.keys(version ?? {}).find((name) => /^(?:cg|bm|bfg|sg)miner$/i.test(name))
}

async function readCgminerStatus(address: DeviceAddress, ctx: AppContext): Promise<DeviceStatus> {
  const status = standardStatus(await cgminerCommands(address, ['summary', 'pools', 'devs'], ctx))
  return {...status, efficiency: efficiencyJPerTH(status.power, status.hashrate)}
}

/** bmminer puts the hardware revision on a second line of `Type` ("Antminer S9\nV1.3.58"). */
function firstLine(value: unknown): string | null {
  return deviceString(typeof value === 'string' ? value.split('\n')[0] : value)
}
