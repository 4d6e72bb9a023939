import {describe, expect, it} from 'vitest'

import {btminerMessage, driver, parseWhatsminerStatus} from '../../../src/lib/devices/whatsminer/driver.js'
import {identifyAddress} from '../../../src/lib/discovery/identify.js'
import {parseCgminerJson} from '../../../src/lib/net/cgminer.js'
import {createWhatsminerSim} from '../../../src/sim/whatsminer.js'
import {fixtureText, useSimHarness} from '../../helpers/sim-harness.js'

const reply = (name: string) => parseCgminerJson(fixtureText(`whatsminer/${name}`)) as Record<string, unknown>

const EXPECTED_POOL = {fallback: false, url: 'stratum+tcp://btc.example.pool:3333', user: 'asic-rs.test'}

describe('btminer status parsing (real replies)', () => {
  it('reads the summary with the invalid \\\' escape, power and inlet/outlet fans', () => {
    const status = parseWhatsminerStatus(reply('whatsminer-summary-invalid-escape.json.txt'), reply('v2-pools.json'))
    expect(status.hashrate).toBeCloseTo(64143777.95e6, -3)
    expect(status.power).toBe(3491)
    expect(status.temperature).toBe(87.7)
    expect(status.fanRpm).toBe(4950)
    expect(status.expectedHashrate).toBe(67051e9)
    expect(status.blocksFound).toBe(25)
    expect(status.sharesAccepted).toBe(5018)
    expect(status.uptimeSeconds).toBe(66295)
    expect(status.efficiency).toBeCloseTo(3491 / 64.14377795, 6)
    expect(status.pool).toEqual(EXPECTED_POOL)
  })
})

const harness = useSimHarness()

describe('whatsminer driver against its simulator', () => {
  it('identifies from the `invalid cmd` version reply, devdetails and get_version/get_miner_info', async () => {
    const sim = harness.track(await createWhatsminerSim({host: '127.0.9.31', hostname: 'wm-garage', mac: 'c4:11:04:01:3c:75'}))
    const {ctx} = harness
    expect(await identifyAddress(sim.address, ctx, {openPorts: [sim.address.rpcPort]})).toEqual({
      address: sim.address,
      asic: null,
      driver: 'whatsminer',
      firmware: 'btminer',
      firmwareVersion: '20230803.11.REL',
      hostname: 'wm-garage',
      mac: 'c4:11:04:01:3c:75',
      make: 'MicroBT',
      model: 'Whatsminer M31SV10',
    })
    const bodies = sim.rpc.journal.entries.map((entry) => entry.body)
    expect(bodies).toEqual(expect.arrayContaining(['{"command":"version"}', '{"command":"devdetails"}', '{"cmd":"get_version"}', '{"cmd":"get_miner_info"}']))
    expect(sim.rpc.journal.writes()).toEqual([])
  })

  it('reads btminer replies whose STATUS is a bare string (get_token)', async () => {
    const sim = harness.track(await createWhatsminerSim({host: '127.0.9.33'}))
    const {ctx} = harness
    expect(await btminerMessage(sim.address, 'get_token', ctx)).toEqual({newsalt: 'a5TtWui2', salt: 'BQ5hoXV9', time: '6915'})
    expect(await btminerMessage(sim.address, 'no_such_command', ctx)).toBeNull()
  })

  it('reads status and offers no configuration', async () => {
    const sim = harness.track(await createWhatsminerSim({host: '127.0.9.32'}))
    const {ctx} = harness
    const status = await driver.readStatus(sim.address, ctx)
    expect(status.power).toBe(3491)
    expect(status.pool).toEqual(EXPECTED_POOL)
    expect(driver.writeConfig).toBeUndefined()
    expect(driver.capabilities.configWrite).toEqual([])
  })
})
