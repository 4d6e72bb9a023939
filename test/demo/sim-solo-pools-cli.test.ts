/**
 * `solominer sim` runs two solo pools beside the fleet and prints commands to try them: pasted as
 * printed, the pool check of the paying pool passes (exit 0), the other is refused (exit 8), and the
 * dry-run switch shows the change. Ctrl-C (SIGINT) then stops the simulators with exit 0.
 */
import {describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'
import {startCli, startSim} from '../helpers/sim-cli.js'
import {FLEET_PAYOUT_ADDRESS} from '../../src/sim/fleet.js'

/** A printed command as a shell reads it: lines ending in " \" continue on the next. */
function pastedCommands(text: string): string[] {
  return text
    .replaceAll(' \\\n', ' ')
    .split('\n')
    .map((line) => line.trim().replaceAll(/ +/g, ' '))
    .filter((line) => line.startsWith('solominer pool check') || line.startsWith('solominer switch'))
}

/** Runs a pasted command through the built CLI (its arguments hold no spaces or quotes). */
function runPasted(command: string, env: Record<string, string | undefined>) {
  const [bin, ...args] = command.split(' ')
  expect(bin).toBe('solominer')
  return runCli(args, {env})
}

describe('solominer sim: solo pools to try', () => {
  it('--json lists both pools and the try commands, which work when run', async () => {
    const sim = await startSim(['--host-base', '127.46.1', '--ports', 'ephemeral', '--duration', '10min'])
    const config = tempConfig()
    try {
      const {pools, tryCommands} = sim.output
      expect(pools.map(({host, name, pays}) => ({host, name, pays}))).toEqual([
        {host: '127.46.1.2', name: 'Solo pool paying your address', pays: 'user'},
        {host: '127.46.1.3', name: 'Solo pool paying its operator', pays: 'operator'},
      ])
      for (const pool of pools) expect(pool.url).toBe(`stratum+tcp://${pool.host}:${pool.port}`)
      const [paying, operator] = pools.map((pool) => `${pool.host}:${pool.port}`)
      const device = sim.output.devices[0]!
      expect(tryCommands).toEqual([
        `solominer pool check ${paying} --user ${FLEET_PAYOUT_ADDRESS} --no-chain`,
        `solominer pool check ${operator} --user ${FLEET_PAYOUT_ADDRESS} --no-chain`,
        `solominer switch solo --pool ${paying} --fallback none --address ${FLEET_PAYOUT_ADDRESS} --no-chain ${device.host}:${device.httpPort} --dry-run`,
      ])
      const [pays, refused, dryRun] = await Promise.all(tryCommands.map((command) => runPasted(`${command} --json`, config.env)))
      expect(pays!.code).toBe(0)
      expect(pays!.json).toMatchObject({userSharePercent: 100, verdict: 'pays-you'})
      expect(refused!.code).toBe(8)
      expect(refused!.json).toMatchObject({userSharePercent: 0, verdict: 'does-not-pay-you'})
      expect(refused!.json.outputs[0].address).toBe('bc1q28kkr5hk4gnqe3evma6runjrd2pvqyp8fpwfzu')
      expect(dryRun!.code).toBe(0)
      expect(dryRun!.json.poolChecks).toEqual([
        {detail: `${pools[0]!.url} pays your address 100.00 % of the block reward`, pool: pools[0]!.url, refused: false, userSharePercent: 100, verdict: 'pays-you'},
      ])
      expect(dryRun!.json.results[0].changes).toContainEqual({after: pools[0]!.url, before: 'stratum+tcp://public-pool.io:21496', field: 'pool.url'})
    } finally {
      sim.child.kill('SIGINT')
      config.cleanup()
    }
  })

  it('on a 100-column terminal the commands fit, paste whole, work, and Ctrl-C stops the sim with exit 0', async () => {
    const sim = await startCli(['sim', '--host-base', '127.46.2', '--ports', 'ephemeral', '--duration', '10min'], (stdout) => stdout.includes('--dry-run\n'), {COLUMNS: '100'})
    const config = tempConfig()
    try {
      const printed = sim.stdout()
      for (const line of printed.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
      const commands = pastedCommands(printed)
      expect(commands).toHaveLength(3)
      const codes = await Promise.all(commands.map(async (command) => (await runPasted(command, config.env)).code))
      expect(codes).toEqual([0, 8, 0])
    } finally {
      sim.child.kill('SIGINT')
      config.cleanup()
    }
    expect(await sim.exited).toBe(0)
    expect(sim.stderr()).toBe('Simulators stopped.\n')
  })
})
