/**
 * Absurd figures (issue 8 §5): an AxeOS device replying fan 1e300 RPM, power 1e308 W, a chip at 1e9 °C,
 * uptime −5 s and −1 accepted shares. Each is unknown (null) with one note naming what was ignored,
 * never printed as a number, never summed into the totals and never a reason for an overheat warning.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {type CliResult, runCli, tempConfig} from '../helpers/cli.js'

const NOTE = {
  kind: 'implausible-value',
  message: 'Impossible figures from the device, shown as unknown: power, temperature, fan RPM, fan %, uptime, accepted shares, best difficulty',
}

let liar: AxeosSim
let honest: AxeosSim
let config: ReturnType<typeof tempConfig>
const target = (sim: AxeosSim) => `${sim.address.host}:${sim.address.httpPort}`

beforeAll(async () => {
  liar = await createAxeosSim({host: '127.84.4.1', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
  honest = await createAxeosSim({host: '127.84.4.2', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
  liar.setTelemetry({bestDiff: 1e300, fanrpm: 1e300, fanspeed: 1e300, power: 1e308, sharesAccepted: -1, temp: 1e9, uptimeSeconds: -5})
})

afterAll(async () => {
  await Promise.all([liar?.stop(), honest?.stop()])
})

afterEach(() => config?.cleanup())

function run(args: string[]): Promise<CliResult> {
  config = tempConfig()
  return runCli(args, {env: config.env})
}

describe('figures outside their plausible range', () => {
  it('status --json: null with one note, no false overheat, totals from the plausible figures only', async () => {
    const {code, json} = await run(['status', target(liar), target(honest), '--json'])
    expect(code).toBe(0)
    const [bad, good] = json.devices
    expect(bad).toMatchObject({bestDifficulty: null, efficiency: null, fanRpm: null, power: null, sharesAccepted: null, temperature: null, uptimeSeconds: null})
    expect(bad.hashrate).toBe(Math.round((liar.info().hashRate as number) * 1e9))
    expect(bad.sharesRejected).toBe(liar.info().sharesRejected)
    expect(bad.warnings).toEqual([NOTE])
    expect(json.totals).toMatchObject({hashrate: bad.hashrate + good.hashrate, power: good.power})
  })

  it('status (human): no 1e+ figure, no negative uptime, the note instead', async () => {
    const {code, stdout} = await run(['status', target(liar)])
    expect(code).toBe(0)
    expect(stdout).not.toMatch(/e\+\d|Infinity|NaN|-5 s/)
    expect(stdout).not.toMatch(/overheat/i)
    expect(stdout).toContain(`: ${NOTE.message}\n`)
  })

  it('watch --json reads the same way', async () => {
    const {code, stdout} = await run(['watch', target(liar), '--json', '--count', '1', '--difficulty', '100T'])
    expect(code).toBe(0)
    const line = JSON.parse(stdout.trim().split('\n')[0]!)
    const device = line.devices[0]
    expect(device).toMatchObject({fanRpm: null, power: null, temperature: null, uptimeSeconds: null})
    expect(JSON.stringify(line)).not.toContain('overheating')
  })

  it('config get: an absurd frequency and core voltage are unknown', async () => {
    liar.setTelemetry({coreVoltage: 1e12, frequency: -525})
    try {
      const {code, json} = await run(['config', 'get', target(liar), '--json'])
      expect(code).toBe(0)
      expect(JSON.stringify(json)).not.toMatch(/1000000000000|-525/)
      expect(json.devices[0].config).toMatchObject({coreVoltage: null, frequency: null})
    } finally {
      liar.setTelemetry({coreVoltage: undefined, frequency: undefined})
    }
  })
})
