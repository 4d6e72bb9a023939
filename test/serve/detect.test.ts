/** What a reading raises, given serve's memory of the device: hysteresis, baselines, once per condition. */
import {describe, expect, it} from 'vitest'

import {SolominerError, toDeviceError} from '../../src/lib/errors.js'
import {type DetectRules, type FleetMember, detectEvents, detectRound, newFleetMemory, newMemory} from '../../src/lib/serve/detect.js'
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
    mining: null,
    model: 'Gamma 601',
    ok: true,
    pool: {fallback: false, url: 'stratum+tcp://solo.example:3333', user: 'bc1qaddress.rig'},
    pools: [{active: true, url: 'stratum+tcp://solo.example:3333', user: 'bc1qaddress.rig'}],
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
/** Offline after 3 failed polls; a drop below 80 % of the expected hashrate for a minute. */
const RULES: DetectRules = {hashrateDrop: {forMs: 60_000, percent: 80}, offlineAfter: 3}
const kinds = (events: {event: string}[]) => events.map((event) => event.event)

describe('detectEvents', () => {
  it('takes the first reading as a baseline: no change is an event yet', () => {
    expect(detectEvents(newMemory(), reading({blocksFound: 3, bestDifficulty: 9e9}), RULES)).toEqual([])
  })

  it('reports offline once, after N failed polls in a row, and online when it answers again', () => {
    const memory = newMemory()
    detectEvents(memory, reading(), RULES)
    const first = failed()
    expect(detectEvents(memory, first, RULES)).toEqual([])
    expect(detectEvents(memory, failed(), RULES)).toEqual([])
    // A glitch shorter than N polls is forgotten.
    expect(detectEvents(memory, reading(), RULES)).toEqual([])
    const streak = failed()
    detectEvents(memory, streak, RULES)
    detectEvents(memory, failed(), RULES)
    const [offline] = detectEvents(memory, failed(), RULES)
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
    expect(detectEvents(memory, failed(), RULES)).toEqual([])
    const back = detectEvents(memory, reading(), RULES)
    expect(kinds(back)).toEqual(['online'])
    expect(back[0]!.data).toEqual({downSeconds: 40, since: streak.readAt})
  })

  it('reports a condition when it starts, not while it lasts, and again when it comes back', () => {
    const memory = newMemory()
    const hot = {warnings: [{kind: 'overheating' as const, message: 'Overheating: chip 80.0 °C (limit 75 °C)'}]}
    expect(kinds(detectEvents(memory, reading(hot), RULES))).toEqual(['overheat'])
    expect(detectEvents(memory, reading(hot), RULES)).toEqual([])
    expect(detectEvents(memory, reading(), RULES)).toEqual([])
    expect(kinds(detectEvents(memory, reading(hot), RULES))).toEqual(['overheat'])
  })

  it('names blocks and best difficulties by their value, so the same occurrence has the same id', () => {
    const memory = newMemory()
    detectEvents(memory, reading(), RULES)
    const events = detectEvents(memory, reading({bestDifficulty: 5e14, blocksFound: 1}), RULES)
    expect(events.map((event) => event.id)).toEqual(['block-found:aa:bb:cc:dd:ee:ff:1', 'best-difficulty:aa:bb:cc:dd:ee:ff:500000000000000'])
    expect(detectEvents(memory, reading({bestDifficulty: 5e14, blocksFound: 1}), RULES)).toEqual([])
  })

  it('sees a restart in uptime going backwards and a pool change in the pool in use', () => {
    const memory = newMemory()
    detectEvents(memory, reading(), RULES)
    const events = detectEvents(memory, reading({pool: {fallback: true, url: 'stratum+tcp://other.example:3333', user: 'someone'}, uptimeSeconds: 12}), RULES)
    expect(kinds(events)).toEqual(['restarted', 'pool-changed'])
    expect(events[1]!.message).toBe('gamma (192.0.2.5) now mines on stratum+tcp://other.example:3333 (someone), was stratum+tcp://solo.example:3333 (bc1qaddress.rig)')
  })
})

