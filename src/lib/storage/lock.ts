/**
 * Cross-process locks (proper-lockfile): every read-modify-write of a file we keep, and every write to
 * one device, runs while holding one, so several solominer processes never lose each other's work.
 *
 * A lock is a directory created atomically next to what it guards (`inventory.json.lock`); its holder
 * refreshes its mtime every few seconds, so a lock whose holder died (killed, power cut) goes stale
 * after LOCK_STALE_MS and the next process takes it over, while a live holder, however long it
 * works (a device push waits minutes for a restart), is never broken. A waiter waits a bounded time,
 * then fails with LOCKED (exit 3) naming the lock and the process holding it (`<lock>.owner`).
 */
import {readFile, rm, writeFile} from 'node:fs/promises'
import {hostname} from 'node:os'

import {SolominerError, errorMessage} from '../errors.js'
import {sleep} from '../sleep.js'
import {deviceString} from '../text/sanitize.js'

/** A holder silent this long (no mtime refresh) is dead: its lock is taken over. */
export const LOCK_STALE_MS = 10_000
/** Default wait for a file lock: files are held for milliseconds, so this only covers a dead holder. */
export const FILE_LOCK_WAIT_MS = LOCK_STALE_MS + 5000
const RETRY_MIN_MS = 25
const RETRY_MAX_MS = 500

/** Who holds a lock, written next to it (`<lock>.owner`) for the messages of those waiting. */
export interface LockHolder {
  host: string
  pid: number
  /** What the holder is doing, e.g. "updating inventory.json". */
  purpose: string
  /** ISO time the lock was taken. */
  since: string
}

export interface LockOptions {
  /** What the lock guards, for messages ("the inventory /home/me/.config/solominer/inventory.json"). */
  guards: string
  /** Called once, when the lock is busy and waiting starts. */
  onWait?: (holder: LockHolder | null) => void
  /** What this process will do while holding it (shown to the others). */
  purpose: string
  /** Ctrl-C ends the wait with the interrupt error. */
  signal?: AbortSignal
  /** How long to wait for another holder; 0 = refuse at once when busy. */
  waitMs: number
}

export interface HeldLock {
  /** Throws when the lock was lost (taken over as stale): call before committing anything. */
  assertHeld(): void
}

type Release = () => Promise<void>

/**
 * Runs `work` holding the lock at `lockPath` (a directory; its parent must exist), released afterwards
 * whatever happens. Waits up to `options.waitMs` for another holder.
 */
export async function withLock<T>(lockPath: string, options: LockOptions, work: (lock: HeldLock) => Promise<T>): Promise<T> {
  let lost: Error | null = null
  const release = await acquire(lockPath, options, (error) => {
    lost = error
  })
  try {
    return await work({
      assertHeld() {
        if (lost) {
          throw new SolominerError('LOCKED', `Lost the lock on ${options.guards} (${errorMessage(lost)}); nothing was saved`, {
            suggestions: ['Try again; another solominer may have been stalled for more than 10 s'],
          })
        }
      },
    })
  } finally {
    await release()
  }
}

async function acquire(lockPath: string, options: LockOptions, onLost: (error: Error) => void): Promise<Release> {
  const {lock} = await import('proper-lockfile')
  const deadline = Date.now() + options.waitMs
  const signal = options.signal ?? new AbortController().signal
  let delay = RETRY_MIN_MS
  let waiting = false
  for (;;) {
    if (signal.aborted) throw signal.reason
    try {
      const release = await lock(lockPath, {lockfilePath: lockPath, onCompromised: onLost, realpath: false, retries: 0, stale: LOCK_STALE_MS})
      await writeOwner(lockPath, options.purpose)
      return async () => {
        await rm(ownerPath(lockPath), {force: true})
        // Already released means it was taken over as stale: nothing of ours to remove.
        await release().catch(() => undefined)
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new SolominerError('CONFIG_INVALID', `Cannot lock ${options.guards}: ${errorMessage(error)}`, {cause: error})
      }
    }
    const holder = await readOwner(lockPath)
    if (Date.now() >= deadline) throw lockedError(lockPath, options, holder)
    if (!waiting) {
      waiting = true
      options.onWait?.(holder)
    }
    if (!(await sleep(Math.min(delay, deadline - Date.now()), signal))) throw signal.reason
    delay = Math.min(delay * 2, RETRY_MAX_MS)
  }
}

function ownerPath(lockPath: string): string {
  return `${lockPath}.owner`
}

async function writeOwner(lockPath: string, purpose: string): Promise<void> {
  const holder: LockHolder = {host: hostname(), pid: process.pid, purpose, since: new Date().toISOString()}
  // Informational only (messages): a failure to write it must not fail the work.
  await writeFile(ownerPath(lockPath), `${JSON.stringify(holder)}\n`, {mode: 0o600}).catch(() => undefined)
}

/** The holder as its note says, its strings cleaned: anything can write a file in the config directory. */
async function readOwner(lockPath: string): Promise<LockHolder | null> {
  try {
    const note = JSON.parse(await readFile(ownerPath(lockPath), 'utf8')) as Partial<LockHolder>
    if (!Number.isInteger(note.pid)) return null
    const text = (value: unknown) => deviceString(value, 80) ?? '?'
    return {host: text(note.host), pid: note.pid!, purpose: text(note.purpose), since: text(note.since)}
  } catch {
    return null
  }
}

/** "process 4242 (updating inventory.json since 10:00:01Z)", or "another process" when unknown. */
export function describeHolder(holder: LockHolder | null): string {
  if (!holder) return 'another process'
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`
  return `solominer process ${holder.pid}${where} (${holder.purpose}, since ${holder.since})`
}

/** Whether the holder is a process of this machine that has exited (its lock goes stale shortly). */
function holderGone(holder: LockHolder | null): boolean {
  if (!holder || holder.host !== hostname()) return false
  try {
    process.kill(holder.pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

function lockedError(lockPath: string, options: LockOptions, holder: LockHolder | null): SolominerError {
  const waited = options.waitMs > 0 ? ` after waiting ${Number((options.waitMs / 1000).toFixed(1))} s` : ''
  const suggestions = holderGone(holder)
    ? [`That process has exited: its lock ${lockPath} is taken over within ${LOCK_STALE_MS / 1000} s, try again then`]
    : ['Wait for the other solominer to finish, then try again', `If no solominer is running, the lock ${lockPath} is taken over by itself within ${LOCK_STALE_MS / 1000} s`]
  return new SolominerError('LOCKED', `${options.guards} is in use by ${describeHolder(holder)}; gave up${waited}`, {suggestions})
}
