import {describe, expect, it} from 'vitest'

import {SolominerError, toDeviceError} from '../../src/lib/errors.js'
import {compareReadings} from '../../src/lib/watch/alerts.js'

type Row = Parameters<typeof compareReadings>[1]

const base: Row = {
  alias: null,
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
      {kind: 'block-found', message: 'gamma (10.0.0.5) FOUND A BLOCK (blocks found: 1)'},
      {kind: 'best-difficulty', message: 'gamma (10.0.0.5) beat its best difficulty: 1000 → 5000'},
    ])
  })

  it('reports going offline once, and coming back', () => {
    const down = {...base, error: toDeviceError(new SolominerError('TIMEOUT', '10.0.0.5:80 did not answer within 3000 ms')), ok: false}
    expect(compareReadings(base, down)).toEqual([
      {at: base.readAt, ip: '10.0.0.5', kind: 'offline', message: 'gamma (10.0.0.5) went offline (did not answer within 3000 ms)', target: '10.0.0.5'},
    ])
    expect(compareReadings(down, down)).toEqual([])
    expect(compareReadings(down, base).map(({kind}) => kind)).toEqual(['online'])
  })

  it('names the device as status does: its alias, else its hostname, with the address; else the target', () => {
    const refused = toDeviceError(new SolominerError('HOST_UNREACHABLE', '10.0.0.5:18080/api/system/info refused the connection'))
    const message = (row: Partial<Row>) =>
      compareReadings(undefined, {...base, ...row, error: refused, ok: false})[0]!.message
    expect(message({alias: 'office'})).toBe('office (10.0.0.5) went offline (refused the connection)')
    expect(message({})).toBe('gamma (10.0.0.5) went offline (refused the connection)')
    expect(message({hostname: null, target: '10.0.0.5:18080'})).toBe('10.0.0.5:18080 went offline (refused the connection)')
  })

  it('reports overheating when it starts, with the name sanitized', () => {
    const hot = {...base, hostname: 'evil\u001B[2Jbox', warnings: [{kind: 'overheating' as const, message: 'Overheating: chip 80.0 °C (limit 75 °C)'}]}
    expect(compareReadings(base, hot).map(({message}) => message)).toEqual(['evilbox (10.0.0.5): Overheating: chip 80.0 °C (limit 75 °C)'])
    expect(compareReadings(hot, hot)).toEqual([])
  })
})
