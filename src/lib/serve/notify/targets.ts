/**
 * `--notify` URLs in the Apprise style home users know, each turned into the HTTP request that delivers
 * an event there:
 *   json://host[:port]/path, jsons://…, http(s)://…   POST the event JSON
 *   ntfy://[user:pass@]host/topic, ntfys://…, ntfy://topic (on the ntfy base URL)   ntfy publish
 *   discord://webhook_id/webhook_token                 Discord webhook
 *   tgram://bot_token/chat_id                          Telegram Bot API sendMessage
 * The public services' base URLs come from SOLOMINER_NTFY_URL, SOLOMINER_DISCORD_URL and
 * SOLOMINER_TELEGRAM_URL (tests point them at loopback receivers). URLs carry secrets (tokens, topics,
 * passwords): only `display` (text/redact.ts) is ever printed or stored.
 */
import {createHash} from 'node:crypto'

import type {AppContext} from '../../context.js'
import {invalidInput} from '../../errors.js'
import type {HttpRequest} from '../../net/http.js'
import {getSetting, notifyUrlList} from '../../settings/store.js'
import {redactUrl} from '../../text/redact.js'
import type {ServeEvent, ServeEventKind} from '../events.js'

export const DEFAULT_BASE_URLS = {
  discord: 'https://discord.com',
  ntfy: 'https://ntfy.sh',
  telegram: 'https://api.telegram.org',
}

export interface NotifyTarget {
  /** Redacted, for messages: scheme and host, never a token, topic or password. */
  display: string
  /** Stable name of the target in the on-disk queue (a hash: the URL itself is a secret). */
  key: string
  request(event: ServeEvent): HttpRequest
}

const SCHEMES = 'json://, jsons://, http(s)://, ntfy://, ntfys://, discord:// or tgram://'

/** The --notify URLs given, else those of the notify.urls setting (possibly none). */
export async function notifyTargets(flagUrls: string[] | undefined, ctx: AppContext): Promise<NotifyTarget[]> {
  const urls = flagUrls ?? notifyUrlList((await getSetting(ctx, 'notify.urls')) ?? '')
  return urls.map((url) => parseNotifyUrl(url, ctx.env))
}

export function parseNotifyUrl(text: string, env: NodeJS.ProcessEnv): NotifyTarget {
  const trimmed = text.trim()
  const scheme = /^([a-z]+):\/\//i.exec(trimmed)?.[1]?.toLowerCase()
  const rest = trimmed.slice((scheme?.length ?? 0) + 3)
  const key = createHash('sha256').update(trimmed).digest('hex').slice(0, 16)
  const bad = (why: string) => invalidInput(`Invalid --notify URL (${redactUrl(trimmed)}): ${why}`, `Use ${SCHEMES}, e.g. ntfy://ntfy.example.org/miners`)
  const base = (name: keyof typeof DEFAULT_BASE_URLS, variable: string) => (env[variable] || DEFAULT_BASE_URLS[name]).replace(/\/+$/, '')
  switch (scheme) {
    case 'json':
    case 'jsons':
    case 'http':
    case 'https': {
      const url = `${scheme === 'jsons' || scheme === 'https' ? 'https' : 'http'}://${rest}`
      if (!URL.canParse(url) || rest === '') throw bad('expected a host and a path')
      return {display: redactUrl(trimmed), key, request: (event) => ({body: JSON.stringify(event), headers: {'content-type': 'application/json'}, method: 'POST', url})}
    }
    case 'ntfy':
    case 'ntfys': {
      const match = /^(?:([^@/]*)@)?([^/]+)(?:\/([^/?#]+))?\/?$/.exec(rest)
      if (!match) throw bad('expected ntfy://host/topic or ntfy://topic')
      const [, credentials, first, topic] = match
      const url = topic === undefined ? `${base('ntfy', 'SOLOMINER_NTFY_URL')}/${first}` : `${scheme === 'ntfys' ? 'https' : 'http'}://${first}/${topic}`
      const [user, password] = (credentials ?? '').split(':').map(decodeURIComponent)
      const auth = credentials ? {password: password ?? '', user: user!} : undefined
      return {display: redactUrl(trimmed), key, request: (event) => ({auth, ...ntfyPublish(url, event)})}
    }
    case 'discord': {
      const match = /^([^/]+)\/([^/?#]+)\/?$/.exec(rest)
      if (!match) throw bad('expected discord://webhook_id/webhook_token')
      const url = `${base('discord', 'SOLOMINER_DISCORD_URL')}/api/webhooks/${match[1]}/${match[2]}`
      return {
        display: redactUrl(trimmed),
        key,
        request: (event) => ({body: JSON.stringify({content: event.message.slice(0, 2000), username: 'solominer'}), headers: {'content-type': 'application/json'}, method: 'POST', url}),
      }
    }
    case 'tgram': {
      const match = /^([^/]+)\/([^/?#]+)\/?$/.exec(rest)
      if (!match) throw bad('expected tgram://bot_token/chat_id')
      const url = `${base('telegram', 'SOLOMINER_TELEGRAM_URL')}/bot${match[1]}/sendMessage`
      return {
        display: redactUrl(trimmed),
        key,
        request: (event) => ({body: JSON.stringify({chat_id: match[2], text: event.message.slice(0, 4096)}), headers: {'content-type': 'application/json'}, method: 'POST', url}),
      }
    }
    default:
      throw bad(`unknown scheme${scheme ? ` "${scheme}"` : ''}`)
  }
}

/** ntfy priorities: 5 max, 4 high, 3 default. */
const NTFY_PRIORITY: Partial<Record<ServeEventKind, number>> = {'block-found': 5, offline: 4, overheat: 4, 'payout-mismatch': 4}
const NTFY_TAGS: Partial<Record<ServeEventKind, string>> = {
  'best-difficulty': 'chart_with_upwards_trend',
  'block-found': 'tada',
  'hashrate-drop': 'chart_with_downwards_trend',
  offline: 'warning',
  online: 'white_check_mark',
  overheat: 'fire',
  'payout-mismatch': 'rotating_light',
  'pool-changed': 'twisted_rightwards_arrows',
  restarted: 'arrows_counterclockwise',
}

/** ntfy's publish: the message as the body, title, priority and tags as headers (ASCII only). */
function ntfyPublish(url: string, event: ServeEvent): HttpRequest {
  const headers: Record<string, string> = {priority: String(NTFY_PRIORITY[event.event] ?? 3), title: `solominer: ${event.event}`}
  const tags = NTFY_TAGS[event.event]
  if (tags) headers.tags = tags
  return {body: event.message, headers, method: 'POST', url}
}
