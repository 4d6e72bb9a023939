/**
 * `solominer status` end to end: the built CLI against AxeOS simulators on their own 127.42.0.x
 * addresses. Expected values are the simulators' own /api/system/info documents in canonical units.
 */
import {type AddressInfo, type Socket, createServer} from 'node:net'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {startNotAMiner} from '../helpers/not-a-miner.js'

const ESC = '\u001B'
let gamma: AxeosSim
let supra: AxeosSim
let config: ReturnType<typeof tempConfig>

const target = (sim: AxeosSim) => `${sim.address.host}:${sim.address.httpPort}`
/** A loopback address and port where nothing listens: connections are refused at once. */
const DEAD = '127.42.0.99:9'

beforeAll(async () => {
  gamma = await createAxeosSim({host: '127.42.0.1', hostname: 'gamma-office', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
  supra = await createAxeosSim({host: '127.42.0.2', hostname: 'supra-garage', httpPort: 0, jitter: false, profile: 'axeos-2.9'})
})

afterAll(async () => {
  await Promise.all([gamma?.stop(), supra?.stop()])
})

afterEach(() => config?.cleanup())

function run(args: string[]) {
  config = tempConfig()
  return runCli(['status', ...args], {env: config.env})
}

describe('solominer status', () => {
  it('reads every device into the uniform model with totals (exact values from the devices)', async () => {
    const uptimeBefore = gamma.info().uptimeSeconds as number
    const result = await run([target(gamma), target(supra), '--json'])
    expect(result.code).toBe(0)
    const [g, s] = result.json.devices
    const gi = gamma.info()
    expect(g).toMatchObject({
      bestDifficulty: 5_884_105_196,
      bestSessionDifficulty: 21_874_112,
      blocksFound: 0,
      driver: 'axeos',
      fanRpm: gi.fanrpm,
      firmwareVersion: 'v2.13.0',
      hashrate: Math.round((gi.hashRate as number) * 1e9),
      hostname: 'gamma-office',
      ip: '127.42.0.1',
      model: 'Gamma 601',
      ok: true,
      pool: {fallback: false, url: 'stratum+tcp://public-pool.io:21496', user: 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq.bitaxe'},
      power: gi.power,
      target: target(gamma),
      temperature: gi.temp,
      vrTemperature: gi.vrTemp,
      warnings: [],
    })
    // J/TH to 0.01: finer digits are float noise.
    expect(g.efficiency).toBe(Math.round(((gi.power as number) / ((gi.hashRate as number) / 1000)) * 100) / 100)
    // Read while the CLI ran: between the uptimes before and after it, however long a loaded machine took.
    expect(g.uptimeSeconds).toBeGreaterThanOrEqual(uptimeBefore)
    expect(g.uptimeSeconds).toBeLessThanOrEqual(gi.uptimeSeconds as number)
    // 2.9 reports best difficulties as SI strings ("5.88G", "21.9M").
    expect(s).toMatchObject({bestDifficulty: 5.88e9, bestSessionDifficulty: 21.9e6, firmwareVersion: 'v2.9.0', hostname: 'supra-garage', model: 'Supra 401', ok: true})
    expect(result.json.totals).toEqual({
      devices: 2,
      efficiency: expect.any(Number),
      hashrate: g.hashrate + s.hashrate,
      online: 2,
      power: g.power + s.power,
    })
  })

  it('reports whole hashes per second, without float artefacts of the GH/s conversion', async () => {
    // 1046.07 × 1e9 is 1046069999999.9999 and 1056.43 × 1e9 is 1056430000000.0001 in floating point.
    gamma.setTelemetry({expectedHashrate: 1056.43, hashRate: 1046.07})
    try {
      const result = await run([target(gamma), '--json'])
      expect(result.code).toBe(0)
      expect(result.json.devices[0]).toMatchObject({expectedHashrate: 1_056_430_000_000, hashrate: 1_046_070_000_000})
      expect(result.json.totals.hashrate).toBe(1_046_070_000_000)
    } finally {
      delete gamma.state.runtime.overrides.expectedHashrate
      delete gamma.state.runtime.overrides.hashRate
    }
  })

  it('shows the others and exits 6 when one device is down; 4 when none answers', async () => {
    const partial = await run([target(gamma), DEAD, '--json'])
    expect(partial.code).toBe(6)
    expect(partial.json.devices.map((d: {ok: boolean}) => d.ok)).toEqual([true, false])
    expect(partial.json.devices[1]).toMatchObject({error: {code: 'HOST_UNREACHABLE'}, hashrate: null, ip: '127.42.0.99', ok: false, target: DEAD})
    expect(partial.json.totals).toMatchObject({devices: 2, online: 1})

    const none = await run([DEAD, '--json'])
    expect(none.code).toBe(4)
    expect(none.json.totals).toEqual({devices: 1, efficiency: null, hashrate: 0, online: 0, power: 0})

    const human = await run([target(gamma), DEAD])
    expect(human.code).toBe(6)
    expect(human.stdout).toMatch(/gamma-office \(127\.42\.0\.1\)/)
    expect(human.stdout).toMatch(/127\.42\.0\.99:9 +- +offline/)
    expect(human.stdout).toMatch(/Total {2}1\/2 online/)
    expect(human.stdout).toMatch(/✗ 127\.42\.0\.99:9: /)
  })

  it('warns about a power fault, overheating and a shared pool, and never prints a device\'s escape sequences', async () => {
    const hostile = await createAxeosSim({host: '127.42.0.3', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
    try {
      hostile.state.settings.hostname = `${ESC}[2J${ESC}]0;owned\u0007evil${ESC}[31m-miner`
      hostile.state.settings.pools[0] = {...hostile.state.settings.pools[0]!, port: 3333, url: 'stratum.braiins.com', user: `alice${ESC}[5m.rig1`}
      hostile.setTelemetry({power_fault: `Vcore ${ESC}[41movervoltage`, temp: 81.5})
      const json = await run([target(hostile), '--json'])
      expect(json.code).toBe(0)
      expect(json.stdout).not.toContain(ESC)
      expect(json.json.devices[0].hostname).toBe('evil-miner')
      expect(json.json.devices[0].warnings).toEqual([
        {kind: 'power-fault', message: 'Power fault: Vcore overvoltage'},
        {kind: 'overheating', message: 'Overheating: chip 81.5 °C (limit 75 °C)'},
        {kind: 'not-solo', message: 'Pool Braiins Pool (FPPS) is a shared-reward pool, not solo mining'},
      ])
      const human = await run([target(hostile)])
      expect(human.stdout).not.toContain(ESC)
      expect(human.stdout).toContain('evil-miner (127.42.0.3)')
      expect(human.stdout).toContain('! evil-miner (127.42.0.3): Overheating: chip 81.5 °C (limit 75 °C)')
    } finally {
      await hostile.stop()
    }
  })

  it('reports a device that accepts connections and stays silent as a timeout (exit 4)', async () => {
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => {
      sockets.add(socket)
      socket.on('error', () => socket.destroy())
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.42.0.60', resolve))
    try {
      const port = (silent.address() as AddressInfo).port
      const result = await run([`127.42.0.60:${port}`, '--timeout', '300', '--json'])
      expect(result.code).toBe(4)
      expect(result.json.devices[0]).toMatchObject({
        error: {code: 'TIMEOUT', message: '127.42.0.60 accepts connections but did not answer within 300 ms'},
        ok: false,
      })
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it('reports a device that answers something else as not a known miner (exit 5)', async () => {
    const chatty = await startNotAMiner('127.42.0.61')
    try {
      const port = chatty.port
      const result = await run([`127.42.0.61:${port}`, '--timeout', '3000', '--json'])
      expect(result.code).toBe(5)
      expect(result.json.devices[0]).toMatchObject({
        error: {code: 'UNSUPPORTED', message: '127.42.0.61 accepts connections but does not answer as a miner solominer knows'},
        ok: false,
      })
    } finally {
      await chatty.close()
    }
  })

  it('refuses an unknown target with exit 2 and sends nothing', async () => {
    const before = gamma.journals[0]!.entries.length
    const result = await run(['no-such-alias', '--json'])
    expect(result.code).toBe(2)
    expect(result.json.error.code).toBe('UNKNOWN_TARGET')
    expect(gamma.journals[0]!.entries.length).toBe(before)
  })
})
