/**
 * Human output fits COLUMNS through the built CLI, against simulators on 127.44.0.x: a long hostname is
 * ellipsised and the address never is; a stock Antminer's firmware is shown by its build date.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AntminerSim, createAntminerSim} from '../../src/sim/antminer.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'

let gamma: AxeosSim
let supra: AxeosSim
let s9: AntminerSim
let config: ReturnType<typeof tempConfig>

const LONG_NAME = 'bitaxe-living-room-shelf-left'
const width = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length))
const at = (columns: number, args: string[]) => runCli(args, {env: {...config.env, COLUMNS: String(columns)}})

beforeAll(async () => {
  gamma = await createAxeosSim({host: '127.44.0.1', hostname: LONG_NAME, httpPort: 0, jitter: false, profile: 'axeos-2.15'})
  supra = await createAxeosSim({host: '127.44.0.2', hostname: 'supra', httpPort: 0, jitter: false, profile: 'axeos-2.9'})
  s9 = await createAntminerSim({host: '127.44.0.3', httpPort: 0, rpcPort: 0, variant: 's9'})
  config = tempConfig()
  const scan = await runCli(
    ['scan', `127.44.0.1:${gamma.address.httpPort}`, `127.44.0.2:${supra.address.httpPort}`, `127.44.0.3:${s9.address.httpPort}`, '--rpc-port', String(s9.address.rpcPort), '--no-mdns', '--json'],
    {env: config.env},
  )
  expect(scan.json.devices).toHaveLength(3)
}, 60_000)

afterAll(async () => {
  await Promise.all([gamma?.stop(), supra?.stop(), s9?.stop()])
  config?.cleanup()
})

describe('output that fits the terminal', () => {
  it('scan at 100 columns: every column fits, the firmware build date is a date', async () => {
    const result = await at(100, ['scan', `127.44.0.1:${gamma.address.httpPort}`, `127.44.0.3:${s9.address.httpPort}`, '--rpc-port', String(s9.address.rpcPort), '--no-mdns', '--no-save'])
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(width(result.stdout)).toBeLessThanOrEqual(100)
    expect(lines[0]).toMatch(/^ADDRESS +HOSTNAME +MODEL +FIRMWARE +HASHRATE$/)
    expect(lines[1]).toMatch(new RegExp(`^127\\.44\\.0\\.1:${gamma.address.httpPort} {2}bitaxe-living-room-shel… {2}Bitaxe Gamma 601 +AxeOS v2\\.15\\.0 +1\\.\\d\\d TH/s$`))
    expect(lines[2]).toMatch(new RegExp(`^127\\.44\\.0\\.3:${s9.address.httpPort} +antMiner +Bitmain Antminer S9 +bmminer 2017-11-17 +13\\.88 TH/s$`))
  })

  it('status at 100 and 80 columns: the name is ellipsised, the address never', async () => {
    for (const columns of [100, 80]) {
      const result = await at(columns, ['status'])
      expect(result.code).toBe(0)
      expect(width(result.stdout)).toBeLessThanOrEqual(columns)
      expect(result.stdout).toMatch(/^bitaxe-\S*… \(127\.44\.0\.1\) /m)
      expect(result.stdout).toMatch(/^supra \(127\.44\.0\.2\) /m)
    }
    // The fan, J/TH, blocks, uptime and model columns go first.
    expect((await at(100, ['status'])).stdout.split('\n')[0]).toMatch(/^DEVICE +HASHRATE +TEMP +POWER +BEST +POOL$/)
    expect((await at(80, ['status'])).stdout.split('\n')[0]).toMatch(/^DEVICE +HASHRATE +TEMP +POWER +BEST +POOL$/)
  })

  it('without COLUMNS and without a terminal (a pipe), lines are whole', async () => {
    const result = await runCli(['status'], {env: config.env})
    expect(result.stdout).toContain(`${LONG_NAME} (127.44.0.1)`)
    expect(result.stdout.split('\n')[0]).toMatch(/^DEVICE +MODEL +HASHRATE +TEMP +POWER +J\/TH +FAN RPM +BEST +BLOCKS +POOL +UPTIME$/)
  })

  it('devices at 80 columns', async () => {
    const result = await at(80, ['devices'])
    expect(result.code).toBe(0)
    expect(width(result.stdout.split('\n').slice(0, -2).join('\n'))).toBeLessThanOrEqual(80)
    expect(result.stdout.split('\n')[0]).toMatch(/^ALIAS +ADDRESS +HOSTNAME +MODEL$/)
    expect(result.stdout).toContain(`127.44.0.1:${gamma.address.httpPort}  bitaxe-living-room-shelf-le…  Bitaxe Gamma 601 (BM1370)`)
  })

  it('config get at 80 columns puts a long pool user under its URL, whole', async () => {
    const result = await at(80, ['config', 'get', 'pools', 'supra'])
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe('supra (127.44.0.2) Supra 401')
    expect(lines[1]).toMatch(/^ {2}pool {9}stratum\+tcp:\/\/\S+$/)
    // The payout address is never cut: its own line, which may be wider than the terminal.
    expect(lines[2]).toMatch(/^ {15}bc1q\w{58}\.\w+ \(password set\)$/)
  })

  it('config restore --from FILE names the device by its hostname, as every command does', async () => {
    const backup = await runCli(['config', 'backup', 'supra', '--json'], {env: config.env})
    expect(backup.code).toBe(0)
    const file = backup.json.results[0].file as string
    const restored = await runCli(['config', 'restore', '--from', file, '--yes', '--json'], {env: config.env})
    expect(restored.code).toBe(0)
    expect(restored.json.results[0]).toMatchObject({ip: '127.44.0.2', status: 'unchanged', target: 'supra'})
    const human = await runCli(['config', 'restore', '--from', file, '--yes'], {env: config.env})
    expect(human.stdout.split('\n')[0]).toBe('supra (127.44.0.2) Supra 401  unchanged')
  })
})
