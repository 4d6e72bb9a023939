/**
 * AxeOS live updates over `ws://host/api/ws/live` (2.14+, ESP-Miner (github.com/bitaxeorg/ESP-Miner) main/http_server/websocket.c): the full /info state on
 * connect, then every 500 ms only the keys that changed (objects diffed recursively, arrays whole,
 * removed keys never signalled). We keep the merged state and hand out a full status each time, so
 * `watch` needs no polling (old firmware stalls under tight polling).
 */
import {Agent, WebSocket} from 'undici'

import type {AppContext} from '../../context.js'
import {SolominerError} from '../../errors.js'
import {DEFAULT_MAX_BODY_BYTES} from '../../net/http.js'
import type {LiveHandlers, LiveSubscription} from '../driver.js'
import type {DeviceAddress, DeviceStatus} from '../model.js'
import {axeosUrl} from './client.js'
import {type AxeosInfo, parseStatus} from './parse.js'
import {assertNetworkAllowed} from '../../net/guard.js'
import {isRecord} from '../../json-value.js'

/** Merges a diff into the state: objects key by key, anything else (arrays included) replaced. */
export function mergeLiveUpdate(state: AxeosInfo, diff: Record<string, unknown>): AxeosInfo {
  const merged: AxeosInfo = {...state}
  for (const [key, value] of Object.entries(diff)) {
    const current = merged[key]
    merged[key] = isRecord(value) && isRecord(current) ? mergeLiveUpdate(current, value) : value
  }
  return merged
}

/** The `data` of an `{"event":"update","data":{...}}` frame; null for anything else. */
function updateData(frame: unknown): Record<string, unknown> | null {
  if (typeof frame !== 'string') return null
  try {
    const message = JSON.parse(frame) as {data?: unknown; event?: unknown}
    return message.event === 'update' && isRecord(message.data) ? message.data : null
  } catch {
    return null
  }
}

/**
 * Subscribes to a device's live stream. Resolves once the full state arrived (and `onStatus` was
 * called with it); throws UNSUPPORTED when the firmware has no live endpoint or it did not answer in
 * time, so the caller falls back to polling.
 */
export function subscribeLive(
  address: DeviceAddress,
  ctx: AppContext,
  onStatus: (status: DeviceStatus) => void,
  options: Pick<LiveHandlers, 'onEnd'> = {},
): Promise<LiveSubscription> {
  const url = axeosUrl(address, '/api/ws/live').replace(/^http/, 'ws')
  assertNetworkAllowed(address.host)
  // undici's own cap is 128 MB a message; a live update is a few kB, so the HTTP body cap applies.
  const dispatcher = new Agent({connect: {timeout: ctx.timeoutMs}, webSocket: {maxPayloadSize: DEFAULT_MAX_BODY_BYTES}})
  const socket = new WebSocket(url, {dispatcher})
  socket.addEventListener('close', () => void dispatcher.close())
  let state: AxeosInfo | null = null
  let closedByUs = false
  const close = () => {
    closedByUs = true
    ctx.signal.removeEventListener('abort', close)
    socket.close()
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('no full state within the timeout'), ctx.timeoutMs)
    const fail = (reason: string) => {
      clearTimeout(timer)
      close()
      reject(
        new SolominerError('UNSUPPORTED', `${address.host} offers no live updates (${reason}); AxeOS 2.14 or later has them`, {
          suggestions: ['Status is read by polling instead'],
        }),
      )
    }
    ctx.signal.addEventListener('abort', close, {once: true})
    socket.addEventListener('message', (event) => {
      const data = updateData(event.data)
      if (data === null) return
      const first = state === null
      state = first ? data : mergeLiveUpdate(state!, data)
      onStatus(parseStatus(state))
      if (first) {
        clearTimeout(timer)
        resolve({close})
      }
    })
    socket.addEventListener('error', () => {
      if (state === null) fail('the websocket was refused')
    })
    socket.addEventListener('close', (event) => {
      if (state === null) return fail('the websocket closed')
      if (!closedByUs) options.onEnd?.(event.reason || `closed (code ${event.code})`)
    })
  })
}
