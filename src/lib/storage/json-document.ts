/**
 * Versioned JSON documents in the user's config/data directories (settings, inventory, profiles,
 * backups, and the state of long-running commands): validated on read, at most MAX_DOCUMENT_BYTES,
 * written atomically (temp file, fsync, rename) with mode 0600 because they can hold passwords.
 *
 * Every change goes through `updateJsonDocument`: read, change and write under the document's
 * cross-process lock (./lock.ts), re-reading under the lock, so two solominer processes never lose
 * each other's update. A reader needs no lock: the rename means it sees the old file or the new one,
 * never half of one.
 */
import {randomBytes} from 'node:crypto'
import {chmod, link, mkdir, open, realpath, rename, rm} from 'node:fs/promises'
import {basename, dirname} from 'node:path'

import {SolominerError, errorMessage} from '../errors.js'
import {sleep} from '../sleep.js'
import {FILE_LOCK_WAIT_MS, withLock} from './lock.js'

export interface VersionedDocument {
  version: number
}

/**
 * The largest file solominer reads or writes (README "Files"): 8 MiB holds some 40,000 inventory
 * entries; a larger file is refused (exit 3) rather than read into memory and drawn.
 */
export const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024

export interface UpdateOptions {
  /** Ctrl-C while waiting for the lock. */
  signal?: AbortSignal
  /** How long to wait for another process holding the document (default FILE_LOCK_WAIT_MS). */
  waitMs?: number
}

/**
 * Reads a versioned JSON document. A missing file gives `fallback`; an unreadable, oversized, invalid
 * or newer-versioned file is a CONFIG_INVALID error naming the file.
 */
export async function readJsonDocument<T extends VersionedDocument>(
  path: string,
  fallback: T,
  validate: (value: unknown) => T,
): Promise<T> {
  const text = await readCapped(path)
  return text === null ? fallback : parseDocument(path, text, fallback, validate)
}

/**
 * The one way to change a document: under its lock, reads it (or a copy of `fallback`), lets
 * `mutate` change it in place (throwing leaves the file as it was), and writes it back when it changed.
 * Returns what `mutate` returns.
 */
export async function updateJsonDocument<T extends VersionedDocument, R>(
  path: string,
  fallback: T,
  validate: (value: unknown) => T,
  mutate: (document: T) => Promise<R> | R,
  options: UpdateOptions = {},
): Promise<R> {
  await makeParent(path)
  // A file kept elsewhere through a symlink (a dotfiles repository) is changed there: renaming over the
  // link would replace it with a plain file.
  const file = await realpath(path).catch(() => path)
  const lockOptions = {
    guards: file,
    purpose: `updating ${basename(file)}`,
    signal: options.signal,
    waitMs: options.waitMs ?? FILE_LOCK_WAIT_MS,
  }
  return withLock(`${file}.lock`, lockOptions, async (lock) => {
    const text = await readCapped(file)
    const document = text === null ? structuredClone(fallback) : parseDocument(file, text, fallback, validate)
    const unchanged = serialise(document)
    const result = await mutate(document)
    const changed = serialise(document)
    if (changed !== unchanged) {
      lock.assertHeld()
      await replaceFile(file, changed)
    }
    return result
  })
}

/**
 * Writes a document that must not exist yet (a backup: written once, never changed). Returns false,
 * writing nothing, when `path` already exists.
 */
export async function createJsonDocument<T extends VersionedDocument>(path: string, value: T): Promise<boolean> {
  await makeParent(path)
  return writeThroughTemporary(path, serialise(value), async (temporary) => {
    try {
      await link(temporary, path)
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw error
    }
  })
}

export function invalidFile(path: string, reason: string, cause?: unknown): SolominerError {
  return new SolominerError('CONFIG_INVALID', `${path} is invalid: ${reason}`, {
    cause,
    suggestions: [`Fix or delete ${path}`],
  })
}

function serialise(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function tooLarge(path: string, bytes: number): SolominerError {
  return new SolominerError(
    'CONFIG_INVALID',
    `${path} is ${megabytes(bytes)}: solominer keeps files of at most ${megabytes(MAX_DOCUMENT_BYTES)} (about 40,000 inventory entries)`,
    {suggestions: [`Move ${path} away (solominer starts a new one) or trim it`]},
  )
}

/** The file's text, or null when it does not exist; refused beyond MAX_DOCUMENT_BYTES before reading it. */
async function readCapped(path: string): Promise<string | null> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new SolominerError('CONFIG_INVALID', `Cannot read ${path}: ${errorMessage(error)}`, {cause: error})
  }
  try {
    const {size} = await handle.stat()
    if (size > MAX_DOCUMENT_BYTES) throw tooLarge(path, size)
    return await handle.readFile('utf8')
  } catch (error) {
    if (error instanceof SolominerError) throw error
    throw new SolominerError('CONFIG_INVALID', `Cannot read ${path}: ${errorMessage(error)}`, {cause: error})
  } finally {
    await handle.close()
  }
}

function parseDocument<T extends VersionedDocument>(path: string, text: string, fallback: T, validate: (value: unknown) => T): T {
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
    throw invalidFile(path, errorMessage(error), error)
  }
}

async function makeParent(path: string): Promise<void> {
  await mkdir(dirname(path), {mode: 0o700, recursive: true})
}

/** Replaces `path` with `text` atomically. */
async function replaceFile(path: string, text: string): Promise<void> {
  await writeThroughTemporary(path, text, (temporary) => renameOver(temporary, path))
}

/**
 * Writes `text` to a temporary file beside `path` (0600, flushed to disk so a power cut cannot leave
 * an empty file behind the rename), hands it to `commit`, and removes it afterwards.
 */
async function writeThroughTemporary<R>(path: string, text: string, commit: (temporary: string) => Promise<R>): Promise<R> {
  const bytes = Buffer.byteLength(text)
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new SolominerError('CONFIG_INVALID', `Cannot write ${path}: it would be ${megabytes(bytes)}, more than the ${megabytes(MAX_DOCUMENT_BYTES)} solominer keeps`)
  }
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`
  try {
    const handle = await open(temporary, 'wx', 0o600)
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await chmod(temporary, 0o600)
    return await commit(temporary)
  } catch (error) {
    throw new SolominerError('CONFIG_INVALID', `Cannot write ${path}: ${errorMessage(error)}`, {cause: error})
  } finally {
    await rm(temporary, {force: true})
  }
}

/**
 * rename(2) over the old file. Windows refuses it for a moment while another process has the file
 * open (a reader, an antivirus scan): retried briefly there.
 */
async function renameOver(from: string, to: string): Promise<void> {
  const transient = process.platform === 'win32' ? ['EACCES', 'EBUSY', 'EPERM'] : []
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (error) {
      if (attempt >= 20 || !transient.includes((error as NodeJS.ErrnoException).code ?? '')) throw error
      await sleep(50, new AbortController().signal)
    }
  }
}
