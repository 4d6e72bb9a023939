/** Unknown commands and flags follow the error conventions: exit 2, "Did you mean" first, JSON under --json. */
import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'

describe('unknown commands and flags', () => {
  it('a misspelt command: exit 2, the suggestion first, then the error', async () => {
    const result = await runCli(['scna'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe('Did you mean "solominer scan"?\nError: "scna" is not a solominer command\nTry this: solominer scan --help\n')
  })

  it('under --json the error is the documented {"error": ...} object on stdout', async () => {
    const result = await runCli(['scna', '--json'])
    expect(result.code).toBe(2)
    expect(result.json).toEqual({
      error: {
        code: 'USAGE',
        exitCode: 2,
        message: '"scna" is not a solominer command',
        suggestions: ['Did you mean "solominer scan"?', 'solominer scan --help'],
      },
    })
  })

  it('a misspelt topic suggests the topic (config sett → config set)', async () => {
    const result = await runCli(['config', 'sett'])
    expect(result.code).toBe(2)
    expect(result.stderr.split('\n')[0]).toBe('Did you mean "solominer config set"?')
  })

  it('nothing near: points at the command list', async () => {
    const result = await runCli(['xyzzy'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Error: "xyzzy" is not a solominer command\nTry this: solominer --help lists every command\n')
  })

  it('a misspelt flag gets the nearest flag of that command', async () => {
    const result = await runCli(['odds', '--hashrat', '1TH', '--json'])
    expect(result.code).toBe(2)
    expect(result.json.error).toEqual({
      code: 'USAGE',
      exitCode: 2,
      message: 'Nonexistent flag: --hashrat',
      suggestions: ['Did you mean --hashrate?', 'See --help for the accepted flags'],
    })
    const human = await runCli(['status', '--concurency', '3'])
    expect(human.code).toBe(2)
    expect(human.stderr).toBe('Error: Nonexistent flag: --concurency\nTry this:\n  * Did you mean --concurrency?\n  * See --help for the accepted flags\n')
  })
})

describe('help', () => {
  it('names one POOL (several TARGETS), lists exit code 4 and refers to no issue', async () => {
    const result = await runCli(['config', 'set', 'pool', '--help'], {env: {OCLIF_COLUMNS: '400'}})
    expect(result.code).toBe(0)
    // --user is optional (default: <payout.address>.{hostname}); the usage line may wrap.
    expect(result.stdout).toMatch(/\$ solominer config set pool POOL \[TARGETS...\] [^$]*\[-u\s+<value>\]/)
    expect(result.stdout).toContain('4 a single device or the pool unreachable')
    expect(result.stdout).not.toMatch(/issue/i)
  })

  it('config get shows its optional KEY before the TARGETS', async () => {
    const result = await runCli(['config', 'get', '--help'])
    expect(result.stdout).toContain('$ solominer config get [KEY] [TARGETS...] [FLAGS]')
  })
})