describe('hashrate-drop', () => {
  it('reports a hashrate below the threshold for long enough once, and again only after it recovered past the hysteresis', () => {
    const memory = newMemory()
    const at = (percent: number) => reading({hashrate: (1.1e12 * percent) / 100})
    detectEvents(memory, at(100), RULES)
    // 79 % from now on: 10 s steps, reported once the minute is full (the 7th reading).
    const low = Array.from({length: 6}, () => detectEvents(memory, at(79), RULES))
    expect(low.flat()).toEqual([])
    const [drop, ...more] = detectEvents(memory, at(79), RULES)
    expect(more).toEqual([])
    expect(drop).toMatchObject({
      data: {expectedHashrate: 1.1e12, hashrate: 0.869e12, percent: 79},
      event: 'hashrate-drop',
      id: `hashrate-drop:aa:bb:cc:dd:ee:ff:${drop!.data.since}`,
      message: `gamma (192.0.2.5) hashes at 79 % of its expected rate since ${drop!.data.since}`,
    })
    expect(Date.parse(drop!.at) - Date.parse(drop!.data.since as string)).toBe(60_000)
    // Hovering around the threshold (81 %, 78 %...) for minutes is the same drop.
    for (const percent of [81, 78, 82, 79, 79, 79, 79, 79, 79, 79, 84]) expect(detectEvents(memory, at(percent), RULES)).toEqual([])
    // Back to 85 % (80 + 5): re-armed; the next long drop is a new occurrence.
    expect(detectEvents(memory, at(85), RULES)).toEqual([])
    const again = Array.from({length: 7}, () => detectEvents(memory, at(50), RULES)).flat()
    expect(kinds(again)).toEqual(['hashrate-drop'])
    expect(again[0]!.id).not.toBe(drop!.id)
  })

  it('needs both figures, and is off without a rule', () => {
    const memory = newMemory()
    for (let i = 0; i < 10; i++) expect(detectEvents(memory, reading({expectedHashrate: null, hashrate: 1}), RULES)).toEqual([])
    for (let i = 0; i < 10; i++) expect(detectEvents(memory, reading({hashrate: 1}), {...RULES, hashrateDrop: null})).toEqual([])
  })
})

describe('best difficulty', () => {
  it('keeps the all-time best of firmware that only reports a session best (cgminer), across device restarts', () => {
    const memory = newMemory()
    const avalon = (session: number) => reading({bestDifficulty: null, bestSessionDifficulty: session, driver: 'avalon'})
    detectEvents(memory, avalon(4000), RULES)
    expect(memory.bestDifficulty).toBe(4000)
    // The device restarted: its session best starts again; serve remembers 4000.
    expect(detectEvents(memory, avalon(100), RULES)).toEqual([])
    expect(detectEvents(memory, avalon(3999), RULES)).toEqual([])
    const [best] = detectEvents(memory, avalon(4500), RULES)
    expect(best).toMatchObject({data: {bestDifficulty: 4500, previous: 4000, scope: 'device'}, event: 'best-difficulty', id: 'best-difficulty:aa:bb:cc:dd:ee:ff:4500'})
    expect(memory.bestDifficulty).toBe(4500)
  })
})

/** Two devices as one poll round sees them. */
function fleetOf(): {member: (index: number, row: DeviceStatusRow, fresh?: boolean) => FleetMember} {
  const memories = [newMemory(), newMemory()]
  return {member: (index, row, fresh = true) => ({fresh, memory: memories[index]!, row: {...row, ip: `192.0.2.${5 + index}`, mac: `02:00:00:00:00:0${index}`}})}
}

