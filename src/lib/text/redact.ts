/**
 * Secrets in URLs, hidden in one place wherever a URL is shown, stored in a message or logged: a
 * password in the userinfo, a bot token or webhook in a notify URL's host or path, an ntfy topic.
 * Patterns rather than URL parsing, so that a URL too malformed to parse is redacted as well.
 */

/** Notify schemes whose host part is itself a secret: `tgram://BOT_TOKEN/chat`, `discord://WEBHOOK_ID/token`. */
const SECRET_HOST_SCHEMES = new Set(['discord', 'tgram'])
const URL_PARTS = /^([a-z][\w+.-]*):\/\/(?:[^\s@/]*@)?([^\s/?#]*)/i
const URL_IN_TEXT = /\b[a-z][\w+.-]*:\/\/[^\s"'<>]+/gi

/** `http://u:pw@host` → `http://u:***@host`: the rest of the URL is kept (settings such as node.url). */
export function redactUrlPassword(text: string): string {
  return text.replace(/\b([a-z][\w+.-]*:\/\/[^\s:/?#@]*):[^\s/?#]*@/gi, '$1:***@')
}

/**
 * A URL that may carry secrets anywhere (notify, MQTT): its scheme and host only, `/…` when there was
 * more; `…` for the host too where the host is a token (tgram, discord) or a bare ntfy topic.
 */
export function redactUrl(url: string): string {
  const text = url.trim()
  const match = URL_PARTS.exec(text)
  if (!match) return '…'
  const scheme = match[1]!.toLowerCase()
  const more = text.length > match[0].length
  const bareTopic = (scheme === 'ntfy' || scheme === 'ntfys') && !more
  if (SECRET_HOST_SCHEMES.has(scheme) || bareTopic) return `${scheme}://…`
  return `${scheme}://${match[2]}${more ? '/…' : ''}`
}

/** Every URL inside a message (an error from a request, a library's complaint) redacted as `redactUrl` does. */
export function redactUrls(text: string): string {
  return text.replaceAll(URL_IN_TEXT, (url) => redactUrl(url))
}

/**
 * A message about a request to `url` (an error: "host:port/bot123:TOKEN/sendMessage refused the connection")
 * without the URL's secrets: its path and query, user and password, in whatever form the message has them.
 */
export function redactRequestError(message: string, url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null
  const secrets = parsed ? [`${parsed.pathname}${parsed.search}`, parsed.pathname, parsed.search, parsed.password, parsed.username] : []
  const variants = secrets.filter((secret) => secret.length > 1).flatMap((secret) => [secret, safeDecode(secret)])
  let text = redactUrls(message)
  for (const secret of [...new Set(variants)].sort((a, b) => b.length - a.length)) text = text.replaceAll(secret, secret.startsWith('/') ? '/…' : '…')
  return text
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
