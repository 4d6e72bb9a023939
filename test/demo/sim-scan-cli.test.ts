/** `solominer sim` as a newcomer follows it: the printed scan command finds and saves the whole fleet. */
import type {ChildProcessWithoutNullStreams} from 'node:child_process'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'
import {type SimOutput, startSim} from '../helpers/sim-cli.js'

const HOST_BASE = '127.42.3'

describe('solominer sim with its default ports', () => {
  let sim: {child: ChildProcessWithoutNullStreams; output: SimOutput}

  beforeAll(async () => {
    // Stopped in afterAll; the duration only bounds a run that dies before it (a loaded machine may take minutes).
    sim = await startSim(['--host-base', HOST_BASE, '--duration', '10min'])
  })

  afterAll(() => {
    sim?.child.kill('SIGINT')
  })

  it('puts every simulator on one port pair and prints the scan that finds them all; status then reads 8/8', async () => {
    const {devices, scanCommand} = sim.output
    const {httpPort, rpcPort} = devices[7]!
    // 18080:14028 unless another test or sim holds it; then another pair, the same on every address.
    expect(devices.map((d) => d.httpPort)).toEqual(Array(8).fill(httpPort))
    expect(devices.map((d) => d.rpcPort)).toEqual([null, null, null, null, null, null, rpcPort, rpcPort])
    expect(scanCommand).toBe(`solominer scan ${HOST_BASE}.11-18 --http-port ${httpPort} --rpc-port ${rpcPort} --no-mdns`)

    const config = tempConfig()
    try {
      const scan = await runCli([...scanCommand!.split(' ').slice(1), '--json'], {env: config.env})
      expect(scan.code).toBe(0)
      const found = scan.json.devices.map((d: {httpPort: number; ip: string; rpcPort: number}) => [d.ip, d.httpPort, d.rpcPort])
      expect(found).toHaveLength(8)
      // The cgminer devices are saved with the simulator's RPC port, not 4028.
      expect(found.slice(6)).toEqual([
        [`${HOST_BASE}.17`, httpPort, rpcPort],
        [`${HOST_BASE}.18`, httpPort, rpcPort],
      ])
      expect(scan.json.unidentified).toEqual([])

      const status = await runCli(['status', '--json'], {env: config.env})
      expect(status.code).toBe(0)
      expect(status.json.totals).toMatchObject({devices: 8, online: 8})
    } finally {
      config.cleanup()
    }
  })

  it('refuses ports already in use with one clear error and exit 2', async () => {
    const {httpPort, rpcPort} = sim.output.devices[7]!
    const result = await runCli(['sim', '--host-base', HOST_BASE, '--ports', `${httpPort}:${rpcPort}`, '--duration', '1s', '--json'])
    expect(result.code).toBe(2)
    expect(result.json.error).toEqual({
      code: 'INVALID_INPUT',
      exitCode: 2,
      message: `${HOST_BASE}.11:${httpPort} is already in use`,
      suggestions: [
        'Another `solominer sim` may be running: stop it (Ctrl-C), or use other ports, e.g. --ports 18180:14128',
        'Or other addresses, e.g. --host-base 127.78.0',
      ],
    })
    const human = await runCli(['sim', '--host-base', HOST_BASE, '--ports', `${httpPort}:${rpcPort}`, '--duration', '1s'])
    expect(human.code).toBe(2)
    expect(human.stderr).toContain(`${HOST_BASE}.11:${httpPort} is already in use`)
    expect(human.stderr).not.toContain('EADDRINUSE')
  })
})
