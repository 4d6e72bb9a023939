/**
 * The switch/config/pool/odds journeys on a 100-column terminal (COLUMNS=100), through the built CLI
 * against simulators on 127.46.6.x: every line fits, and what a user copies (payout addresses, backup
 * paths, block hashes) is moved to a line of its own or wrapped at a space, never cut.
 */
import {existsSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {FLEET_PAYOUT_ADDRESS} from '../../src/sim/fleet.js'
import {type StratumPoolSim, createStratumPoolSim, soloJobFor} from '../../src/sim/stratum-pool.js'
import {runCli, tempConfig} from '../helpers/cli.js'

const ADDRESS = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'
const PREVHASH = '00000000000000000001b10adebc5c45242f374be8cac92e673cf6311a2b71b6'
let gamma: AxeosSim
let pool: StratumPoolSim
let config: ReturnType<typeof tempConfig>

const at100 = (args: string[]) => runCli(args, {env: {...config.env, COLUMNS: '100'}})
const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length))
const target = () => `${gamma.address.host}:${gamma.address.httpPort}`

beforeAll(async () => {
  gamma = await createAxeosSim({host: '127.46.6.1', hostname: 'bitaxe-gamma', httpPort: 0, jitter: false, profile: 'axeos-2.15'})
  pool = await createStratumPoolSim({host: '127.46.6.2', job: soloJobFor({height: 903_826, nbits: '17026816', prevhash: PREVHASH}, {rewardSats: 312_500_000n})})
  config = tempConfig()
})

afterAll(async () => {
  await Promise.all([gamma?.stop(), pool?.stop()])
  config?.cleanup()
})

describe('journeys at 100 columns', () => {
  it('config set pool --dry-run: a diff too wide for one line puts "→ after" on the next, addresses whole', async () => {
    const result = await at100(['config', 'set', 'pool', `${pool.host}:${pool.port}`, '--user', `${ADDRESS}.{hostname}`, '--no-verify', target(), '--dry-run'])
    expect(result.code).toBe(0)
    expect(widest(result.stdout)).toBeLessThanOrEqual(100)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe(`Pool check: stratum+tcp://${pool.host}:${pool.port} not verified (--no-verify)`)
    expect(lines[1]).toBe(`bitaxe-gamma (${gamma.address.host}) Gamma 601  would change`)
    const user = lines.indexOf(`    pool.user: ${FLEET_PAYOUT_ADDRESS}.bitaxe`)
    expect(lines[user + 1]).toBe(`      → ${ADDRESS}.bitaxe-gamma`)
  })

  it('switch: with a 62-character address the table becomes one block per device, the address whole', async () => {
    const result = await at100(['switch', target()])
    expect(result.code).toBe(0)
    expect(result.stdout.trimEnd().split('\n')).toEqual([`bitaxe-gamma (${gamma.address.host}) Gamma 601  solo  public-pool`, `    pays ${FLEET_PAYOUT_ADDRESS}`])
  })

  it('config backup: the backup file on a line of its own, whole', async () => {
    const result = await at100(['config', 'backup', target()])
    expect(result.code).toBe(0)
    expect(widest(result.stdout)).toBeLessThanOrEqual(100)
    const [label, path] = result.stdout.trimEnd().split('\n')
    expect(label).toBe(`bitaxe-gamma (${gamma.address.host}) Gamma 601  saved`)
    expect(path).toMatch(/^ {4}\/.+\.json$/)
    expect(existsSync(path!.trim())).toBe(true)
  })

  it('pool check: the block line wraps at a space, the previous block hash whole', async () => {
    const result = await at100(['pool', 'check', `${pool.host}:${pool.port}`, '--user', ADDRESS, '--no-chain'])
    expect(result.code).toBe(0)
    expect(widest(result.stdout)).toBeLessThanOrEqual(100)
    expect(result.stdout).toContain(`Block 903,826 on ${PREVHASH}, nbits 17026816\n  (difficulty `)
  })

  it('pool check: a check detail too long for the line continues under the detail column, whole', async () => {
    const greedy = await createStratumPoolSim({host: '127.46.6.3', job: soloJobFor({height: 903_826, nbits: '17026816', prevhash: PREVHASH}, {rewardSats: 5_000_000_000n})})
    try {
      const result = await at100(['pool', 'check', `${greedy.host}:${greedy.port}`, '--user', ADDRESS, '--no-chain'])
      expect(result.code).toBe(8)
      expect(widest(result.stdout)).toBeLessThanOrEqual(100)
      const lines = result.stdout.split('\n')
      const reward = lines.findIndex((line) => /^FAIL +reward +The coinbase claims 50\.00000000 BTC/.test(line))
      const column = lines[reward]!.indexOf('The coinbase')
      const continued = lines.slice(reward + 1).filter((line) => line.startsWith(' '.repeat(column)) && line[column] !== ' ')
      const detail = [lines[reward]!.slice(column), ...continued.map((line) => line.slice(column))].join(' ')
      expect(detail).toBe('The coinbase claims 50.00000000 BTC, more than the 3.12500000 BTC subsidy at height 903826 plus at most 10.00000000 BTC in fees without a live fee figure')
    } finally {
      await greedy.stop()
    }
  })

  it('odds --fleet: the heading with the fleet note wraps at a space; every line fits', async () => {
    expect((await at100(['scan', target(), '--no-mdns', '--json'])).code).toBe(0)
    const result = await at100(['odds', '--fleet', '--difficulty', '145.04T', '--watts', '15', '--kwh-price', '0.30', '--currency', 'EUR', '--btc-price', '90000'])
    expect(result.code).toBe(0)
    expect(widest(result.stdout)).toBeLessThanOrEqual(100)
    expect(result.stdout).toMatch(/^Solo odds for [\d.]+ TH\/s \([\d.]+ % of the network, of which the fleet: [\d.]+ TH\/s from 1 of 1\n {2}miners online\)$/m)
  })
})
