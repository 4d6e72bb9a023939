/** What a reading raises, given serve's memory of the device: hysteresis, baselines, once per condition. */
import {describe, expect, it} from 'vitest'

import {SolominerError, toDeviceError} from '../../src/lib/errors.js'
import {detectEvents, fleetEvents, newMemory} from '../../src/lib/serve/detect.js'
import type {DeviceStatusRow} from '../../src/lib/status/service.js'

let clock = Date.parse('2026-12-04T10:00:00Z')

function reading(overrides: Partial<DeviceStatusRow> = {}): DeviceStatusRow {
  clock += 10_000
  return {
    alias: null,
    bestDifficulty: 1000,
    bestSessionDifficulty: 500,
    blocksFound: 0,
    driver: 'axeos',
    efficiency: 16,
    expectedHashrate: 1.1e12,
    fanRpm: 4000,
    firmware: 'AxeOS',
    firmwareVersion: 'v2.15.0',
    hashrate: 1.1e12,
    hostname: 'gamma',
    httpPort: 80,
    ip: '192.0.2.5',
    mac: 'aa:bb:cc:dd:ee:ff',
    make: 'Bitaxe',
    model: 'Gamma 601',
    ok: true,
    pool: {fallback: false, url: 'stratum+tcp://solo.example:3333', user: 'bc1qaddress.rig'},
    power: 17.6,
    readAt: new Date(clock).toISOString(),
    rpcPort: 4028,
    sharesAccepted: 10,
    sharesRejected: 0,
    target: '192.0.2.5',
    temperature: 60,
    uptimeSeconds: 3600,
    vrTemperature: 50,
    warnings: [],
    ...overrides,
  }
}

const refused = toDeviceError(new SolominerError('HOST_UNREACHABLE', '192.0.2.5:80 refused the connection'))
const failed = () => reading({error: refused, ok: false})
const kinds = (events: {event: string}[]) => events.map((event) => event.event)

describe('detectEvents', () => {
  it('takes the first reading as a baseline: no change is an event yet', () => {
    expect(detectEvents(newMemory(), reading({blocksFound: 3, bestDifficulty: 9e9}), 3)).toEqual([])
  })

  it('reports offline once, after N failed polls in a row, and online when it answers again', () => {
    const memory = newMemory()
    detectEvents(memory, reading(), 3)
    const first = failed()
    expect(detectEvents(memory, first, 3)).toEqual([])
    expect(detectEvents(memory, failed(), 3)).toEqual([])
    // A glitch shorter than N polls is forgotten.
    expect(detectEvents(memory, reading(), 3)).toEqual([])
    const streak = failed()
    detectEvents(memory, streak, 3)
    detectEvents(memory, failed(), 3)
    const [offline] = detectEvents(memory, failed(), 3)
    expect(offline).toEqual({
      at: expect.any(String),
      data: {
        error: {code: 'HOST_UNREACHABLE', exitCode: 4, message: '192.0.2.5:80 refused the connection', suggestions: []},
        failedPolls: 3,
        since: streak.readAt,
      },
      device: {alias: null, hostname: 'gamma', ip: '192.0.2.5', mac: 'aa:bb:cc:dd:ee:ff', model: 'Gamma 601'},
      event: 'offline',
      id: `offline:aa:bb:cc:dd:ee:ff:${streak.readAt}`,
      message: 'gamma (192.0.2.5) is offline (192.0.2.5:80 refused the connection)',
    })
    expect(detectEvents(memory, failed(), 3)).toEqual([])
    const back = detectEvents(memory, reading(), 3)
    expect(kinds(back)).toEqual(['online'])
    expect(back[0]!.data).toEqual({downSeconds: 40, since: streak.readAt})
  })

  it('reports a condition when it starts, not while it lasts, and again when it comes back', () => {
    const memory = newMemory()
    const hot = {warnings: [{kind: 'overheating' as const, message: 'Overheating: chip 80.0 °C (limit 75 °C)'}]}
    expect(kinds(detectEvents(memory, reading(hot), 3))).toEqual(['overheat'])
    expect(detectEvents(memory, reading(hot), 3)).toEqual([])
    expect(detectEvents(memory, reading(), 3)).toEqual([])
    expect(kinds(detectEvents(memory, reading(hot), 3))).toEqual(['overheat'])
  })

  it('names blocks and best difficulties by their value, so the same occurrence has the same id', () => {
    const memory = newMemory()
    detectEvents(memory, reading(), 3)
    const events = detectEvents(memory, reading({bestDifficulty: 5e14, blocksFound: 1}), 3)
    expect(events.map((event) => event.id)).toEqual(['block-found:aa:bb:cc:dd:ee:ff:1', 'best-difficulty:aa:bb:cc:dd:ee:ff:500000000000000'])
    expect(detectEvents(memory, reading({bestDifficulty: 5e14, blocksFound: 1}), 3)).toEqual([])
  })

  it('sees a restart in uptime going backwards and a pool change in the pool in use', () => {
    const memory = newMemory()
    detectEvents(memory, reading(), 3)
    const events = detectEvents(memory, reading({pool: {fallback: true, url: 'stratum+tcp://other.example:3333', user: 'someone'}, uptimeSeconds: 12}), 3)
    expect(kinds(events)).toEqual(['restarted', 'pool-changed'])
    expect(events[1]!.message).toBe('gamma (192.0.2.5) now mines on stratum+tcp://other.example:3333 (someone), was stratum+tcp://solo.example:3333 (bc1qaddress.rig)')
  })
})

describe('fleetEvents', () => {
  it('makes the whole fleet going offline in one round one event', () => {
    const memories = [newMemory(), newMemory()]
    const rows = [reading({ip: '192.0.2.5'}), reading({ip: '192.0.2.6', mac: '02:00:00:00:00:06'})]
    rows.forEach((row, index) => detectEvents(memories[index]!, row, 1))
    const offline = rows.flatMap((row, index) => detectEvents(memories[index]!, {...failed(), ip: row.ip, mac: row.mac}, 1))
    expect(kinds(offline)).toEqual(['offline', 'offline'])
    const [fleet, ...rest] = fleetEvents(offline, 2)
    expect(rest).toEqual([])
    expect(fleet).toMatchObject({device: null, event: 'offline', message: 'All 2 devices are offline: is the network down?'})
    expect(fleet!.data.devices).toEqual(offline.map((event) => event.device))
    // Two devices of three are not the whole fleet.
    expect(fleetEvents(offline, 3)).toEqual(offline)
  })
})
