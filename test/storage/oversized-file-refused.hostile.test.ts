/**
 * A 42 MB inventory of 200,000 entries (issue 8 §5) is refused before it is read or drawn: one clear
 * line naming the file, its size and the cap, exit 3, for every command that reads it.
 */
import {mkdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'

let config: ReturnType<typeof tempConfig>
let inventory: string
beforeAll(() => {
  config = tempConfig()
  const configDir = config.env.SOLOMINER_CONFIG_DIR!
  mkdirSync(configDir, {recursive: true})
  inventory = join(configDir, 'inventory.json')
  const entries = Array.from({length: 200_000}, (_, index) => {
    const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`
    return JSON.stringify({alias: null, driver: 'axeos', firmware: 'AxeOS', firstSeen: '2026-01-01T00:00:00Z', firmwareVersion: '2.15', hostname: `bitaxe-${index}`, ip, lastSeen: '2026-01-01T00:00:00Z', make: 'Bitaxe', model: 'Gamma'})
  })
  writeFileSync(inventory, `{"version":1,"devices":[${entries.join(',')}]}`)
})
afterAll(() => config.cleanup())

describe('a local file over the size cap', () => {
  it.each([
    ['devices'],
    ['status'],
    ['devices', 'alias', '10.0.0.1', 'garage'],
  ])('`%s` refuses it with exit 3 and one line', {timeout: 60_000}, async (...args) => {
    const megabytes = (statSync(inventory).size / 1024 / 1024).toFixed(1)
    expect(Number(megabytes)).toBeGreaterThan(40)
    const human = await runCli(args, {env: config.env})
    expect(human.code).toBe(3)
    expect(human.stderr).toMatch(new RegExp(`^Error: ${inventory} is ${megabytes} MB: solominer keeps files of at most 8\\.0 MB \\(about 40,000 inventory entries\\)\\nTry this: Move ${inventory} away \\(solominer starts a new one\\) or trim it\\n$`))
    const json = await runCli([...args, '--json'], {env: config.env})
    expect(json.code).toBe(3)
    expect(json.json.error.code).toBe('CONFIG_INVALID')
  })
})
