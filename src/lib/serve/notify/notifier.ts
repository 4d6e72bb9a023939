/**
 * Delivers events to the --notify targets without ever holding up polling: each target has its own
 * queue, delivered in order by its own worker, retried with exponential backoff while the receiver is
 * down or failing, and saved under the state dir so nothing queued is lost when serve restarts.
 * Delivery is at least once: a receiver de-duplicates by the event's `id`.
 */
import {join} from 'node:path'

import type {AppContext} from '../../context.js'
import {ExitCode, type ExitCodeValue, errorMessage} from '../../errors.js'
import {readJsonDocument, updateJsonDocument} from '../../storage/json-document.js'
import {sleep} from '../../sleep.js'
import {redactRequestError} from '../../text/redact.js'
import type {ServeEvent} from '../events.js'
import type {NotifyTarget} from './targets.js'

export const QUEUE_FILE = 'notify-queue.json'
const QUEUE_VERSION = 1
const FIRST_RETRY_MS = 1000
const MAX_RETRY_MS = 5 * 60_000
/** Per target; beyond it the oldest events are dropped (a receiver gone for weeks). */
export const MAX_QUEUED = 10_000

interface QueueDocument {
  /** Per target key: events still to deliver, oldest first. */
  pending: Record<string, ServeEvent[]>
  version: number
}

export interface DeliveryResult {
  error?: string
  ok: boolean
  status?: number
}

/** Sends one event to one target now: ok on a 2xx answer. */
export async function deliver(target: NotifyTarget, event: ServeEvent, ctx: AppContext): Promise<DeliveryResult> {
  const request = target.request(event)
  try {
    const response = await ctx.http.request({...request, maxBytes: 64 * 1024})
    if (response.status >= 200 && response.status < 300) return {ok: true, status: response.status}
    return {error: `HTTP ${response.status}`, ok: false, status: response.status}
  } catch (error) {
    if (ctx.signal.aborted) throw error
    // The error may name the URL, which can hold a token, a topic or a password.
    return {error: redactRequestError(errorMessage(error), request.url), ok: false}
  }
}

export interface TestResult extends DeliveryResult {
  /** The target, redacted. */
  target: string
}

/** `notify test`: one test event to every target, at once; each result. */
export async function sendTestEvent(targets: NotifyTarget[], ctx: AppContext): Promise<{event: ServeEvent; results: TestResult[]}> {
  const at = new Date().toISOString()
  const event: ServeEvent = {
    at,
    data: {},
    device: null,
    event: 'test',
    id: `test:${at}`,
    message: 'solominer test notification: serve can reach you here',
    seq: 0,
  }
  const results = await Promise.all(targets.map(async (target) => ({target: target.display, ...(await deliver(target, event, ctx))})))
  return {event, results}
}

/** 0 every target took it, 6 some did, 4 none (5 when some answered with an error). */
export function testExitCode(results: DeliveryResult[]): ExitCodeValue {
  const failed = results.filter((result) => !result.ok)
  if (failed.length === 0) return ExitCode.Ok
  if (failed.length < results.length) return ExitCode.PartialFailure
  return failed.some((result) => result.status !== undefined) ? ExitCode.Device : ExitCode.Unreachable
}

export class Notifier {
  private readonly pending = new Map<string, ServeEvent[]>()
  private readonly wakers = new Map<string, () => void>()
  private saving = Promise.resolve()

  private constructor(
    private readonly targets: NotifyTarget[],
    private readonly ctx: AppContext,
    private readonly path: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Loads what a previous run left queued for these targets. */
  static async open(targets: NotifyTarget[], ctx: AppContext, stateDir: string, warn: (message: string) => void): Promise<Notifier> {
    const path = join(stateDir, QUEUE_FILE)
    const saved = await readJsonDocument(path, emptyQueue(), validateQueue)
    const notifier = new Notifier(targets, ctx, path, warn)
    for (const target of targets) notifier.pending.set(target.key, saved.pending[target.key] ?? [])
    return notifier
  }

  /** Queues the events for every target (and saves the queue); returns at once. */
  enqueue(events: ServeEvent[]): void {
    if (events.length === 0) return
    for (const target of this.targets) {
      const queue = this.pending.get(target.key)!
      queue.push(...events)
      const dropped = queue.splice(0, Math.max(0, queue.length - MAX_QUEUED))
      if (dropped.length > 0) this.warn(`notify ${target.display}: ${dropped.length} old events dropped (more than ${MAX_QUEUED} waiting)`)
      this.wakers.get(target.key)?.()
    }
    void this.save()
  }

  /** Delivers until `signal` aborts; the queue is saved when it returns. */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.all(this.targets.map((target) => this.work(target, signal)))
    await this.save()
  }

  private async work(target: NotifyTarget, signal: AbortSignal): Promise<void> {
    const queue = this.pending.get(target.key)!
    let failures = 0
    while (!signal.aborted) {
      const event = queue[0]
      if (event === undefined) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            this.wakers.delete(target.key)
            signal.removeEventListener('abort', wake)
            resolve()
          }
          this.wakers.set(target.key, wake)
          signal.addEventListener('abort', wake, {once: true})
        })
        continue
      }
      const result = await deliver(target, event, this.ctx).catch(() => ({error: 'stopped', ok: false}) as DeliveryResult)
      if (signal.aborted) return
      if (result.ok || isPermanent(result)) {
        if (!result.ok) this.warn(`notify ${target.display}: event ${event.seq} (${event.event}) refused with ${result.error}; not retried`)
        queue.shift()
        failures = 0
        void this.save()
        continue
      }
      failures += 1
      const waitMs = Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS)
      if (failures === 1 || failures % 10 === 0) {
        this.warn(`notify ${target.display}: ${result.error}; ${queue.length} event${queue.length === 1 ? '' : 's'} queued, retrying in ${Math.round(waitMs / 1000)} s`)
      }
      await sleep(waitMs, signal)
    }
  }

  /** Saves are chained: each writes the whole current queue, the last one wins. */
  private save(): Promise<void> {
    this.saving = this.saving
      .then(() =>
        updateJsonDocument(this.path, emptyQueue(), validateQueue, (document) => {
          document.pending = Object.fromEntries(this.pending)
        }),
      )
      .catch((error: unknown) => this.warn(`notify queue: ${errorMessage(error)}`))
    return this.saving
  }
}

/** A 4xx answer (but for timeout and rate limiting) will not change by retrying: the URL or token is wrong. */
function isPermanent(result: DeliveryResult): boolean {
  return result.status !== undefined && result.status >= 400 && result.status < 500 && result.status !== 408 && result.status !== 429
}

function emptyQueue(): QueueDocument {
  return {pending: {}, version: QUEUE_VERSION}
}

function validateQueue(value: unknown): QueueDocument {
  const pending = (value as Partial<QueueDocument>).pending
  if (typeof pending !== 'object' || pending === null || !Object.values(pending).every(Array.isArray)) {
    throw new Error('"pending" must map targets to lists of events')
  }
  return value as QueueDocument
}
