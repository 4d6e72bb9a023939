import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'

describe('one error model through the built CLI', () => {
  it('turns a custom flag parse failure into a USAGE error (exit 2, contract JSON)', async () => {
    const result = await runCli(['odds', '-H', '1TH', '--difficulty', '1T', '--btc-price', 'abc', '--json'])
    expect(result.code).toBe(2)
    expect(result.json).toEqual({
      error: {
        code: 'USAGE',
        exitCode: 2,
        message: 'Invalid value for --btc-price: Expected a non-negative number, got "abc"',
        suggestions: ['See --help for the accepted flags'],
      },
    })
  })

  it('prints one line and a suggestion, no stack trace, for an unknown flag', async () => {
    const result = await runCli(['odds', '--bogus'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe('Error: Nonexistent flag: --bogus\nTry this: See --help for the accepted flags\n')
  })

  it('keeps an invalid value out of the JSON channel only as the error object', async () => {
    const result = await runCli(['odds', '--hashrate', 'abc', '--difficulty', '1T', '--json'])
    expect(result.code).toBe(2)
    expect(Object.keys(result.json)).toEqual(['error'])
    expect(result.json.error.code).toBe('INVALID_INPUT')
  })
})

// Unknown commands and flags: test/output/unknown-command-cli.test.ts.

describe('missing arguments', () => {
  it('names each missing argument on one line', async () => {
    const result = await runCli(['devices', 'alias', '--json'])
    expect(result.code).toBe(2)
    expect(result.json.error.message).toBe(
      'Missing argument TARGET (The device: IP, IP:port, hostname, MAC or current alias); missing argument NAME (The new name (letters, digits, ".", "-", "_"))',
    )
  })
})

describe('colour', () => {
  const odds = ['odds', '--hashrate', '1TH', '--difficulty', '1T', '--no-chart']
  const hasEscape = (text: string) => text.includes('\u001B[')

  it('is off with NO_COLOR, and an explicit --color wins over it', async () => {
    expect(hasEscape((await runCli(odds, {env: {NO_COLOR: '1'}})).stdout)).toBe(false)
    expect(hasEscape((await runCli([...odds, '--color'], {env: {NO_COLOR: '1'}})).stdout)).toBe(true)
  })

  it('is off with --no-color even when FORCE_COLOR asks for it', async () => {
    expect(hasEscape((await runCli(odds, {env: {FORCE_COLOR: '1', NO_COLOR: undefined}})).stdout)).toBe(true)
    expect(hasEscape((await runCli([...odds, '--no-color'], {env: {FORCE_COLOR: '1', NO_COLOR: undefined}})).stdout)).toBe(false)
  })
})
