/**
 * bosminer/BOSer RPC replies → DeviceStatus: cgminer `summary`/`pools` in MH/s, plus the Braiins
 * `fans` (code 202, FANS[].RPM) and `temps` (code 201, TEMPS[].Board/Chip) commands.
 */
import {cgSection, cgSectionList} from '../../net/cgminer.js'
import {type Fields, maxTemperature, numberField, poolReport} from '../common/cgminer-fields.js'
import {applySummary} from '../common/cgminer-status.js'
import {type DeviceStatus, emptyStatus} from '../model.js'
import {maxOf} from '../../arrays.js'

export interface BosminerReplies {
  fans?: Fields
  pools?: Fields
  summary?: Fields
  temps?: Fields
}

export function parseBosminerStatus(replies: BosminerReplies): DeviceStatus {
  const status = applySummary(emptyStatus(), cgSection(replies.summary, 'SUMMARY'))
  const temps = cgSectionList(replies.temps, 'TEMPS')
  status.temperature = maxTemperature(temps.flatMap((temp) => [numberField(temp, 'Chip'), numberField(temp, 'Board')]))
  const fans = cgSectionList(replies.fans, 'FANS').map((fan) => numberField(fan, 'RPM') ?? 0)
  status.fanRpm = fans.some((rpm) => rpm > 0) ? maxOf(fans) : null
  Object.assign(status, poolReport(cgSectionList(replies.pools, 'POOLS')))
  return status
}

/** "BOSminer 0.2.0-d360818", "BOSer boser-openwrt 0.1.0-11012d53" from the RPC `version` reply. */
export function bosminerVersion(version: Fields | null): string | null {
  for (const key of ['BOSer', 'BOSminer+', 'BOSminer']) {
    const value = version?.[key]
    if (typeof value === 'string' && value.trim() !== '') return `${key} ${value.trim()}`
  }
  return null
}