describe('detectRound', () => {
  it('makes a device best that beats every device a fleet best-difficulty, after a baseline round', () => {
    const fleet = newFleetMemory()
    const {member} = fleetOf()
    expect(detectRound(fleet, [member(0, reading({bestDifficulty: 1000})), member(1, reading({bestDifficulty: 9000}))], RULES)).toEqual([])
    expect(fleet.bestDifficulty).toBe(9000)
    // A device best, not the fleet's.
    expect(kinds(detectRound(fleet, [member(0, reading({bestDifficulty: 5000})), member(1, reading({bestDifficulty: 9000}))], RULES))).toEqual(['best-difficulty'])
    const events = detectRound(fleet, [member(0, reading({bestDifficulty: 12_000})), member(1, reading({bestDifficulty: 9000}))], RULES)
    expect(events).toHaveLength(2)
    expect(events[1]).toMatchObject({
      data: {bestDifficulty: 12_000, device: {ip: '192.0.2.5'}, previous: 9000, scope: 'fleet'},
      device: null,
      event: 'best-difficulty',
      id: 'best-difficulty:fleet:12000',
      message: 'New fleet best difficulty: 12000, was 9000 (gamma (192.0.2.5))',
    })
    expect(fleet.bestDifficulty).toBe(12_000)
  })

  it('makes a LAN outage one fleet offline and one fleet online, however many rounds each device takes', () => {
    const fleet = newFleetMemory()
    const {member} = fleetOf()
    const rules = {...RULES, offlineAfter: 2}
    detectRound(fleet, [member(0, reading()), member(1, reading())], rules)
    // Device 0 is polled every round, device 1 every other round (a slower family): the first reaches
    // --offline-after in round 2, the other in round 4.
    const down = failed()
    expect(detectRound(fleet, [member(0, failed()), member(1, down)], rules)).toEqual([])
    const [outage, ...rest] = detectRound(fleet, [member(0, failed()), member(1, down, false)], rules)
    expect(rest).toEqual([])
    expect(outage).toMatchObject({data: {since: down.readAt}, device: null, event: 'offline', id: `offline:fleet:${down.readAt}`, message: 'All 2 devices are offline: is the network down?'})
    expect(detectRound(fleet, [member(0, failed()), member(1, failed())], rules)).toEqual([])
    expect(detectRound(fleet, [member(0, failed()), member(1, failed(), false)], rules)).toEqual([])
    // The LAN is back: the first answer is the fleet's online; the other device's return is no event.
    const back = reading()
    const [online, ...others] = detectRound(fleet, [member(0, back), member(1, failed(), false)], rules)
    expect(others).toEqual([])
    expect(online).toMatchObject({data: {since: down.readAt}, device: null, event: 'online', id: `online:fleet:${down.readAt}`, message: expect.stringMatching(/^The network is back: gamma \(192\.0\.2\.5\) answers again \(down \d+ s\)$/)})
    expect(detectRound(fleet, [member(0, reading()), member(1, reading())], rules)).toEqual([])
    expect(fleet.offlineSince).toBeNull()
  })

  it('waits for the other devices before reporting the first one to notice an outage', () => {
    const fleet = newFleetMemory()
    const {member} = fleetOf()
    const rules = {...RULES, offlineAfter: 1}
    const earlier = reading()
    detectRound(fleet, [member(0, reading()), member(1, earlier)], rules)
    // Device 0 fails; device 1 answered before that and has not been asked since: undecided.
    expect(detectRound(fleet, [member(0, failed()), member(1, earlier, false)], rules)).toEqual([])
    // Now both are known to fail: one fleet event, not device 0's alone.
    expect(detectRound(fleet, [member(0, failed()), member(1, failed())], rules).map((event) => [event.event, event.device])).toEqual([['offline', null]])
  })

  it('still reports a device down alone once the others answered again', () => {
    const fleet = newFleetMemory()
    const {member} = fleetOf()
    const rules = {...RULES, offlineAfter: 1}
    const earlier = reading()
    detectRound(fleet, [member(0, reading()), member(1, earlier)], rules)
    const down = failed()
    expect(detectRound(fleet, [member(0, down), member(1, earlier, false)], rules)).toEqual([])
    const [offline, ...rest] = detectRound(fleet, [member(0, failed()), member(1, reading())], rules)
    expect(rest).toEqual([])
    // The same occurrence (same id) as it would have had: it started with the first failed poll.
    expect(offline).toMatchObject({data: {since: down.readAt}, device: {ip: '192.0.2.5'}, event: 'offline', id: `offline:02:00:00:00:00:00:${down.readAt}`})
  })

  it('reports a device that stays away after the outage on its own, and one device down alone as itself', () => {
    const fleet = newFleetMemory()
    const {member} = fleetOf()
    const rules = {...RULES, offlineAfter: 1}
    detectRound(fleet, [member(0, reading()), member(1, reading())], rules)
    expect(kinds(detectRound(fleet, [member(0, failed()), member(1, failed())], rules))).toEqual(['offline'])
    expect(kinds(detectRound(fleet, [member(0, reading()), member(1, failed())], rules))).toEqual(['online'])
    const [alone] = detectRound(fleet, [member(0, reading()), member(1, failed())], rules)
    expect(alone).toMatchObject({device: {ip: '192.0.2.6'}, event: 'offline'})
    expect(kinds(detectRound(fleet, [member(0, reading()), member(1, reading())], rules))).toEqual(['online'])
  })
})
