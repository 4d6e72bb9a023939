/**
 * Every flag that takes a duration, parsed in one place (units.ts parseDurationMs) with a documented range:
 * zero, negative, unreadable values and values beyond the maximum (which Node's timers would clamp to 1 ms
 * with a TimeoutOverflowWarning) are refused with exit 2 before anything runs.
 */
import * as Flags from '@oclif/core/flags'
import type {OptionFlag} from '@oclif/core/interfaces'

import {type DurationRule, formatDurationMs, parseDurationMs} from './lib/units.js'
import {MIN_INTERVAL_MS} from './lib/watch/scheduler.js'

interface DurationFlagOptions {
  /** In ms. */
  default?: number
  env?: string
  helpGroup?: string
  summary: string
}

/** A flag whose value is a duration in ms; its summary states the accepted range and the bare unit. */
export function durationFlag(rule: DurationRule, options: DurationFlagOptions & {default: number}): OptionFlag<number>
export function durationFlag(rule: DurationRule, options: DurationFlagOptions): OptionFlag<number | undefined>
export function durationFlag(rule: DurationRule, options: DurationFlagOptions): OptionFlag<number | undefined> {
  const bare = rule.bareUnit === 'ms' ? 'milliseconds' : 'seconds'
  const {default: defaultMs, ...rest} = options
  const flag = Flags.custom<number>({
    ...rest,
    async parse(input) {
      return parseDurationMs(input, rule)
    },
    summary: `${options.summary} ${formatDurationMs(rule.minMs)} to ${formatDurationMs(rule.maxMs)}; a bare number is in ${bare}.`,
  })
  return defaultMs === undefined ? flag() : flag({default: defaultMs, defaultHelp: async () => formatDurationMs(defaultMs)})
}

/** --timeout: the deadline of one request, whole reply included. Five minutes is far beyond any device. */
export const TIMEOUT_RULE: DurationRule = {bareUnit: 'ms', example: '5000', maxMs: 300_000, minMs: 50, name: '--timeout'}

/** --interval of `watch` and `serve`: at least what the scheduler allows, at most a day. */
export const POLL_INTERVAL_RULE: DurationRule = {bareUnit: 's', example: '10s', maxMs: 86_400_000, minMs: MIN_INTERVAL_MS, name: '--interval'}
