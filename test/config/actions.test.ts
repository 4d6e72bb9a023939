/** `restart`, `identify` and `config get` through the built CLI against the simulators. */
import {describe, expect, it} from 'vitest'

import {createAvalonSim} from '../../src/sim/avalon.js'
import {axeos, cli, nextLoopback, targetOf, track, writes} from './helpers.js'

describe('restart', () => {
  it('asks the firmware to restart and waits until the device has gone and answers again', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['restart', targetOf(sim), '--yes', '--json'])
    expect(code, JSON.stringify(json)).toBe(0)
    expect(json).toEqual({dryRun: false, interrupted: false, results: [{back: true, ip: sim.address.host, model: 'Gamma 601', name: 'bitaxe', status: 'restarted', target: targetOf(sim)}]})
    expect(writes(sim)).toEqual([{body: '', method: 'POST', path: '/api/system/restart'}])
    // After the restart only port probes until the device is back, then one read: the CLI waited for it.
    const afterRestart = sim.http.journal.entries.slice(sim.http.journal.entries.findIndex((entry) => entry.method === 'POST') + 1)
    expect(afterRestart.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /api/system/info'])
  })

  it('needs --yes without a terminal (exit 10, nothing sent); --dry-run sends nothing', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const refused = await run(['restart', targetOf(sim), '--json'])
    expect(refused.code).toBe(10)
    const dry = await run(['restart', targetOf(sim), '--dry-run', '--json'])
    expect(dry.code).toBe(0)
    expect(dry.json.dryRun).toBe(true)
    expect(writes(sim)).toEqual([])
  })
})

describe('identify', () => {
  it('AxeOS 2.12+: POST /api/system/identify', async () => {
    const sim = await axeos('axeos-2.12')
    const {run} = cli()
    const {code, json} = await run(['identify', targetOf(sim), '--json'])
    expect(code).toBe(0)
    expect(json).toMatchObject({ip: sim.address.host, target: targetOf(sim)})
    expect(writes(sim)).toEqual([{body: '', method: 'POST', path: '/api/system/identify'}])
  })

  it('older AxeOS and other families: a clear "not supported" (exit 5)', async () => {
    const old = await axeos('axeos-2.9')
    const {run} = cli()
    const axeosOld = await run(['identify', targetOf(old), '--json'])
    expect(axeosOld.code).toBe(5)
    expect(axeosOld.json.error).toMatchObject({code: 'UNSUPPORTED'})
    expect(axeosOld.json.error.message).toMatch(/AxeOS 2\.12 or later/)
    const nano = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, rpcPort: 0}))
    const avalon = await run(['identify', nano.address.host, '--http-port', String(nano.address.httpPort), '--rpc-port', String(nano.address.rpcPort), '--json'])
    expect(avalon.code).toBe(5)
    expect(avalon.json.error.message).toMatch(/identify \(blinking the device\) is not supported by this firmware/)
  })
})

describe('config get', () => {
  it('the uniform configuration, and one key', async () => {
    const sim = await axeos('axeos-2.15')
    const {run} = cli()
    const all = await run(['config', 'get', targetOf(sim), '--json'])
    expect(all.code).toBe(0)
    expect(all.json.devices[0]).toMatchObject({
      config: {
        coreVoltage: 1150,
        fan: {mode: 'auto', targetTemperature: 60},
        frequency: 525,
        hostname: 'bitaxe',
        pools: [{passwordSet: true, tls: false, url: 'stratum+tcp://public-pool.io:21496'}, {url: 'stratum+tcp://solo.ckpool.org:3333'}],
      },
      ip: sim.address.host,
      model: 'Gamma 601',
    })
    const one = await run(['config', 'get', 'frequency', targetOf(sim), '--json'])
    expect(one.json.devices).toEqual([{ip: sim.address.host, key: 'frequency', model: 'Gamma 601', name: 'bitaxe', target: targetOf(sim), value: 525}])
    const text = await run(['config', 'get', 'pool', targetOf(sim)])
    expect(text.stdout).toContain('stratum+tcp://public-pool.io:21496')
    expect(writes(sim)).toEqual([])
  })
})
