/**
 * Strings from devices, pools and APIs are untrusted: anything on the LAN can put terminal escape
 * sequences in a hostname or a pool URL. Everything shown to a human goes through here.
 */

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other ESC sequences, then C0/C1 controls but tab.
// eslint-disable-next-line no-control-regex
const escapeSequences = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-_]|\u009B[0-?]*[ -/]*[@-~]/g
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g

export const DEFAULT_MAX_TEXT_LENGTH = 256

/** Removes escape sequences and control characters and caps the length (with an ellipsis). */
export function sanitizeText(value: unknown, maxLength = DEFAULT_MAX_TEXT_LENGTH): string {
  const text = String(value ?? '')
    .replaceAll(escapeSequences, '')
    .replaceAll(controlCharacters, '')
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text
}

/** A device string, or null when it is absent or empty after cleaning. */
export function deviceString(value: unknown, maxLength = DEFAULT_MAX_TEXT_LENGTH): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string' && typeof value !== 'number') return null
  const text = sanitizeText(value, maxLength).trim()
  return text === '' ? null : text
}
