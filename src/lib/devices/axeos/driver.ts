/**
 * The AxeOS / ESP-Miner family driver: Bitaxe (every ASIC, firmware 2.0 → 2.15+), NerdQAxe/NerdAxe and
 * Lucky Miner LV06/07/08 ports. Everything goes through the HTTP API on the device's web port.
 */
import type {AppContext} from '../../context.js'
import {SolominerError} from '../../errors.js'
import {type DeviceCredentials, type Driver, type DriverCallOptions, POOLS_AS_WRITTEN, type SafeOptions, type WriteResult} from '../driver.js'
import type {DeviceAddress} from '../model.js'
import {axeosGetJson, axeosRequest, axeosWrite, statusError} from './client.js'
import {type AxeosWrite, buildPatch, configFromInfo, isAxeosNative, nativeFromInfo, restoreBody} from './config.js'
import {type AxeosInfo, flavourOf, isAxeosInfo, parseIdentity, parseStatus, parseVersion, versionAtLeast} from './parse.js'
import {builtInOptions, optionsFromAsic} from './safe-options.js'

async function readInfo(address: DeviceAddress, ctx: AppContext): Promise<AxeosInfo> {
  const info = await axeosGetJson(address, '/api/system/info', ctx)
  if (!isAxeosInfo(info)) {
    throw new SolominerError('BAD_RESPONSE', `${address.host} answered /api/system/info without a hashrate and ASIC model: not an AxeOS miner`)
  }
  return info
}

/** `/api/system/asic` (2.7+); null where the firmware has none (404, 302 to the UI, not JSON). */
async function readAsic(address: DeviceAddress, info: AxeosInfo, ctx: AppContext): Promise<Record<string, unknown> | null> {
  // Upstream before 2.7 has none: spare old web servers a request. Forks number their versions differently.
  if (flavourOf(info) === 'axeos' && parseVersion(info) !== null && !versionAtLeast(info, 2, 7)) return null
  try {
    return await axeosGetJson(address, '/api/system/asic', ctx)
  } catch (error) {
    if (error instanceof SolominerError && ['API_ERROR', 'BAD_RESPONSE', 'DEVICE_ERROR', 'UNSUPPORTED'].includes(error.code)) return null
    throw error
  }
}

async function patch(address: DeviceAddress, write: AxeosWrite, ctx: AppContext, credentials?: DeviceCredentials): Promise<WriteResult> {
  if (Object.keys(write.body).length === 0) return {restartRequired: false}
  await axeosWrite(address, {body: write.body, credentials, method: 'PATCH', path: '/api/system'}, ctx)
  return {restartRequired: write.restartRequired}
}

export const driver: Driver = {
  capabilities: {
    configRead: true,
    configWrite: ['pools', 'fan', 'temp-target', 'frequency', 'voltage', 'hostname'],
    locate: true,
    liveStream: true,
    restart: true,
    status: true,
  },
  async describe(evidence, ctx) {
    const info = await readInfo(evidence.address, ctx)
    return parseIdentity(evidence.address, info, await readAsic(evidence.address, info, ctx))
  },
  id: 'axeos',
  // ESP-Miner throttles at 75 °C chip / 105 °C regulator (main/power_management_task.c THROTTLE_TEMP,
  // TPS546_THROTTLE_TEMP).
  heatLimits: {chip: 75, vr: 105},
  label: 'AxeOS (Bitaxe, NerdQAxe, Lucky Miner)',
  // ESP-Miner before the live websocket: its web server became unresponsive under frequent polling.
  minPollMs: 15_000,
  // AxeOS reports every pool slot its firmware has (an empty fallback as ''), so the slots it reports are
  // all it can hold: AxeOS before 2.3 has no fallback.
  poolSlots: {...POOLS_AS_WRITTEN, limit: (current) => Math.max(1, current.pools.length)},
  // ESP-Miner hands NVS writes to a background save task (main/nvs_config.c, nvs_save_queue), so a read
  // right after the PATCH can show the old value for a moment; it keeps the frequency as a float
  // (NVS_CONFIG_ASIC_FREQUENCY), which may come back rounded.
  readBack: {attempts: 6, frequencyToleranceMhz: 0.5, pauseMs: 250},
  async locate(address, ctx, options?: DriverCallOptions) {
    const request = {credentials: options?.credentials, method: 'POST', path: '/api/system/identify'} as const
    const response = await axeosRequest(address, request, ctx)
    if (response.status >= 200 && response.status < 300) return
    if (response.status === 404 || response.status === 302) {
      throw new SolominerError('UNSUPPORTED', `${address.host} cannot blink to identify itself: AxeOS 2.12 or later can`)
    }
    throw statusError(address, request.path, response, request.method)
  },
  async readConfig(address, ctx) {
    return configFromInfo(await readInfo(address, ctx))
  },
  async readNative(address, ctx) {
    return nativeFromInfo(await readInfo(address, ctx))
  },
  async readStatus(address, ctx) {
    return parseStatus(await readInfo(address, ctx))
  },
  async restart(address, ctx, options) {
    await axeosWrite(address, {credentials: options?.credentials, method: 'POST', path: '/api/system/restart'}, ctx)
  },
  async restoreNative(address, native, ctx, options) {
    if (!isAxeosNative(native)) throw new SolominerError('CONFIG_INVALID', 'The backup is not an AxeOS settings backup')
    return patch(address, restoreBody(await readInfo(address, ctx), native), ctx, options?.credentials)
  },
  async safeOptions(address, ctx): Promise<SafeOptions | null> {
    const info = await readInfo(address, ctx)
    return optionsFromAsic(await readAsic(address, info, ctx)) ?? builtInOptions(info)
  },
  async subscribeLive(address, identity, ctx, handlers) {
    // Upstream AxeOS 2.14+ pushes /api/ws/live (ESP-Miner main/http_server/websocket.c); forks and older firmware are polled.
    if (identity.firmware !== 'AxeOS' || !versionAtLeast({version: identity.firmwareVersion}, 2, 14)) return null
    const {subscribeLive} = await import('./live.js')
    return subscribeLive(address, ctx, handlers.onStatus, {onEnd: handlers.onEnd})
  },
  async checkChange(address, change, ctx) {
    buildPatch(await readInfo(address, ctx), change)
  },
  async writeConfig(address, change, ctx, options) {
    return patch(address, buildPatch(await readInfo(address, ctx), change), ctx, options?.credentials)
  },
}
