/** What `watch` calls out between two readings of the same device. */
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
  'bestDifficulty' | 'blocksFound' | 'error' | 'hostname' | 'ip' | 'ok' | 'readAt' | 'target' | 'temperature' | 'warnings'
>

/** Alerts raised by `next` compared with `previous` (undefined on the first reading). */
export function compareReadings(previous: Row | undefined, next: Row): WatchAlert[] {
  const name = sanitizeText(next.hostname ?? next.target, 48)
  const alert = (kind: WatchAlertKind, message: string): WatchAlert => ({at: next.readAt, ip: next.ip, kind, message, target: next.target})
  if (!next.ok) {
    if (previous && !previous.ok) return []
    return [alert('offline', `${name} is offline: ${sanitizeText(next.error?.message ?? 'no answer')}`)]
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

function increased(before: number | null, after: number | null): boolean {
  return before !== null && after !== null && after > before
}
