/** Canonical H/s from device units are whole hashes: the helper and the cgminer fields that use it. */
import {describe, expect, it} from 'vitest'

import {hashrateField} from '../../src/lib/devices/cgminer/fields.js'
import {toHashesPerSecond} from '../../src/lib/devices/model.js'

describe('toHashesPerSecond', () => {
  it('rounds the float product to whole hashes', () => {
    expect(toHashesPerSecond(1046.07, 1e9)).toBe(1_046_070_000_000)
    expect(toHashesPerSecond(1056.43, 1e9)).toBe(1_056_430_000_000)
    expect(toHashesPerSecond(13.55, 1e12)).toBe(13_550_000_000_000)
  })

  it('is what cgminer MHS/GHS/THS fields convert with', () => {
    expect(hashrateField({'MHS 5s': 1046.07}, '5s')).toBe(1_046_070_000)
    expect(hashrateField({'GHS 5s': '1056.43'}, '5s')).toBe(1_056_430_000_000)
    expect(hashrateField({'THS av': 0.1}, 'av')).toBe(100_000_000_000)
  })
})
