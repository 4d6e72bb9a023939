import {describe, expect, it} from 'vitest'

import {deviceString, sanitizeText} from '../../src/lib/text/sanitize.js'

describe('sanitizeText', () => {
  it('strips CSI, OSC and bare ESC sequences and control characters', () => {
    expect(sanitizeText('\u001B[2J\u001B[31mbitaxe\u001B[0m')).toBe('bitaxe')
    expect(sanitizeText('\u001B]0;pwned\u0007host')).toBe('host')
    expect(sanitizeText('\u001B]8;;http://evil\u001B\\link\u001B]8;;\u001B\\')).toBe('link')
    expect(sanitizeText('a\rb\nc\u0000d\u009B31me')).toBe('abcde')
    expect(sanitizeText('tab\tkept')).toBe('tab\tkept')
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
