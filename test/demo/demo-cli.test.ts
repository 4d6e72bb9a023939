/** `solominer demo` and `solominer sim` end to end through the built CLI. */
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'

const ESC = '\u001B'

describe('solominer demo', () => {
  it('starts the fleet, scans it, reads it, shows the odds and stops everything (--json)', async () => {
    const config = tempConfig()
    try {
      const result = await runCli(['demo', '--json'], {env: config.env})
      expect(result.code).toBe(0)
      const report = result.json
      expect(report.range).toBe('127.77.0.11-18')
      expect(report.simulators.map((sim: {driver: string}) => sim.driver)).toEqual([
        'axeos',
        'axeos',
        'axeos',
        'axeos',
        'axeos',
        'axeos',
        'avalon',
        'antminer',
      ])
      expect(report.scan.devices).toHaveLength(8)
      expect(report.scan.scanned).toBe(8)
      expect(report.scan.devices.map((device: {model: string}) => device.model)).toEqual([
        'Gamma 601',
        'Gamma 601',
        'Supra 401',
        'Max',
        'NerdQAxe++',
        'LV06',
        'Avalon Nano 3S',
        'Antminer S9',
      ])
      expect(report.status.totals).toMatchObject({devices: 8, online: 8})
      const sum = report.status.devices.reduce((total: number, device: {hashrate: number}) => total + device.hashrate, 0)
      expect(report.status.totals.hashrate).toBeCloseTo(sum, 0)
      expect(report.odds).toMatchObject({difficultySource: {kind: 'offline'}, hashrate: report.status.totals.hashrate})
      // Honest about the second-hand S9: still on a custodial solo account, not a payout address, with
      // shared-reward pools in its other two slots.
      const s9 = report.status.devices.find((device: {driver: string}) => device.driver === 'antminer')
      expect(s9.warnings.map((warning: {kind: string}) => warning.kind)).toEqual(['solo-user-invalid', 'not-solo', 'not-solo'])
      // The user's inventory was not touched (the demo scans into a throw-away directory).
      expect(existsSync(join(config.dir, 'config', 'inventory.json'))).toBe(false)
    } finally {
      config.cleanup()
    }
  })

  it('prints a readable walk-through without terminal escapes under NO_COLOR, even where colour is forced', async () => {
    const config = tempConfig()
    try {
      // FORCE_COLOR makes chalk colour a pipe: only NO_COLOR can keep the escapes out.
      const result = await runCli(['demo'], {env: {...config.env, FORCE_COLOR: '1', NO_COLOR: '1'}})
      expect(result.code).toBe(0)
      expect(result.stdout).not.toContain(ESC)
      expect(result.stdout).toContain('1. Started 8 simulated miners on 127.77.0.11-18')
      expect(result.stdout).toContain('2. solominer scan 127.77.0.11-18')
      for (let host = 11; host <= 18; host++) expect(result.stdout).toContain(`127.77.0.${host}:`)
      expect(result.stdout).toMatch(/Total {2}8\/8 online/)
      expect(result.stdout).toMatch(/Solo odds {2}1 block every .+ on average/)
    } finally {
      config.cleanup()
    }
  })
})

describe('solominer demo without loopback aliases (macOS)', () => {
  it('shares 127.0.0.1 with a port pair per device and still finds and reads all 8 (forced with --shared-host)', async () => {
    const config = tempConfig()
    try {
      const result = await runCli(['demo', '--shared-host', '--json'], {env: config.env})
      expect(result.code).toBe(0)
      const {scan, simulators, status} = result.json
      expect(simulators.map((sim: {host: string}) => sim.host)).toEqual(Array(8).fill('127.0.0.1'))
      const httpPorts = simulators.map((sim: {httpPort: number}) => sim.httpPort)
      expect(new Set(httpPorts).size).toBe(8)
      expect(result.json.range).toBe(`127.0.0.1:${httpPorts[0]}-${httpPorts[7]}`)
      expect(scan.scanned).toBe(8)
      // Found at exactly the listed ports, the RPC ones included (Avalon and Antminer are read over RPC).
      expect(scan.devices.map((d: {httpPort: number; ip: string; model: string}) => [d.ip, d.httpPort, d.model])).toEqual([
        ['127.0.0.1', httpPorts[0], 'Gamma 601'],
        ['127.0.0.1', httpPorts[1], 'Gamma 601'],
        ['127.0.0.1', httpPorts[2], 'Supra 401'],
        ['127.0.0.1', httpPorts[3], 'Max'],
        ['127.0.0.1', httpPorts[4], 'NerdQAxe++'],
        ['127.0.0.1', httpPorts[5], 'LV06'],
        ['127.0.0.1', httpPorts[6], 'Avalon Nano 3S'],
        ['127.0.0.1', httpPorts[7], 'Antminer S9'],
      ])
      expect(scan.devices.slice(6).map((d: {rpcPort: number}) => d.rpcPort)).toEqual(simulators.slice(6).map((sim: {rpcPort: number}) => sim.rpcPort))
      expect(status.totals).toMatchObject({devices: 8, online: 8})
    } finally {
      config.cleanup()
    }
  })
})

describe('solominer sim', () => {
  it('lists the simulators as JSON and stops after --duration', async () => {
    const config = tempConfig()
    try {
      const result = await runCli(['sim', '--duration', '1s', '--json', '--host-base', '127.42.2'], {env: config.env})
      expect(result.code).toBe(0)
      const {devices} = JSON.parse(result.stdout.trim().split('\n')[0]!)
      expect(devices).toHaveLength(8)
      expect(devices[0]).toMatchObject({driver: 'axeos', host: '127.42.2.11', hostname: 'bitaxe-gamma', rpcPort: null})
      expect(devices[7]).toMatchObject({driver: 'antminer', host: '127.42.2.18', httpPort: expect.any(Number), rpcPort: expect.any(Number)})
    } finally {
      config.cleanup()
    }
  })

  it('refuses a non-loopback host base', async () => {
    const result = await runCli(['sim', '--host-base', '192.168.1', '--json'])
    expect(result.code).toBe(2)
    expect(result.json.error.code).toBe('INVALID_INPUT')
  })
})
