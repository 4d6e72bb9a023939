/** `serve` on a terminal: one line per event, e.g. "14:03:07  bitaxe-gamma (192.168.1.50)  went offline (...)". */
import type {ServeEvent, ServeEventKind} from '../lib/serve/events.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import {theme} from './theme.js'

const tone: Partial<Record<ServeEventKind, (text: string) => string>> = {
  'best-difficulty': theme.good,
  'block-found': (text) => theme.good(theme.heading(text)),
  'hashrate-drop': theme.warn,
  offline: theme.bad,
  online: theme.good,
  overheat: theme.bad,
  'payout-mismatch': theme.bad,
  'pool-changed': theme.warn,
  restarted: theme.warn,
}

export function renderServeEvent(event: ServeEvent): string {
  const time = new Date(event.at).toLocaleTimeString('en-GB', {hour12: false})
  const paint = tone[event.event] ?? ((text: string) => text)
  return `${theme.dim(time)}  ${paint(sanitizeText(event.message, 1024))}`
}
