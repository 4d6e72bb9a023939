/**
 * A dry run runs exactly the validation of the real push (issue 8 §5): a value the firmware refuses
 * (a comma in an Avalon password, a TLS pool on firmware without TLS, an AxeOS target temperature
 * above 66 °C, an Antminer legacy form character) fails the same way, with the same error and exit
 * code, whether --dry-run or --yes, and nothing is written to the device either way.
 */
import {describe, expect, it} from 'vitest'

import {createAntminerSim} from '../../src/sim/antminer.js'
import {createAvalonSim} from '../../src/sim/avalon.js'
import type {SimDevice} from '../../src/sim/device.js'
import {ADDRESS, axeos, cli, nextLoopback, targetOf, track, writes} from './helpers.js'

/** The same command as a dry run and as a real push: both outcomes, and the writes the device saw. */
async function bothWays(sim: SimDevice, args: string[]) {
  const {run} = cli()
  const rpcPort = sim.address.rpcPort ? ['--rpc-port', String(sim.address.rpcPort)] : []
  const dry = await run([...args, targetOf(sim), ...rpcPort, '--dry-run', '--json'])
  const real = await run([...args, targetOf(sim), ...rpcPort, '--yes', '--json'])
  return {dry, real, writes: writes(sim)}
}

function outcome(result: {code: number | null; json: {results: Array<{error?: unknown; status: string}>}}) {
  return {code: result.code, error: result.json.results[0]!.error, status: result.json.results[0]!.status}
}

describe('--dry-run refuses exactly what the push refuses', () => {
  it("Avalon: config set pool --password 'a,b' (the firmware splits setpool on commas)", async () => {
    const sim = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, rebootDownMs: 300, rpcPort: 0}))
    const {dry, real, writes: sent} = await bothWays(sim, ['config', 'set', 'pool', 'stratum+tcp://127.84.5.9:3333', '--user', ADDRESS, '--password', 'a,b', '--no-verify'])
    const expected = {
      code: 2,
      error: {
        code: 'INVALID_INPUT',
        exitCode: 2,
        message: 'The pool 1 password contains a comma, which Avalon firmware cannot store (it splits its setpool command on commas)',
        suggestions: ['Remove the comma from the pool 1 password'],
      },
      status: 'failed',
    }
    expect(outcome(dry)).toEqual(expected)
    expect(outcome(real)).toEqual(expected)
    expect(sent).toEqual([])
  })

  it('AxeOS: a target temperature above the 66 °C the firmware accepts', async () => {
    const sim = await axeos('axeos-2.14')
    const {dry, real, writes: sent} = await bothWays(sim, ['config', 'set', 'temp-target', '80'])
    expect(outcome(dry)).toEqual(outcome(real))
    expect(outcome(dry)).toMatchObject({error: {code: 'INVALID_INPUT', message: 'Invalid target temperature 80 °C: AxeOS accepts 35 to 66 °C'}, status: 'failed'})
    expect(sent).toEqual([])
  })

  it('AxeOS: a hostname longer than the 32 characters the firmware keeps (any DNS label passes the parser)', async () => {
    const sim = await axeos('axeos-2.14')
    const name = 'x'.repeat(40)
    const {dry, real, writes: sent} = await bothWays(sim, ['config', 'set', 'hostname', name])
    expect(outcome(dry)).toEqual(outcome(real))
    expect(outcome(dry)).toMatchObject({error: {code: 'INVALID_INPUT', message: `Invalid hostname "${name}": 1 to 32 letters, digits or hyphens`}, status: 'failed'})
    expect(sent).toEqual([])
  })

  it('AxeOS 2.9: a TLS pool on firmware without stratum TLS', async () => {
    const sim = await axeos('axeos-2.9')
    const {dry, real, writes: sent} = await bothWays(sim, ['config', 'set', 'pool', 'stratum+ssl://127.84.5.9:4333', '--user', ADDRESS, '--no-verify'])
    expect(outcome(dry)).toEqual(outcome(real))
    expect(outcome(dry)).toMatchObject({error: {code: 'UNSUPPORTED'}})
    expect(sent).toEqual([])
  })

  it('Antminer S9: a TLS pool, and a quote its legacy form cannot carry', async () => {
    const sim = track(await createAntminerSim({host: nextLoopback(), httpPort: 0, rpcPort: 0, variant: 's9'}))
    const tls = await bothWays(sim, ['config', 'set', 'pool', 'stratum+ssl://127.84.5.9:4333', '--user', ADDRESS, '--no-verify'])
    expect(outcome(tls.dry)).toEqual(outcome(tls.real))
    expect(outcome(tls.dry)).toMatchObject({error: {code: 'UNSUPPORTED'}, status: 'skipped'})
    const quote = await bothWays(sim, ['config', 'set', 'pool', 'stratum+tcp://127.84.5.9:3333', '--user', ADDRESS, '--password', 'pa"ss', '--no-verify'])
    expect(outcome(quote.dry)).toEqual(outcome(quote.real))
    expect(outcome(quote.dry)).toMatchObject({error: {code: 'INVALID_INPUT'}, status: 'failed'})
    expect(quote.writes).toEqual([])
  })
})
