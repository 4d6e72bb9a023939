/**
 * `solominer watch` without a TTY: one JSON object per update. An AxeOS 2.15 simulator streams over
 * /api/ws/live; an AxeOS 2.0 one (no websocket, stalls under tight polling) is never polled faster than
 * its family minimum, so the second update reports its first reading again.
 */
import {spawn} from 'node:child_process'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {binPath, runCli, tempConfig} from '../helpers/cli.js'

let modern: AxeosSim
let old: AxeosSim
const target = (sim: AxeosSim) => `${sim.address.host}:${sim.address.httpPort}`

beforeAll(async () => {
  modern = await createAxeosSim({host: '127.42.1.1', hostname: 'gamma', httpPort: 0, liveIntervalMs: 100, profile: 'axeos-2.15'})
  old = await createAxeosSim({host: '127.42.1.2', httpPort: 0, jitter: false, profile: 'axeos-2.0'})
})

afterAll(async () => {
  await Promise.all([modern?.stop(), old?.stop()])
})

describe('solominer watch --json', () => {
  it('prints one JSON line per update, streams AxeOS 2.15 and spares old firmware', async () => {
    const config = tempConfig()
    try {
      const result = await runCli(['watch', target(modern), target(old), '--json', '--count', '2', '--interval', '1', '--difficulty', '100T'], {
        env: config.env,
      })
      expect(result.code).toBe(0)
      const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line))
      expect(lines).toHaveLength(2)
      const [first, second] = lines
      expect(first.poll).toBe(1)
      expect(second.poll).toBe(2)
      expect(first.devices.map((d: {source: string}) => d.source)).toEqual(['poll', 'poll'])
      // Streamed, never polled again: 'live' when a diff arrived since the first update (it may not have
      // on a busy machine), 'cached' otherwise.
      expect(['live', 'cached']).toContain(second.devices[0].source)
      expect(second.devices[1]).toEqual({...first.devices[1], source: 'cached'})
      expect(first.devices[0]).toMatchObject({hostname: 'gamma', model: 'Gamma 601', ok: true})
      expect(first.devices[0]).not.toHaveProperty('history')
      expect(first.alerts).toEqual([])
      expect(first.odds).toMatchObject({difficulty: 100e12, difficultySource: {kind: 'manual'}, hashrate: first.totals.hashrate})
      expect(first.odds.expectedSecondsToBlock).toBeCloseTo((100e12 * 2 ** 32) / first.totals.hashrate, 3)
      // The 2.15 device was subscribed to; the 2.0 device has no websocket and was not asked for one.
      expect(modern.journals[0]!.entries.some((entry) => entry.path === '/api/ws/live')).toBe(true)
      expect(old.journals[0]!.entries.some((entry) => entry.path === '/api/ws/live')).toBe(false)
    } finally {
      config.cleanup()
    }
  })

  it('reports an unreachable device as offline with an alert, and refuses a too-short interval', async () => {
    const config = tempConfig()
    try {
      const result = await runCli(['watch', '127.42.1.99:9', '--json', '--count', '1', '--difficulty', '100T'], {env: config.env})
      expect(result.code).toBe(0)
      const line = JSON.parse(result.stdout)
      expect(line.devices[0]).toMatchObject({error: {code: 'HOST_UNREACHABLE'}, ok: false, source: 'poll'})
      expect(line.alerts).toEqual([expect.objectContaining({ip: '127.42.1.99', kind: 'offline', target: '127.42.1.99:9'})])
      expect(line.odds.expectedSecondsToBlock).toBeNull()

      const short = await runCli(['watch', '127.42.1.99:9', '--json', '--interval', '0.2'], {env: config.env})
      expect(short.code).toBe(2)
      expect(short.json.error.message).toBe('--interval 0.2 is too short: the minimum is 1 s')
    } finally {
      config.cleanup()
    }
  })

  it('talks about --interval and its minimum, and takes milliseconds', async () => {
    const config = tempConfig()
    try {
      const ms = await runCli(['watch', '127.42.1.99:9', '--json', '--interval', '100ms'], {env: config.env})
      expect(ms.code).toBe(2)
      expect(ms.json.error).toEqual({
        code: 'INVALID_INPUT',
        exitCode: 2,
        message: '--interval 100ms is too short: the minimum is 1 s',
        suggestions: ['e.g. --interval 1s'],
      })
      const bogus = await runCli(['watch', '127.42.1.99:9', '--json', '--interval', 'soon'], {env: config.env})
      expect(bogus.code).toBe(2)
      expect(bogus.json.error.message).toBe('Invalid --interval "soon": expected a duration like 10s, from 1 s to 1 d')
      const ok = await runCli(['watch', '127.42.1.99:9', '--json', '--count', '1', '--interval', '1500ms', '--difficulty', '100T'], {env: config.env})
      expect(ok.code).toBe(0)
    } finally {
      config.cleanup()
    }
  })

  it('ends with exit 0 on Ctrl-C, the normal way to stop a watch (documented)', async () => {
    const config = tempConfig()
    const child = spawn(process.execPath, [binPath, 'watch', target(modern), '--json', '--difficulty', '100T'], {
      env: {HOME: process.env.HOME, NO_COLOR: '1', PATH: process.env.PATH, SOLOMINER_NET_ALLOW: '127.0.0.0/8', ...config.env},
    })
    try {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      // Interrupt once the first update is out, as a person watching would.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no update within 15 s')), 15_000)
        child.stdout.once('data', () => {
          clearTimeout(timer)
          resolve()
        })
      })
      child.kill('SIGINT')
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
      config.cleanup()
    }
  })
})
