import {describe, expect, it} from 'vitest'

import {ExitCode, SolominerError, devicesExitCode, toDeviceError} from '../../src/lib/errors.js'
import {type DeviceStatusRow, failedRow, statusExitCode, statusTotals} from '../../src/lib/status/service.js'
import {sparkline} from '../../src/ui/sparkline.js'

const address = {host: '10.0.0.5', httpPort: 80, rpcPort: 4028}

function online(hashrate: number | null, power: number | null): DeviceStatusRow {
  return {...failedRow({target: 'x'}, address, null, new Error('unused')), error: undefined, hashrate, ok: true, power}
}

describe('statusTotals', () => {
  it('sums online devices and computes fleet J/TH only over devices reporting both power and hashrate', () => {
    const devices = [online(1.2e12, 18), online(6e12, 140), online(13.5e12, null), failedRow({target: 'y'}, address, null, new Error('down'))]
    expect(statusTotals(devices)).toEqual({
      devices: 4,
      // (18 + 140) / 7.2 = 21.944..., to 0.1 J/TH.
      efficiency: 21.9,
      hashrate: 20.7e12,
      online: 3,
      power: 158,
    })
  })
})

describe('statusExitCode', () => {
  const down = (code: 'HOST_UNREACHABLE' | 'TIMEOUT' | 'DEVICE_ERROR') => ({error: toDeviceError(new SolominerError(code, '')), ok: false})
  it('is 0 when all were read, 6 when some failed, 4 when none was reachable, 5 when none answered usefully', () => {
    expect(statusExitCode([{ok: true}, {ok: true}])).toBe(ExitCode.Ok)
    expect(statusExitCode([{ok: true}, down('TIMEOUT')])).toBe(ExitCode.PartialFailure)
    expect(statusExitCode([down('HOST_UNREACHABLE'), down('TIMEOUT')])).toBe(ExitCode.Unreachable)
    expect(statusExitCode([down('HOST_UNREACHABLE'), down('DEVICE_ERROR')])).toBe(ExitCode.Device)
  })
})

describe('sparkline', () => {
  it('scales between min and max, shows gaps for offline readings and keeps the last values', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█')
    expect(sparkline([5, null, 5])).toBe('▄ ▄')
    expect(sparkline([0, 0])).toBe('▁▁')
    expect(sparkline([1, 2, 3], 2)).toBe('▁█')
    expect(sparkline([null, null])).toBe('  ')
  })
})

describe('devicesExitCode (the one policy of status, config and switch)', () => {
  const failed = (exitCode: number) => ({error: {exitCode}, failed: true})
  it('is 0 with no failure, the shared code when every device has an error, 5 when their codes differ, 6 for some', () => {
    expect(devicesExitCode([])).toBe(ExitCode.Ok)
    expect(devicesExitCode([{failed: false}, {error: {exitCode: 5}, failed: false}])).toBe(ExitCode.Ok)
    expect(devicesExitCode([failed(7)])).toBe(ExitCode.NotVerified)
    expect(devicesExitCode([failed(4), failed(4)])).toBe(ExitCode.Unreachable)
    expect(devicesExitCode([failed(4), failed(7)])).toBe(ExitCode.Device)
    expect(devicesExitCode([{error: {exitCode: 5}, failed: false}])).toBe(ExitCode.Device)
    expect(devicesExitCode([{failed: false}, failed(4)])).toBe(ExitCode.PartialFailure)
  })

  it('is 130 when Ctrl-C interrupted any device, whatever the others did', () => {
    expect(devicesExitCode([{failed: false}, failed(4), {error: {exitCode: 130}, failed: false}])).toBe(ExitCode.Interrupted)
    expect(statusExitCode([{ok: true}, {error: toDeviceError(new SolominerError('INTERRUPTED', '')), ok: false}])).toBe(ExitCode.Interrupted)
  })
})
