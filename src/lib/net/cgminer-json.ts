/**
 * Repair of the broken JSON that cgminer forks really emit (bmminer `}{`, Avalon bare `nan`,
 * btminer trailing commas and `\'` escapes, raw newlines inside strings, S19 `"key" : ,`).
 *
 * The repair is a lexer: it walks the text tracking whether it is inside a string and only edits
 * structural positions, so a string value is never altered (a pool named "poolbinance" stays intact,
 * unlike context-free replaces of `nan`).
 */
import {SolominerError} from '../errors.js'

/** Words that some firmware writes where a number belongs; JSON has no spelling for them. */
const NON_FINITE_WORDS = new Set(['nan', '-nan', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity'])
const JSON_LITERALS = new Set(['true', 'false', 'null'])
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/
const VALID_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])
const CONTROL_ESCAPES: Record<string, string> = {'\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}
const BARE_TOKEN = /[^\s"{}[\],:]/

/**
 * Parses a cgminer reply, repairing it only when plain JSON.parse fails. Several top-level values
 * (`{...}{...}`) become an array. Throws BAD_RESPONSE when even the repaired text is not JSON.
 */
export function parseCgminerJson(raw: string): unknown {
  const text = raw.replace(/\0+$/, '')
  try {
    return JSON.parse(text)
  } catch {
    // Fall through to the repair: most replies are valid and never pay for it.
  }
  const repaired = repairCgminerJson(text)
  try {
    return JSON.parse(repaired)
  } catch (error) {
    throw new SolominerError('BAD_RESPONSE', `The device sent a reply that is not JSON, even after repair: ${snippet(text)}`, {
      cause: error,
    })
  }
}

/** The repaired JSON text (exported for tests and diagnostics). */
export function repairCgminerJson(text: string): string {
  return new Repairer(text).run()
}

class Repairer {
  private readonly out: string[] = []
  /** Nesting depth: 0 between top-level values. */
  private depth = 0
  /** A comma seen but not yet written: dropped before `}`/`]` or after `[`/`{`/`,` (trailing/empty). */
  private pendingComma = false
  /** The last thing written was a complete value (or key), so another value needs a separator. */
  private afterValue = false
  /** The last thing written was `:`, so a value must follow. */
  private afterColon = false
  private topLevelValues = 0
  private position = 0

  constructor(private readonly text: string) {}

  run(): string {
    const {text} = this
    while (this.position < text.length) {
      const char = text[this.position]!
      if (/\s/.test(char)) this.position += 1
      else if (char === '"') this.string()
      else if (char === '{' || char === '[') this.open(char)
      else if (char === '}' || char === ']') this.close(char)
      else if (char === ',') this.comma()
      else if (char === ':') this.colon()
      else this.value(this.readBareToken())
    }
    const body = this.out.join('')
    return this.topLevelValues > 1 ? `[${body}]` : body
  }

  private open(char: '[' | '{'): void {
    this.beforeValue()
    this.out.push(char)
    this.depth += 1
    this.afterValue = false
    this.position += 1
  }

  private close(char: '}' | ']'): void {
    // A key with no value before the end (`"a":}`) gets null; a trailing comma is dropped.
    if (this.afterColon) this.out.push('null')
    this.pendingComma = false
    this.afterColon = false
    this.out.push(char)
    this.depth = Math.max(0, this.depth - 1)
    this.afterValue = true
    this.position += 1
  }

  private comma(): void {
    if (this.afterColon) {
      // `"bitmain-fan-ctrl" : ,` (factory-fresh S19): the value is missing.
      this.out.push('null')
      this.afterColon = false
      this.afterValue = true
    }
    if (this.afterValue) this.pendingComma = true
    this.afterValue = false
    this.position += 1
  }

  private colon(): void {
    this.pendingComma = false
    this.out.push(':')
    this.afterColon = true
    this.afterValue = false
    this.position += 1
  }

  /** Writes the separator a value needs: a pending comma, or a missing one between two values. */
  private beforeValue(): void {
    const missingSeparator = this.afterValue || this.pendingComma
    if (this.depth === 0) {
      if (missingSeparator || this.topLevelValues > 0) this.out.push(',')
      this.topLevelValues += 1
    } else if (missingSeparator && !this.afterColon) {
      this.out.push(',')
    }
    this.pendingComma = false
    this.afterColon = false
  }

  private value(token: string): void {
    this.beforeValue()
    this.out.push(token)
    this.afterValue = true
  }

  private string(): void {
    const {closed, json} = this.readString()
    // A stray quote after the last value (seen in an Avalon 10xx capture) is trailing garbage.
    if (!closed && this.depth === 0) return
    this.value(json)
  }

  /** Reads a string starting at the opening quote and returns it as valid JSON, content unchanged. */
  private readString(): {closed: boolean; json: string} {
    const {text} = this
    const parts = ['"']
    let index = this.position + 1
    let closed = false
    while (index < text.length && !closed) {
      const char = text[index]!
      if (char === '"') {
        index += 1
        closed = true
        continue
      }
      if (char === '\\') {
        const [escaped, length] = repairEscape(text, index)
        parts.push(escaped)
        index += length
        continue
      }
      parts.push(escapeControl(char))
      index += 1
    }
    this.position = index
    parts.push('"')
    return {closed, json: parts.join('')}
  }

  /** Reads a bare word (number, literal, nan/inf) and returns its JSON spelling. */
  private readBareToken(): string {
    const {text} = this
    let end = this.position
    while (end < text.length && BARE_TOKEN.test(text[end]!)) end += 1
    if (end === this.position) end += 1
    const token = text.slice(this.position, end)
    this.position = end
    return bareTokenToJson(token)
  }
}

/** A backslash sequence at `index` as valid JSON, and how many characters it used. */
function repairEscape(text: string, index: number): [string, number] {
  const next = text[index + 1]
  if (next === undefined) return ['\\\\', 1]
  if (VALID_ESCAPES.has(next)) return [`\\${next}`, 2]
  if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) return [text.slice(index, index + 6), 6]
  // `\'` is how btminer writes a quote it meant literally; any other unknown escape keeps its backslash.
  if (next === "'") return ["'", 2]
  return ['\\\\', 1]
}

function escapeControl(char: string): string {
  const code = char.charCodeAt(0)
  if (code >= 0x20) return char
  return CONTROL_ESCAPES[char] ?? `\\u${code.toString(16).padStart(4, '0')}`
}

function bareTokenToJson(token: string): string {
  const lower = token.toLowerCase()
  if (NON_FINITE_WORDS.has(lower)) return 'null'
  if (JSON_LITERALS.has(lower)) return lower
  if (JSON_NUMBER.test(token)) return token
  // Numbers JSON cannot spell (`+1`, `.5`, `1.`, `007`) keep their value; any other word is left as is
  // so that the parse fails: it is not a reply we understand.
  const number = Number(token)
  return token !== '' && Number.isFinite(number) ? String(number) : token
}

function snippet(text: string): string {
  const clean = text.replaceAll(/[^\x20-\x7e]/g, ' ')
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean
}
