/** Bearer-token protection of the `serve` endpoints (--auth-token-file). */
import {createHash, timingSafeEqual} from 'node:crypto'
import {readFile} from 'node:fs/promises'

import {SolominerError, errorMessage, invalidInput} from '../errors.js'

/** Reads the token (first line, trimmed); an empty or unreadable file is refused. */
export async function readAuthToken(path: string): Promise<string> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new SolominerError('INVALID_INPUT', `Cannot read --auth-token-file ${path}: ${errorMessage(error)}`, {
      cause: error,
      suggestions: ['Create it with e.g. `openssl rand -hex 32 > token && chmod 600 token`'],
    })
  }
  const token = text.split('\n')[0]!.trim()
  if (token === '') throw invalidInput(`--auth-token-file ${path} is empty`, 'Put a long random token on its first line')
  return token
}

/**
 * True when an Authorization header carries the token. Both sides are hashed first so the comparison
 * takes the same time whatever the length or content of the guess.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  const digest = (text: string) => createHash('sha256').update(text).digest()
  // No token sent hashes '', which never equals a (non-empty) token.
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token))
}
