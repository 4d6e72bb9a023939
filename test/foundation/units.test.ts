import {describe, expect, it} from 'vitest'

import {SolominerError} from '../../src/lib/errors.js'
import {parseDifficulty, parseDuration, parseHashrate, parseSiNumber} from '../../src/lib/units.js'

describe('parseHashrate', () => {
  it.each([
    ['1.2TH', 1.2e12],
    ['1.2 TH/s', 1.2e12],
    ['1.2T', 1.2e12],
    ['1.2th/s', 1.2e12],
    ['500GH', 5e11],
    ['950 MH/s', 9.5e8],
    ['1PH', 1e15],
    ['0.5EH', 5e17],
    ['1.2e12', 1.2e12],
    ['1200000000000', 1.2e12],
    ['15 kH/s', 15_000],
    ['2 Hps', 2],
    ['1.2th/S', 1.2e12],
  ])('%s is %d H/s', (input, expected) => {
    expect(parseHashrate(input)).toBeCloseTo(expected, 0)
  })

  it.each(['0', '-1TH', 'NaN', 'abc', 'fast', '1.2XH', '', 'TH', '1.2 TH/h'])('rejects %j naming the accepted forms', (input) => {
    expect(() => parseHashrate(input)).toThrowError(/expected a positive value like 1\.2TH/)
    try {
      parseHashrate(input)
    } catch (error) {
      expect((error as SolominerError).code).toBe('INVALID_INPUT')
      expect((error as SolominerError).exitCode).toBe(2)
      expect((error as SolominerError).suggestions).toEqual([
        'Write a positive number with a unit: 1.2TH (= 1.2 TH/s), 500GH, 950MH; a plain number is in H/s',
      ])
    }
  })
})

describe('parseSiNumber', () => {
  it('reads device difficulty strings and numbers', () => {
    expect(parseSiNumber('4.29G')).toBe(4.29e9)
    expect(parseSiNumber('1.1T')).toBeCloseTo(1.1e12, 0)
    expect(parseSiNumber('512')).toBe(512)
    expect(parseSiNumber(' 12.5 k ')).toBe(12_500)
    expect(parseSiNumber(77)).toBe(77)
  })

  it('gives null for what is not a number', () => {
    expect(parseSiNumber('nan')).toBeNull()
    expect(parseSiNumber(Number.NaN)).toBeNull()
    expect(parseSiNumber({})).toBeNull()
    expect(parseSiNumber('4.29Q')).toBeNull()
  })
})

describe('parseDifficulty and parseDuration', () => {
  it('accepts plain, exponent, SI and separated forms', () => {
    expect(parseDifficulty('145042165424853.29')).toBe(Number('145042165424853.29'))
    expect(parseDifficulty('1e14')).toBe(1e14)
    expect(parseDifficulty('145.04T')).toBeCloseTo(145.04e12, 0)
    expect(parseDifficulty('145,042,165,424,853')).toBe(145_042_165_424_853)
    expect(() => parseDifficulty('-3')).toThrowError(/Invalid difficulty/)
  })

  it('reads periods with a 365-day year', () => {
    expect(parseDuration('5y')).toBe(5 * 365 * 86_400)
    expect(parseDuration('90d')).toBe(90 * 86_400)
    expect(parseDuration('12h')).toBe(43_200)
    expect(parseDuration('30min')).toBe(1800)
    expect(parseDuration('2w')).toBe(1_209_600)
    expect(() => parseDuration('5 parsecs')).toThrowError(/Invalid --period/)
  })

  it('errors suggest the accepted forms', () => {
    const suggestions = (parse: () => unknown) => {
      try {
        parse()
      } catch (error) {
        return (error as SolominerError).suggestions
      }
      throw new Error('expected a throw')
    }
    expect(suggestions(() => parseDifficulty('abc'))).toEqual([
      'Write the full number (145042165424853.29), an exponent (1.4504e14) or a k/M/G/T/P/E suffix (145.04T, 4.29G)',
    ])
    expect(suggestions(() => parseDuration('bogus'))).toEqual([
      'Write a number and a unit (ms, s (seconds), min (minutes), h (hours), d (days), w (weeks), y (365-day years)); a bare number is in seconds, e.g. --period 90d',
    ])
  })
})
