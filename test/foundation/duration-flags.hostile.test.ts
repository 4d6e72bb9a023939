/**
 * Hostile values for every duration flag: too large for Node's timers (which warn and clamp them to 1 ms),
 * zero, negative, unreadable. Each is refused with exit 2 and one clear line before anything runs; valid
 * forms in any unit are taken.
 */
import {describe, expect, it} from 'vitest'

import {parseDurationMs} from '../../src/lib/units.js'
import {runCli, tempConfig} from '../helpers/cli.js'

const TIMEOUT_RULE = {bareUnit: 'ms', example: '5000', maxMs: 300_000, minMs: 50, name: '--timeout'} as const

describe('parseDurationMs', () => {
  it('takes every unit, and a bare number in the rule unit', () => {
    expect(['3000', '3s', '3000ms', '0.05min', ' 3 s '].map((text) => parseDurationMs(text, TIMEOUT_RULE))).toEqual([3000, 3000, 3000, 3000, 3000])
    expect(parseDurationMs('5', {...TIMEOUT_RULE, bareUnit: 's', maxMs: 86_400_000})).toBe(5000)
    expect(parseDurationMs('1d', {...TIMEOUT_RULE, maxMs: 86_400_000})).toBe(86_400_000)
  })

  it.each(['99999999999', '301s', '1y', '0', '49', '0ms'])('refuses %s as out of range', (text) => {
    expect(() => parseDurationMs(text, TIMEOUT_RULE)).toThrowError(/^--timeout .+ is too (short: the minimum is 50 ms|long: the maximum is 5 min)$/)
  })

  it.each(['-1', 'abc', '', '1e3', 'Infinity', 'NaN', '3 parsecs', '1.2.3', '0x10'])('refuses %j as unreadable', (text) => {
    expect(() => parseDurationMs(text, TIMEOUT_RULE)).toThrowError(`Invalid --timeout "${text}": expected a duration like 5000, from 50 ms to 5 min`)
  })
})

describe('duration flags through the CLI', () => {
  const cases: [string, string[]][] = [
    ['--timeout', ['odds', '--hashrate', '1TH', '--difficulty', '1T']],
    ['--interval', ['watch', '127.82.12.1:9', '--count', '1', '--difficulty', '1T']],
    ['--duration', ['sim', '--host-base', '127.82.12']],
    ['--period', ['odds', '--hashrate', '1TH', '--difficulty', '1T']],
    ['--wait', ['restart', '127.82.12.1:9', '--yes']],
    ['--connect-timeout', ['scan', '127.82.12.1', '--no-mdns', '--no-save']],
    ['--mdns-timeout', ['scan', '127.82.12.1', '--no-mdns', '--no-save']],
  ]

  it.each(cases)('%s refuses a value beyond its maximum, zero and garbage (exit 2, one JSON error, no timer warning)', async (flag, command) => {
    const config = tempConfig()
    try {
      for (const value of ['99999999999', '0', 'soon']) {
        const result = await runCli([...command, `${flag}=${value}`, '--json'], {env: config.env})
        expect(result.code).toBe(2)
        expect(result.json.error).toMatchObject({code: 'INVALID_INPUT', exitCode: 2, message: expect.stringContaining(`${flag} `)})
        expect(result.json.error.message).not.toContain('\n')
        expect(result.stderr).not.toContain('TimeoutOverflowWarning')
      }
    } finally {
      config.cleanup()
    }
  })

  it('--timeout 99999999999 is refused before a healthy device could be reported offline; SOLOMINER_TIMEOUT likewise', async () => {
    const config = tempConfig()
    try {
      const flag = await runCli(['status', '127.82.12.1:9', '--timeout', '99999999999'], {env: config.env})
      expect(flag.code).toBe(2)
      expect(flag.stderr).toBe('Error: --timeout 99999999999 is too long: the maximum is 5 min\nTry this: e.g. --timeout 5min\n')
      const env = await runCli(['status', '127.82.12.1:9', '--json'], {env: {...config.env, SOLOMINER_TIMEOUT: '-1'}})
      expect(env.code).toBe(2)
      expect(env.json.error.code).toBe('INVALID_INPUT')
    } finally {
      config.cleanup()
    }
  })

  it('--timeout takes a unit: 2s reads a closed port as unreachable (exit 4)', async () => {
    const config = tempConfig()
    try {
      const result = await runCli(['status', '127.82.12.1:9', '--timeout', '2s', '--json'], {env: config.env})
      expect(result.code).toBe(4)
      expect(result.json.devices[0].error.code).toBe('HOST_UNREACHABLE')
    } finally {
      config.cleanup()
    }
  })
})
