/**
 * Ending a watch: Ctrl-C typed on a terminal and SIGTERM (a supervisor) both end it normally, exit 0,
 * with the terminal restored (main screen, cursor shown, line wrapping back on) and the last frame left
 * on the screen ending with a newline, so the shell prompt starts on a line of its own.
 */
import {spawn} from 'node:child_process'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {binPath, tempConfig} from '../helpers/cli.js'
import {hasScript, runOnTerminal} from '../helpers/pty.js'

let sim: AxeosSim
const configs: Array<{cleanup(): void}> = []

beforeAll(async () => {
  sim = await createAxeosSim({host: '127.46.0.1', hostname: 'gamma', httpPort: 0, jitter: false, profile: 'axeos-2.14'})
})

afterAll(async () => {
  await sim?.stop()
  for (const config of configs.splice(0)) config.cleanup()
})

function configEnv(): Record<string, string | undefined> {
  const config = tempConfig()
  configs.push(config)
  return config.env
}

const watchArgs = () => ['watch', `${sim.address.host}:${sim.address.httpPort}`, '--interval', '1s', '--difficulty', '100T']
// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '')

function expectRestored(output: string): void {
  // Back on the main screen, cursor shown, wrapping on: each after the last time it was changed.
  expect(output.lastIndexOf('\u001B[?1049l')).toBeGreaterThan(output.lastIndexOf('\u001B[?1049h'))
  expect(output.lastIndexOf('\u001B[?25h')).toBeGreaterThan(output.lastIndexOf('\u001B[?25l'))
  expect(output.lastIndexOf('\u001B[?7h')).toBeGreaterThan(output.lastIndexOf('\u001B[?7l'))
  const after = stripAnsi(output.slice(output.lastIndexOf('\u001B[?1049l')))
  expect(after).toContain('gamma (127.46.0.1)')
  expect(after).toMatch(/Solo odds .*\r?\n +\(difficulty 100.00T, manual\)\r?\n$/)
}

describe.skipIf(!hasScript)('watch on a terminal', () => {
  it('Ctrl-C ends it with exit 0 and the terminal restored', async () => {
    const run = runOnTerminal(watchArgs(), {env: configEnv()})
    await run.waitFor('Solo odds')
    run.type('\u0003')
    expect(await run.exited).toBe(0)
    expectRestored(run.output())
  })

  it('SIGTERM ends it the same way', async () => {
    const run = runOnTerminal(watchArgs(), {env: configEnv()})
    await run.waitFor('Solo odds')
    process.kill(await run.pid, 'SIGTERM')
    expect(await run.exited).toBe(0)
    expectRestored(run.output())
  })
})

describe('watch --json', () => {
  it('SIGTERM ends it with exit 0 after complete JSON lines', async () => {
    const child = spawn(process.execPath, [binPath, ...watchArgs(), '--json'], {
      env: {HOME: process.env.HOME, NO_COLOR: '1', PATH: process.env.PATH, SOLOMINER_NET_ALLOW: '127.0.0.0/8', ...configEnv()},
    })
    try {
      let stdout = ''
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          if (stdout.includes('\n')) resolve()
        })
        child.on('close', () => resolve())
      })
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(stdout.endsWith('\n')).toBe(true)
      for (const line of stdout.trim().split('\n')) expect(JSON.parse(line).devices[0].hostname).toBe('gamma')
    } finally {
      child.kill('SIGKILL')
    }
  })
})
