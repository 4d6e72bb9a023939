/**
 * The confirmation on a terminal: run under `script` (a pseudo-terminal), the CLI lists the planned
 * change and asks; "n" sends nothing (exit 10), "y" applies it. Skipped where `script` is missing.
 */
import {spawn, spawnSync} from 'node:child_process'
import {describe, expect, it} from 'vitest'

import {binPath, tempConfig} from '../helpers/cli.js'
import {axeos, targetOf, writes} from './helpers.js'

const hasScript = spawnSync('script', ['--version']).status === 0

/** Runs the CLI on a pseudo-terminal, typing `answer` once the question has been printed. */
function onTerminal(args: string[], answer: string): Promise<{code: number | null; output: string}> {
  const config = tempConfig()
  const command = `stty cols 120 rows 40; ${process.execPath} ${binPath} ${args.join(' ')}`
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {env: {...process.env, ...config.env, NO_COLOR: '1'}})
    let output = ''
    let answered = false
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (!answered && output.includes('[y/N]')) {
        answered = true
        child.stdin.write(`${answer}\n`)
      }
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      config.cleanup()
      resolve({code, output})
    })
  })
}

describe.skipIf(!hasScript)('confirmation on a terminal', () => {
  it('lists the change and sends nothing when the answer is no (exit 10)', async () => {
    const sim = await axeos('axeos-2.14')
    const {code, output} = await onTerminal(['config', 'set', 'fan', '80', targetOf(sim)], 'n')
    expect(output).toContain('fan: auto → 80%')
    expect(output).toContain('Apply these changes to 1 device? [y/N]')
    expect(output).toMatch(/^Nothing was changed\.\r?$/m)
    expect(output).not.toContain('Error:')
    expect(code).toBe(10)
    expect(writes(sim)).toEqual([])
  })

  it('applies the change when the answer is yes', async () => {
    const sim = await axeos('axeos-2.14')
    const {code, output} = await onTerminal(['config', 'set', 'fan', '80', targetOf(sim)], 'y')
    expect(code).toBe(0)
    expect(output).toMatch(/Gamma 601 {2}changed {2}verified\r\n {4}fan: auto → 80%\r\n\r\n1 changed\r\n/)
    expect(writes(sim).map(({body}) => JSON.parse(body))).toEqual([{autofanspeed: 0, manualFanSpeed: 80}])
  })
})
