/**
 * Strings from devices, pools, APIs and local files are untrusted: anything on the LAN can put terminal
 * escape sequences in a hostname, or a right-to-left override in a firmware version so that "1.0<RLO>live"
 * reads "1.0evil". The one set of rules for what may reach a terminal or a --json reader lives here:
 * - terminal escape sequences (CSI, OSC, other ESC sequences, C1 CSI) are removed whole;
 * - every control character (Unicode Cc: C0, DEL, C1) except tab is removed;
 * - every format character (Unicode Cf) is removed: bidi controls (U+202A-U+202E, U+2066-U+2069,
 *   U+200E/U+200F, U+061C), zero-width characters (U+200B-U+200D, U+2060, U+FEFF), soft hyphens, tags...
 *   This includes the zero-width joiner inside emoji sequences: a family emoji shows as its separate
 *   people, which is harmless, while a joiner kept for emoji could hide text anywhere else;
 * - line and paragraph separators (U+2028, U+2029) and lone surrogates are removed.
 * User input gets the same rules the other way round: `refuseHiddenCharacters` refuses such a value
 * (exit 2) before anything is sent or saved.
 */

import {invalidInput} from '../errors.js'

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other ESC sequences, then C1 CSI.
// eslint-disable-next-line no-control-regex
const escapeSequences = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-_]|\u009B[0-?]*[ -/]*[@-~]/g
/** Controls but tab, format characters, line/paragraph separators and lone surrogates. */
const hiddenCharacters = /(?!\t)[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu
/** The same, newline kept: for whole rendered blocks of output. */
const hiddenInOutput = /(?![\t\n])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu
// Colour (SGR) sequences, the only escapes our own renderers write into human output.
// eslint-disable-next-line no-control-regex
const colourSequence = /\u001B\[[0-9;]*m/g
const COLOUR_PLACEHOLDER = '\u{F0000}'

export const DEFAULT_MAX_TEXT_LENGTH = 256

/** Removes escape sequences, control and format characters, and caps the length (with an ellipsis). */
export function sanitizeText(value: unknown, maxLength = DEFAULT_MAX_TEXT_LENGTH): string {
  const text = stripHidden(String(value ?? ''))
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text
}

function stripHidden(text: string): string {
  return text.replaceAll(escapeSequences, '').replaceAll(hiddenCharacters, '')
}

/** A device string, or null when it is absent or empty after cleaning. */
export function deviceString(value: unknown, maxLength = DEFAULT_MAX_TEXT_LENGTH): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string' && typeof value !== 'number') return null
  const text = sanitizeText(value, maxLength).trim()
  return text === '' ? null : text
}

/**
 * The last pass over a rendered block of human output (several lines, our own colours): keeps
 * newlines, tabs and colour sequences, removes every other escape and hidden character, whatever
 * path a string took to get there.
 */
export function sanitizeOutput(text: string): string {
  const colours: string[] = []
  const kept = text.replaceAll(COLOUR_PLACEHOLDER, '').replaceAll(colourSequence, (sequence) => {
    if (conceals(sequence)) return ''
    colours.push(sequence)
    return COLOUR_PLACEHOLDER
  })
  let index = 0
  return kept
    .replaceAll(escapeSequences, '')
    .replaceAll(hiddenInOutput, '')
    .replaceAll(COLOUR_PLACEHOLDER, () => colours[index++] ?? '')
}

/** SGR 8 (conceal) makes text invisible: never ours, so never kept. Colour arguments (38;5;8) are skipped. */
function conceals(sequence: string): boolean {
  const params = sequence.slice(2, -1).split(';')
  for (let index = 0; index < params.length; index++) {
    const param = params[index]
    if (param === '38' || param === '48') index += params[index + 1] === '2' ? 4 : 2
    else if (param === '8') return true
  }
  return false
}

/**
 * Every string (keys too) of a JSON-shaped value cleaned as `sanitizeText` does, uncapped: what a
 * --json reader gets. Numbers, booleans and null are left as they are.
 */
export function sanitizeJson(value: unknown): unknown {
  if (typeof value === 'string') return stripHidden(value)
  if (Array.isArray(value)) return value.map((item) => sanitizeJson(item))
  if (typeof value !== 'object' || value === null) return value
  if (typeof (value as {toJSON?: unknown}).toJSON === 'function') return sanitizeJson((value as {toJSON(): unknown}).toJSON())
  const clean: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) clean[stripHidden(key)] = sanitizeJson(item)
  return clean
}

/** The first hidden character of `value` (escape, control or format character), or null. */
export function findHiddenCharacter(value: string): string | null {
  const match = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u.exec(value)
  return match ? match[0] : null
}

/** "U+202E" for a character, as errors name it (the character itself would do what it hides). */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Refuses user input that carries a control or format character (tab included: no name, URL, user or
 * password needs one), naming it by code point; `what` says which value ("alias", "pool user"...).
 * Nothing has been sent or saved when this throws (exit 2).
 */
export function refuseHiddenCharacters(value: string, what: string): string {
  const hidden = findHiddenCharacter(value)
  if (hidden === null) return value
  throw invalidInput(
    `The ${what} "${sanitizeText(value, 128)}" contains the invisible or control character ${codePointName(hidden)}, which could hide what it really says: nothing was sent or saved`,
    `Type the ${what} again without it`,
  )
}
