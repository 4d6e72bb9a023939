import {describe, expect, it} from 'vitest'

import {deviceString, refuseHiddenCharacters, sanitizeJson, sanitizeOutput, sanitizeText} from '../../src/lib/text/sanitize.js'

describe('sanitizeText', () => {
  it('strips CSI, OSC and bare ESC sequences and control characters', () => {
    expect(sanitizeText('\u001B[2J\u001B[31mbitaxe\u001B[0m')).toBe('bitaxe')
    expect(sanitizeText('\u001B]0;pwned\u0007host')).toBe('host')
    expect(sanitizeText('\u001B]8;;http://evil\u001B\\link\u001B]8;;\u001B\\')).toBe('link')
    expect(sanitizeText('a\rb\nc\u0000d\u009B31me')).toBe('abcde')
    expect(sanitizeText('tab\tkept')).toBe('tab\tkept')
  })

  it('strips bidi controls, zero-width and every other format character, and line separators', () => {
    expect(sanitizeText('v2.13.0\u202Elive')).toBe('v2.13.0live')
    const bidi = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C'
    const invisible = '\u200B\u200C\u200D\u2060\uFEFF\u00AD\u{E0041}\u2028\u2029\uD800'
    expect(sanitizeText(`a${bidi}b${invisible}c`)).toBe('abc')
    // Decided: the zero-width joiner goes inside emoji too (a family shows as its people).
    expect(sanitizeText('\u{1F468}\u200D\u{1F469}')).toBe('\u{1F468}\u{1F469}')
    // Letters, accents, CJK and emoji are text.
    expect(sanitizeText('Café 矿机 ⛏️ Ünïcödé')).toBe('Café 矿机 ⛏️ Ünïcödé')
  })

  it('caps the length with an ellipsis', () => {
    expect(sanitizeText('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`)
  })
})

describe('deviceString', () => {
  it('gives null for absent, empty and non-scalar values', () => {
    expect(deviceString(undefined)).toBeNull()
    expect(deviceString('  ')).toBeNull()
    expect(deviceString({a: 1})).toBeNull()
    expect(deviceString(42)).toBe('42')
    expect(deviceString(' \u001B[1mGamma\u001B[0m ')).toBe('Gamma')
  })
})

describe('sanitizeOutput', () => {
  it('keeps our colours and newlines, removes every other escape and hidden character', () => {
    expect(sanitizeOutput('\u001B[32mok\u001B[39m a\u202Eb\n\u001B]0;t\u0007c\u001B[2Jd')).toBe('\u001B[32mok\u001B[39m ab\ncd')
  })

  it('drops a conceal (SGR 8) sequence, which would hide text, but keeps colour 8 of the 256-colour palette', () => {
    expect(sanitizeOutput('a\u001B[8mhidden\u001B[0m')).toBe('ahidden\u001B[0m')
    expect(sanitizeOutput('\u001B[38;5;8mgrey')).toBe('\u001B[38;5;8mgrey')
  })
})

describe('sanitizeJson', () => {
  it('cleans every string and key, uncapped, and leaves other values alone', () => {
    const long = 'x'.repeat(300)
    expect(sanitizeJson({'k\u200B': ['a\u202Eb', 1, null, true, {long}]})).toEqual({k: ['ab', 1, null, true, {long}]})
  })
})

describe('refuseHiddenCharacters', () => {
  it('returns plain input and refuses (exit 2) input with a control or format character, echoing it clean', () => {
    expect(refuseHiddenCharacters('rig-1', 'worker name')).toBe('rig-1')
    expect(() => refuseHiddenCharacters('rig\t1', 'worker name')).toThrow('character U+0009')
    expect(() => refuseHiddenCharacters('\u001B[31mrig', 'worker name')).toThrow('The worker name "rig" contains the invisible or control character U+001B')
    let refused: unknown
    try {
      refuseHiddenCharacters('a\u2066b', 'alias')
    } catch (error) {
      refused = error
    }
    expect(refused).toMatchObject({code: 'INVALID_INPUT', exitCode: 2})
  })
})
