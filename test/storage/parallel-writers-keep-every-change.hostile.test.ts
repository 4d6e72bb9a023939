/**
 * Many solominer processes changing one local file at once (issue 8 §2): before the cross-process
 * lock, 8 parallel `devices alias` kept 3 aliases and 6 `settings set` kept 4 or 5 keys. Every change
 * must survive: the built CLI, real processes, all started together.
 */
import {readFileSync, writeFileSync, mkdirSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'

let config: ReturnType<typeof tempConfig>
let configDir: string
beforeEach(() => {
  config = tempConfig()
  configDir = config.env.SOLOMINER_CONFIG_DIR!
  mkdirSync(configDir, {recursive: true})
})
afterEach(() => config.cleanup())

const cli = (args: string[]) => runCli(args, {env: config.env, killAfterMs: 90_000})
const readJson = (name: string) => JSON.parse(readFileSync(join(configDir, name), 'utf8'))

/** An inventory of `count` devices at 127.83.1.x (no device needs to answer: aliases are local). */
function writeInventory(count: number): void {
  const devices = Array.from({length: count}, (_, index) => ({
    alias: null, asic: 'BM1370', driver: 'axeos', firmware: 'AxeOS', firmwareVersion: '2.15.0', firstSeen: '2026-01-01T00:00:00.000Z',
    hostname: `bitaxe-${index}`, httpPort: 80, ip: `127.83.1.${index + 1}`, lastSeen: '2026-01-01T00:00:00.000Z',
    mac: `02:00:00:00:00:${(index + 1).toString(16).padStart(2, '0')}`, make: 'Bitaxe', model: 'Gamma', rpcPort: 4028,
  }))
  writeFileSync(join(configDir, 'inventory.json'), JSON.stringify({devices, version: 1}))
}

describe('parallel writers of one local file', () => {
  it('20 parallel `devices alias` give 20 aliases', {timeout: 120_000}, async () => {
    writeInventory(20)
    const results = await Promise.all(Array.from({length: 20}, (_, index) => cli(['devices', 'alias', `127.83.1.${index + 1}`, `rig-${index}`, '--json'])))
    expect(results.map((result) => result.code)).toEqual(Array(20).fill(0))
    expect(results.map((result) => result.json.device.alias)).toEqual(Array.from({length: 20}, (_, index) => `rig-${index}`))
    const aliases = readJson('inventory.json').devices.map((device: {alias: string; ip: string}) => [device.ip, device.alias])
    expect(aliases).toEqual(Array.from({length: 20}, (_, index) => [`127.83.1.${index + 1}`, `rig-${index}`]))
    // No lock, owner note or temporary file is left behind.
    expect(readdirSync(configDir).sort()).toEqual(['inventory.json'])
  })

  it('parallel `settings set` with different keys keep every key', {timeout: 120_000}, async () => {
    const values: Record<string, string> = {
      'api.blockchain': 'http://127.83.0.1:1001',
      'api.mempool': 'http://127.83.0.1:1002',
      'node.cookie': '/tmp/cookie-1003',
      'node.password': 'secret-1004',
      'node.url': 'http://127.83.0.1:1005',
      'node.user': 'user-1006',
      'odds.source': 'mempool',
    }
    const results = await Promise.all(Object.entries(values).map(([key, value]) => cli(['settings', 'set', key, value, '--json'])))
    expect(results.map((result) => result.code)).toEqual(Array(7).fill(0))
    expect(readJson('settings.json')).toEqual({values, version: 1})
  })

  it('parallel `profile add` keep every profile, and a name added twice at once is refused once', {timeout: 120_000}, async () => {
    const names = Array.from({length: 10}, (_, index) => `pool-${index}`)
    const add = (name: string) => cli(['profile', 'add', name, '--pool', 'stratum+tcp://127.83.0.1:3333', '--user', `account.${name}`, '--json'])
    const results = await Promise.all([...names.map(add), add('pool-0')])
    expect(results.map((result) => result.code).sort()).toEqual([...Array(10).fill(0), 2])
    expect(results.find((result) => result.code === 2)!.json.error.message).toBe('Profile "pool-0" already exists')
    expect(readJson('profiles.json').profiles.map((profile: {name: string; pool: {user: string}}) => [profile.name, profile.pool.user])).toEqual(
      names.map((name) => [name, `account.${name}`]),
    )
  })
})
