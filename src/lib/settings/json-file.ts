/**
 * Versioned JSON documents in the user's config/data directories (settings, inventory, profiles,
 * backups): validated on read, written atomically (temp file + rename) with mode 0600, because they can
 * hold RPC passwords and device credentials.
 */
import {randomBytes} from 'node:crypto'
import {chmod, mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises'
import {dirname} from 'node:path'

import {SolominerError} from '../errors.js'

export interface VersionedDocument {
  version: number
}

/**
 * Reads a versioned JSON document. A missing file gives `fallback`; an unreadable, invalid or
 * newer-versioned file is a CONFIG_INVALID error naming the file.
 */
export async function readJsonDocument<T extends VersionedDocument>(
  path: string,
  fallback: T,
  validate: (value: unknown) => T,
): Promise<T> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback
    throw new SolominerError('CONFIG_INVALID', `Cannot read ${path}: ${(error as Error).message}`, {cause: error})
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw invalidFile(path, 'it is not valid JSON', error)
  }
  if (typeof value !== 'object' || value === null || typeof (value as VersionedDocument).version !== 'number') {
    throw invalidFile(path, 'it has no "version" field')
  }
  if ((value as VersionedDocument).version > fallback.version) {
    throw new SolominerError(
      'CONFIG_INVALID',
      `${path} was written by a newer solominer (version ${(value as VersionedDocument).version})`,
      {suggestions: ['Upgrade solominer: npm install -g solominer@latest']},
    )
  }
  try {
    return validate(value)
  } catch (error) {
    throw invalidFile(path, (error as Error).message, error)
  }
}

export function invalidFile(path: string, reason: string, cause?: unknown): SolominerError {
  return new SolominerError('CONFIG_INVALID', `${path} is invalid: ${reason}`, {
    cause,
    suggestions: [`Fix or delete ${path}`],
  })
}

/** Writes JSON atomically with owner-only permissions. */
export async function writeJsonDocument<T extends VersionedDocument>(path: string, value: T): Promise<void> {
  await mkdir(dirname(path), {mode: 0o700, recursive: true})
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, {mode: 0o600})
    await chmod(temporary, 0o600)
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, {force: true})
    throw new SolominerError('CONFIG_INVALID', `Cannot write ${path}: ${(error as Error).message}`, {cause: error})
  }
}
