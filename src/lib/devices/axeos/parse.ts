/**
 * Parsing of `GET /api/system/info` (and `/api/system/asic`) of every AxeOS generation and fork into the
 * uniform model. Field history: ESP-Miner's /api/system/info across releases (main/http_server/http_server.c) and its forks — hashrates in GH/s, `bestDiff` an SI string up to
 * 2.10 and a number since 2.11, booleans as 0/1 or true/false, NerdQAxe's `deviceModel`/`stratum{}`,
 * stock Lucky Miner's `minerModel`.
 */
import {parseSiNumber} from '../../units.js'
import {formatPoolUrl} from '../../pools/url.js'
import {deviceString} from '../../text/sanitize.js'
import {
  type DeviceAddress,
  type DeviceIdentity,
  type DeviceStatus,
  type DeviceWarning,
  type HashrateAverage,
  type PoolInUse,
  type ReportedPool,
  efficiencyJPerTH,
  emptyStatus,
  normaliseMac,
  plausibleFigure,
  toHashesPerSecond,
} from '../model.js'
import {maxOf} from '../../arrays.js'

export type AxeosInfo = Record<string, unknown>

/** Upstream ESP-Miner (and forks keeping its API), shufps' NerdQAxe firmware, or stock Lucky Miner. */
export type AxeosFlavour = 'axeos' | 'luckyminer' | 'nerdqaxe'

const GH = 1e9

/** A number, or a numeric/SI string ("4.29G"); null otherwise. */
export function numberField(value: unknown): number | null {
  return parseSiNumber(value)
}

/** 0/1, true/false (and "0"/"1"), as the firmware mixes them; null when absent. */
export function flagField(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value
  const number = parseSiNumber(value)
  return number === null ? null : number !== 0
}

/** Whether a document looks like an AxeOS-family /info: a hashrate and an ASIC model. */
export function isAxeosInfo(value: unknown): value is AxeosInfo {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const info = value as AxeosInfo
  return typeof info.hashRate === 'number' && typeof info.ASICModel === 'string' && info.ASICModel !== ''
}

export function flavourOf(info: AxeosInfo): AxeosFlavour {
  if ('minerModel' in info) return 'luckyminer'
  if (('deviceModel' in info || 'hostip' in info) && !('axeOSVersion' in info)) return 'nerdqaxe'
  return 'axeos'
}

/** `stratumURL` as users typed it (host, sometimes with a scheme or `:port`) → normalised URL, or null. */
export function poolUrl(rawHost: unknown, rawPort: unknown, tls: boolean): string | null {
  const text = deviceString(rawHost)
  if (text === null) return null
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(text)
  const secure = tls || (scheme !== null && /ssl|tls/i.test(scheme[1]!))
  const rest = scheme ? text.slice(scheme[0].length) : text
  const withPort = /^(.*?):(\d{1,5})\/?$/.exec(rest)
  const host = (withPort ? withPort[1]! : rest.replace(/\/+$/, '')).toLowerCase()
  const port = numberField(rawPort) || (withPort ? Number(withPort[2]) : null)
  if (host === '' || port === null || port <= 0) return null
  return formatPoolUrl(host, port, secure)
}

/**
 * The pool slots (primary, then fallback) and the pool the device mines on now: the fallback's fields
 * when it runs on the fallback.
 */
export function poolReport(info: AxeosInfo): {pool: PoolInUse | null; pools: ReportedPool[]} {
  const stratum = info.stratum as {usingFallback?: unknown} | undefined
  const usingFallback = flagField(info.isUsingFallbackStratum) ?? flagField(stratum?.usingFallback) ?? false
  const slots = (['stratum', 'fallbackStratum'] as const).flatMap((prefix) => {
    const url = poolUrl(info[`${prefix}URL`], info[`${prefix}Port`], flagField(info[`${prefix}TLS`]) ?? false)
    const active = usingFallback === (prefix === 'fallbackStratum')
    return url === null ? [] : [{active, prefix, url, user: deviceString(info[`${prefix}User`]) ?? ''}]
  })
  const inUse = slots.find((slot) => slot.active)
  return {
    pool: inUse ? {fallback: usingFallback, url: inUse.url, user: inUse.user} : null,
    pools: slots.map(({active, url, user}) => ({active, url, user})),
  }
}

function averages(info: AxeosInfo): HashrateAverage[] {
  const labels: Array<[string, string]> = [
    ['hashRate_1m', '1m'],
    ['hashRate_10m', '10m'],
    ['hashRate_1h', '1h'],
    ['hashRate_1d', '1d'],
  ]
  return labels.flatMap(([key, label]) => {
    const value = numberField(info[key])
    return value === null ? [] : [{hashrate: toHashesPerSecond(value, GH), label}]
  })
}

function hottest(...values: unknown[]): number | null {
  const temperatures = values.map((value) => numberField(value)).filter((value): value is number => value !== null && value > 0)
  return maxOf(temperatures)
}

