import {PassThrough} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {failedRow} from '../../src/lib/status/service.js'
import type {WatchTick} from '../../src/lib/watch/scheduler.js'
import {DashboardScreen, renderOdds, renderWatchFrame} from '../../src/ui/render-watch.js'

const address = {host: '10.0.0.5', httpPort: 80, rpcPort: 4028}
const row = {
  ...failedRow({target: 'gamma'}, address, null, new Error('unused')),
  error: undefined,
  hashrate: 1.2e12,
  hostname: 'gamma',
  model: 'Gamma 601',
  ok: true,
  power: 18,
}
const tick: WatchTick = {
  alerts: [],
  at: '2026-11-22T10:00:05.000Z',
  devices: [{...row, history: [1e12, 1.1e12, 1.2e12], source: 'poll'}],
  durationMs: 12,
  poll: 3,
  totals: {devices: 1, efficiency: 15, hashrate: 1.2e12, online: 1, power: 18},
}
const odds = {
  difficulty: 145.04e12,
  difficultySource: {asOf: '2026-03-10T10:13:30Z', kind: 'offline' as const, stale: true},
  expectedSecondsToBlock: 3.2 * 365 * 86_400,
  hashrate: 1.2e12,
  probabilityPerDay: 0.000_856,
  probabilityPerYear: 0.2684,
  shareOfNetwork: 1e-9,
}

describe('watch rendering', () => {
  it('draws the table with a trend, totals, odds and the latest alerts', () => {
    const alert = {at: '2026-11-22T10:00:04.000Z', ip: '10.0.0.5', kind: 'block-found' as const, message: 'gamma FOUND A BLOCK (blocks found: 1)', target: 'gamma'}
    const frame = renderWatchFrame(tick, {alerts: [alert], intervalMs: 5000, odds, width: 200})
    expect(frame).toContain('solominer watch  1 device · every 5 s · update 3 · 10:00:05 UTC')
    expect(frame).toMatch(/gamma \(10\.0\.0\.5\) +Gamma 601 +1\.20 TH\/s +▁▅█ +/)
    expect(frame).toContain('Total  1/1 online  ·  1.20 TH/s  ·  18.0 W  ·  15.0 J/TH')
    expect(frame).toContain('Solo odds  1 block every 3.2 years on average  ·  0.0856 % a day  ·  26.84 % a year  (difficulty 145.04T, offline 2026-03-10 stale)')
    expect(frame).toContain('10:00:04  gamma FOUND A BLOCK (blocks found: 1)')
  })

  it('fits a narrow window: the name is ellipsised (not the address), source, blocks and model go, prose wraps', () => {
    const long = {...tick, devices: [{...tick.devices[0]!, hostname: 'bitaxe-living-room-shelf-left'}]}
    const visible = (line: string) => [...line].length
    const wide = renderWatchFrame(long, {alerts: [], intervalMs: 5000, odds, width: 100}).split('\n')
    expect(Math.max(...wide.map(visible))).toBeLessThanOrEqual(100)
    expect(wide[2]).toMatch(/^DEVICE +MODEL +HASHRATE +TREND +TEMP +POWER +BEST +BLOCKS +VIA$/)
    const narrow = renderWatchFrame(long, {alerts: [], intervalMs: 5000, odds, width: 80}).split('\n')
    expect(Math.max(...narrow.map(visible))).toBeLessThanOrEqual(80)
    expect(narrow).toEqual([
      'solominer watch  1 device · every 5 s · update 3 · 10:00:05 UTC · Ctrl-C to quit',
      '',
      'DEVICE                           HASHRATE  TREND              TEMP   POWER  BEST',
      'bitaxe-living-room… (10.0.0.5)  1.20 TH/s  ▁▅█                   -  18.0 W     -',
      '',
      'Total  1/1 online  ·  1.20 TH/s  ·  18.0 W  ·  15.0 J/TH',
      'Solo odds  1 block every 3.2 years on average  ·  0.0856 % a day  ·  26.84 % a',
      '           year  (difficulty 145.04T, offline 2026-03-10 stale)',
    ])
  })

  it('says when the odds are unknown', () => {
    expect(renderOdds(null)).toBe('Solo odds  unknown (no network difficulty)')
  })

  it('takes over the screen and gives it back (cursor, wrapping, alternate screen)', () => {
    const stream = Object.assign(new PassThrough(), {rows: 3}) as unknown as NodeJS.WriteStream
    let written = ''
    ;(stream as unknown as PassThrough).on('data', (chunk: Buffer) => (written += chunk.toString()))
    const screen = new DashboardScreen(stream)
    screen.draw('one\ntwo\nthree\nfour')
    screen.restore('last frame')
    expect(written).toBe(
      '\u001B[?1049h\u001B[?25l\u001B[?7l' +
        '\u001B[H\u001B[2Kone\n\u001B[2Ktwo\n\u001B[2Kthree\u001B[J' +
        '\u001B[?7h\u001B[?25h\u001B[?1049l' +
        'last frame\n',
    )
  })
})
