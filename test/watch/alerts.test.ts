import {describe, expect, it} from 'vitest'

import {compareReadings} from '../../src/lib/watch/alerts.js'

const base = {
  bestDifficulty: 1000,
  blocksFound: 0,
  error: undefined,
  hostname: 'gamma',
  ip: '10.0.0.5',
  ok: true,
  readAt: '2026-11-22T10:00:00.000Z',
  target: '10.0.0.5',
  temperature: 60,
  warnings: [],
}

describe('compareReadings', () => {
  it('says nothing for an unchanged device', () => {
    expect(compareReadings(base, base)).toEqual([])
    expect(compareReadings(undefined, base)).toEqual([])
  })

  it('announces a found block and a new best difficulty', () => {
    const next = {...base, bestDifficulty: 5000, blocksFound: 1}
    expect(compareReadings(base, next).map(({kind, message}) => ({kind, message}))).toEqual([
      {kind: 'block-found', message: 'gamma FOUND A BLOCK (blocks found: 1)'},
      {kind: 'best-difficulty', message: 'gamma beat its best difficulty: 1000 → 5000'},
    ])
  })

  it('reports going offline once, and coming back', () => {
    const down = {...base, error: {code: 'TIMEOUT' as const, message: '10.0.0.5:80 did not answer within 3000 ms'}, ok: false}
    expect(compareReadings(base, down)).toEqual([
      {at: base.readAt, ip: '10.0.0.5', kind: 'offline', message: 'gamma is offline: 10.0.0.5:80 did not answer within 3000 ms', target: '10.0.0.5'},
    ])
    expect(compareReadings(down, down)).toEqual([])
    expect(compareReadings(down, base).map(({kind}) => kind)).toEqual(['online'])
  })

  it('reports overheating when it starts, with the name sanitized', () => {
    const hot = {...base, hostname: 'evil\u001B[2Jbox', warnings: [{kind: 'overheating' as const, message: 'Overheating: chip 80.0 °C (limit 75 °C)'}]}
    expect(compareReadings(base, hot).map(({message}) => message)).toEqual(['evilbox: Overheating: chip 80.0 °C (limit 75 °C)'])
    expect(compareReadings(hot, hot)).toEqual([])
  })
})
