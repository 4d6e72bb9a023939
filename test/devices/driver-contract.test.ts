import {describe, expect, it} from 'vitest'

import {refuseUnwritable} from '../../src/lib/devices/driver.js'

describe('refuseUnwritable', () => {
  it('names the fields a family cannot write, and ignores fields left undefined', () => {
    expect(() => refuseUnwritable({frequency: 600, pools: []}, ['pools'], 'Braiins OS')).toThrow(
      expect.objectContaining({code: 'UNSUPPORTED', message: 'Braiins OS: solominer changes only pools, not frequency'}),
    )
    expect(() => refuseUnwritable({fan: undefined, pools: []}, ['pools'], 'Braiins OS')).not.toThrow()
  })
})
