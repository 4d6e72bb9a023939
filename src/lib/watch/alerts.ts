/** What `watch` calls out between two readings of the same device. */
import {deviceLabel} from '../status/label.js'
import type {DeviceStatusRow} from '../status/service.js'
import {sanitizeText} from '../text/sanitize.js'

export type WatchAlertKind = 'best-difficulty' | 'block-found' | 'offline' | 'online' | 'overheating'

export interface WatchAlert {
  /** ISO time of the reading that raised it. */
  at: string
  ip: string
  kind: WatchAlertKind
  message: string
  target: string
}

type Row = Pick<
  DeviceStatusRow,
  'alias' | 'bestDifficulty' | 'blocksFound' | 'error' | 'hostname' | 'ip' | 'ok' | 'readAt' | 'target' | 'temperature' | 'warnings'
>

/** Alerts raised by `next` compared with `previous` (undefined on the first reading). */
export function compareReadings(previous: Row | undefined, next: Row): WatchAlert[] {
  const name = deviceLabel(next)
  const alert = (kind: WatchAlertKind, message: string): WatchAlert => ({at: next.readAt, ip: next.ip, kind, message, target: next.target})
  if (!next.ok) {
    if (previous && !previous.ok) return []
    return [alert('offline', `${name} went offline (${offlineReason(next)})`)]
  }
  const alerts: WatchAlert[] = []
  if (previous && !previous.ok) alerts.push(alert('online', `${name} is back online`))
  const wasOk = previous?.ok === true
  if (wasOk && increased(previous.blocksFound, next.blocksFound)) {
    alerts.push(alert('block-found', `${name} FOUND A BLOCK (blocks found: ${next.blocksFound})`))
  }
  if (wasOk && increased(previous.bestDifficulty, next.bestDifficulty)) {
    alerts.push(alert('best-difficulty', `${name} beat its best difficulty: ${previous.bestDifficulty} → ${next.bestDifficulty}`))
  }
  const hotNow = next.warnings.find((warning) => warning.kind === 'overheating')
  const hotBefore = previous?.warnings.some((warning) => warning.kind === 'overheating') ?? false
  if (hotNow && !hotBefore) alerts.push(alert('overheating', `${name}: ${sanitizeText(hotNow.message)}`))
  return alerts
}

/**
 * Why the device is offline, without the address the label already shows: errors name the request
 * ("127.0.0.5:80/api/system/info refused the connection"), a person needs "refused the connection".
 */
function offlineReason({error, ip}: Row): string {
  const message = sanitizeText(error?.message ?? 'no answer')
  const [first, ...rest] = message.split(' ')
  const namesAddress = first!.startsWith(ip) || first!.startsWith(`[${ip}]`)
  return namesAddress && rest.length > 0 ? rest.join(' ') : message
}

function increased(before: number | null, after: number | null): boolean {
  return before !== null && after !== null && after > before
}