function warnings(info: AxeosInfo): DeviceWarning[] {
  const list: DeviceWarning[] = []
  if (flagField(info.overheat_mode)) {
    list.push({kind: 'overheating', message: 'Overheat protection tripped: mining stopped and the fan runs at 100 % until it cools down'})
  }
  const powerFault = deviceString(info.power_fault)
  if (powerFault) list.push({kind: 'power-fault', message: `Power fault: ${powerFault}`})
  const hardwareFault = deviceString(info.hardware_fault)
  if (hardwareFault) list.push({kind: 'hardware-fault', message: `Hardware fault: ${hardwareFault}`})
  const fanPercent = plausibleFigure(numberField(info.fanspeed), 'fanPercent')
  if (numberField(info.fanrpm) === 0 && fanPercent !== null && fanPercent > 0) {
    list.push({kind: 'fan-fault', message: `The fan reports 0 RPM while driven at ${fanPercent} %`})
  }
  const blocks = plausibleFigure(numberField(info.blockFound ?? info.foundBlocks), 'blocks') ?? 0
  if (blocks > 0) list.push({kind: 'block-found', message: `This device has found ${blocks} block${blocks === 1 ? '' : 's'}`})
  return list
}

/** Live figures in canonical units (H/s, W, °C). */
export function parseStatus(info: AxeosInfo): DeviceStatus {
  const status = emptyStatus()
  const hashRate = numberField(info.hashRate)
  const expected = numberField(info.expectedHashrate)
  status.hashrate = hashRate === null ? null : toHashesPerSecond(hashRate, GH)
  status.expectedHashrate = expected === null ? null : toHashesPerSecond(expected, GH)
  status.hashrateAverages = averages(info)
  status.power = numberField(info.power)
  status.efficiency = efficiencyJPerTH(status.power, status.hashrate)
  // Upstream `temp` is the average of the chips and `temp2` a second sensor; NerdQAxe `temp` is already the max.
  status.temperature = hottest(info.temp, info.temp2)
  status.vrTemperature = hottest(info.vrTemp)
  status.fanRpm = numberField(info.fanrpm)
  status.fanPercent = numberField(info.fanspeed ?? info.fanSpeed)
  status.sharesAccepted = numberField(info.sharesAccepted)
  status.sharesRejected = numberField(info.sharesRejected)
  status.bestDifficulty = numberField(info.bestDiff)
  status.bestSessionDifficulty = numberField(info.bestSessionDiff)
  status.blocksFound = numberField(info.blockFound ?? info.foundBlocks)
  status.uptimeSeconds = numberField(info.uptimeSeconds)
  Object.assign(status, poolReport(info))
  status.warnings = warnings(info)
  return status
}

/** Upstream family names by board number (swarm.component.ts, device_config.h). */
function familyFromBoard(board: string): string | null {
  if (board === '2.2' || board.startsWith('1')) return 'Max'
  if (board === '0.11' || board.startsWith('2')) return 'Ultra'
  if (board === '301_') return 'LV06'
  if (board.startsWith('3')) return 'Hex'
  if (board.startsWith('4')) return 'Supra'
  if (board === '650') return 'GammaDuo'
  if (board.startsWith('6')) return 'Gamma'
  if (board.startsWith('7')) return 'SupraHex'
  if (board.startsWith('8')) return 'GammaTurbo'
  return null
}

/** Before boardVersion (2.0), the ASIC names the board. */
const familyByAsic: Record<string, string> = {BM1366: 'Ultra', BM1368: 'Supra', BM1370: 'Gamma', BM1397: 'Max'}

const LUCKY_MODELS = /^LV\d/i

/** Make, model and firmware family of an AxeOS-family device from /info and (when it has one) /asic. */
export function parseIdentity(address: DeviceAddress, info: AxeosInfo, asic: Record<string, unknown> | null): DeviceIdentity {
  const flavour = flavourOf(info)
  const asicModel = deviceString(info.ASICModel) ?? deviceString(asic?.ASICModel)
  const common = {
    address,
    asic: asicModel,
    driver: 'axeos' as const,
    firmwareVersion: deviceString(info.version),
    hostname: deviceString(info.hostname),
    mac: normaliseMac(info.macAddr),
  }
  if (flavour === 'luckyminer') {
    return {...common, firmware: 'Lucky Miner', make: 'Lucky Miner', model: deviceString(info.minerModel) ?? 'Lucky Miner'}
  }
  if (flavour === 'nerdqaxe') {
    const model = deviceString(info.deviceModel) ?? deviceString(asic?.deviceModel) ?? 'NerdQAxe'
    return {...common, firmware: 'NerdQAxe', make: /^NerdAxe/i.test(model) ? 'NerdAxe' : 'NerdQAxe', model}
  }
  const board = deviceString(info.boardVersion)
  const family =
    deviceString(asic?.deviceModel) ?? (board ? familyFromBoard(board) : null) ?? (asicModel ? familyByAsic[asicModel] : undefined) ?? null
  if (family !== null && LUCKY_MODELS.test(family)) return {...common, firmware: 'AxeOS', make: 'Lucky Miner', model: family}
  const model = family === null ? 'AxeOS miner' : board && /^\d/.test(board) ? `${family} ${board}` : family
  return {...common, firmware: 'AxeOS', make: 'Bitaxe', model}
}

/** `version` → [major, minor, patch] ("v2.15.0", "v2.4.5-3-gb5d1e36-dirty", "2.13.0b1"); null if unparsable. */
export function parseVersion(info: AxeosInfo): [number, number, number] | null {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(String(info.version ?? ''))
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : null
}

/** Whether this upstream-API firmware is at least `major.minor` (forks: judged by their upstream base). */
export function versionAtLeast(info: AxeosInfo, major: number, minor: number): boolean {
  const version = parseVersion(info)
  if (version === null) return false
  return version[0] > major || (version[0] === major && version[1] >= minor)
}
