/**
 * MicroBT Whatsminer (btminer): identify and read-only status. btminer answers the cgminer report
 * commands (`summary`, `pools`) and its own `{"cmd":"get_version"}` / `get_miner_info` without a
 * token, with STATUS as a bare string (MicroBT WhatsMiner API v2; pyasic pyasic/rpc/btminer.py). Writes need the token/AES handshake and
 * an API enabled in WhatsMinerTool, so they are not offered.
 */
import type {AppContext} from '../../context.js'
import {errorMessage} from '../../errors.js'
import {cgSection, cgSectionList, cgminerCommands, parseCgminerJson} from '../../net/cgminer.js'
import {isRecord} from '../../json-value.js'
import {tcpExchange} from '../../net/tcp.js'
import {deviceString} from '../../text/sanitize.js'
import {maxTemperature, numberField, poolReport} from '../common/cgminer-fields.js'
import {applySummary} from '../common/cgminer-status.js'
import {devdetailsModel} from '../common/devdetails.js'
import type {Driver} from '../driver.js'
import {HASHBOARD_HEAT_LIMITS} from '../common/heat.js'
import {type DeviceAddress, type DeviceStatus, efficiencyJPerTH, emptyStatus, normaliseMac, toHashesPerSecond} from '../model.js'
import {maxOf} from '../../arrays.js'

export const driver: Driver = {
  capabilities: {configRead: false, configWrite: [], locate: false, liveStream: false, restart: false, status: true},
  async describe(evidence, ctx) {
    const [version, info, model] = await Promise.all([
      btminerMessage(evidence.address, 'get_version', ctx),
      btminerMessage(evidence.address, 'get_miner_info', ctx),
      devdetailsModel(evidence.address, ctx),
    ])
    return {
      address: evidence.address,
      asic: null,
      driver: 'whatsminer',
      firmware: 'btminer',
      firmwareVersion: deviceString(version?.fw_ver),
      hostname: deviceString(info?.hostname),
      mac: normaliseMac(info?.mac),
      make: 'MicroBT',
      model: model === null ? 'Whatsminer' : `Whatsminer ${model}`,
    }
  },
  id: 'whatsminer',
  heatLimits: HASHBOARD_HEAT_LIMITS,
  label: 'MicroBT Whatsminer (identify and status only)',
  minPollMs: 10_000,
  async readStatus(address, ctx) {
    const replies = await cgminerCommands(address, ['summary', 'pools'], ctx)
    return parseWhatsminerStatus(replies.summary, replies.pools)
  },
}

/** The `Msg` object of a btminer `{"cmd": ...}` reply, or null when the firmware does not answer it. */
export async function btminerMessage(
  address: DeviceAddress,
  command: string,
  ctx: AppContext,
): Promise<Record<string, unknown> | null> {
  try {
    const raw = await tcpExchange({
      host: address.host,
      payload: JSON.stringify({cmd: command}),
      port: address.rpcPort,
      signal: ctx.signal,
      timeoutMs: ctx.timeoutMs,
      until: 'nul',
    })
    const reply = parseCgminerJson(raw)
    return isRecord(reply) && reply.STATUS === 'S' && isRecord(reply.Msg) ? reply.Msg : null
  } catch (error) {
    ctx.debug(`${address.host}: btminer ${command} failed: ${errorMessage(error)}`)
    return null
  }
}

/** btminer summary: MH/s hashrates, `Power` in W, chip/board temperatures, inlet/outlet fans. */
export function parseWhatsminerStatus(
  summaryReply: Record<string, unknown> | undefined,
  poolsReply: Record<string, unknown> | undefined,
): DeviceStatus {
  const summary = cgSection(summaryReply, 'SUMMARY')
  const status = applySummary(emptyStatus(), summary)
  const factory = numberField(summary, 'Factory GHS')
  status.expectedHashrate = factory === null ? null : toHashesPerSecond(factory, 1e9)
  status.power = numberField(summary, 'Power')
  status.temperature = maxTemperature([numberField(summary, 'Chip Temp Max'), numberField(summary, 'Temperature')])
  const fans = [numberField(summary, 'Fan Speed In'), numberField(summary, 'Fan Speed Out')].filter((rpm) => rpm !== null)
  status.fanRpm = maxOf(fans)
  Object.assign(status, poolReport(cgSectionList(poolsReply, 'POOLS')))
  status.efficiency = efficiencyJPerTH(status.power, status.hashrate)
  return status
}
