/**
 * What `solominer demo` prints can be copied: its heading holds the exact scan command (ports included),
 * which finds the whole fleet of a `solominer sim` on the same addresses, and its two solo pools are
 * checked with the same verdicts as `pool check` gives them.
 */
import {describe, expect, it} from 'vitest'

import {FLEET_PAYOUT_ADDRESS} from '../../src/sim/fleet.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {startSim} from '../helpers/sim-cli.js'

const HOST_BASE = '127.46.4'

describe('solominer demo', () => {
  it('prints the scan command it ran, ports included; pasted while `sim` runs, it finds all 8 miners', async () => {
    const config = tempConfig()
    try {
      const demo = await runCli(['demo', '--host-base', HOST_BASE, '--json'], {env: config.env})
      expect(demo.code).toBe(0)
      const {httpPort, rpcPort} = demo.json.simulators[7]
      const scanCommand = `solominer scan ${HOST_BASE}.11-18 --http-port ${httpPort} --rpc-port ${rpcPort} --no-mdns`
      expect(demo.json.scanCommand).toBe(scanCommand)
      const human = await runCli(['demo', '--host-base', HOST_BASE], {env: {...config.env, COLUMNS: '100'}})
      expect(human.code).toBe(0)
      expect(human.stdout).toMatch(/^2\. solominer scan 127\.46\.4\.11-18 --http-port \d+ --rpc-port \d+ --no-mdns$/m)

      // The demo has stopped; `sim` on the same addresses takes the same free port pair.
      const sim = await startSim(['--host-base', HOST_BASE, '--duration', '10min'])
      try {
        expect(sim.output.scanCommand).toBe(scanCommand)
        const scan = await runCli([...scanCommand.split(' ').slice(1), '--json'], {env: config.env})
        expect(scan.code).toBe(0)
        expect(scan.json.devices.map((device: {ip: string}) => device.ip)).toEqual([11, 12, 13, 14, 15, 16, 17, 18].map((host) => `${HOST_BASE}.${host}`))
      } finally {
        sim.child.kill('SIGINT')
      }
    } finally {
      config.cleanup()
    }
  })

  it('checks its two solo pools for the fleet address: one pays 100 %, the other pays its operator', async () => {
    const config = tempConfig()
    try {
      const demo = await runCli(['demo', '--host-base', '127.46.5', '--json'], {env: config.env})
      expect(demo.code).toBe(0)
      const pools = demo.json.pools as Array<{command: string; host: string; port: number; userSharePercent: number; verdict: string}>
      expect(pools.map(({host, userSharePercent, verdict}) => ({host, userSharePercent, verdict}))).toEqual([
        {host: '127.46.5.2', userSharePercent: 100, verdict: 'pays-you'},
        {host: '127.46.5.3', userSharePercent: 0, verdict: 'does-not-pay-you'},
      ])
      for (const pool of pools) expect(pool.command).toBe(`solominer pool check ${pool.host}:${pool.port} --user ${FLEET_PAYOUT_ADDRESS} --no-chain`)
      const human = await runCli(['demo', '--host-base', '127.46.5'], {env: {...config.env, COLUMNS: '100'}})
      expect(human.stdout).toMatch(/^ {3}127\.46\.5\.2:\d+ +pays you \(100 % of the reward\)$/m)
      expect(human.stdout).toMatch(/^ {3}127\.46\.5\.3:\d+ +does not pay you \(it pays its operator\)$/m)
      for (const line of human.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
    } finally {
      config.cleanup()
    }
  })
})
