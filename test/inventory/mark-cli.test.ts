/**
 * `devices mark NAME --pooled|--solo|--unmark`: the inventory's `mining` field, the MINES column of
 * `devices`, and its usage errors (built CLI, hand-written inventory: no device is contacted).
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'

let config: ReturnType<typeof tempConfig>
let file: string
const device = {
  alias: 's9-basement', asic: null, driver: 'antminer', firmware: 'bmminer', firmwareVersion: null, firstSeen: '2026-11-01T10:00:00.000Z',
  hostname: 'antMiner', httpPort: 80, ip: '192.0.2.9', lastSeen: '2026-11-02T10:00:00.000Z', mac: 'aa:bb:cc:dd:ee:09', make: 'Bitmain',
  model: 'Antminer S9', rpcPort: 4028,
}

beforeEach(() => {
  config = tempConfig()
  mkdirSync(config.env.SOLOMINER_CONFIG_DIR!, {recursive: true})
  file = join(config.env.SOLOMINER_CONFIG_DIR!, 'inventory.json')
  writeFileSync(file, JSON.stringify({devices: [device], version: 1}))
})
afterEach(() => config.cleanup())

const cli = (...args: string[]) => runCli(args, {env: {...config.env, COLUMNS: '160'}})
const saved = () => (JSON.parse(readFileSync(file, 'utf8')) as {devices: Array<{mining: unknown}>}).devices[0]!.mining

describe('devices mark', () => {
  it('marks by alias, shows MINES in devices, and unmarks', async () => {
    const marked = await cli('devices', 'mark', 's9-basement', '--pooled')
    expect(marked.code).toBe(0)
    expect(marked.stdout.trim()).toBe('Marked pooled: 192.0.2.9 "s9-basement" (Bitmain Antminer S9)')
    expect(saved()).toBe('pooled')
    const listed = await cli('devices', '--json')
    expect(listed.json.devices[0]).toMatchObject({alias: 's9-basement', mining: 'pooled'})
    const table = await cli('devices', '--no-color')
    expect(table.stdout.split('\n')[0]).toMatch(/ MINES /)
    expect(table.stdout.split('\n')[1]).toMatch(/ pooled /)
    expect((await cli('devices', 'mark', 'aa:bb:cc:dd:ee:09', '--solo', '--json')).json.device.mining).toBe('solo')
    expect((await cli('devices', 'mark', '192.0.2.9', '--unmark', '--json')).json.device.mining).toBeNull()
    expect(saved()).toBeNull()
  })

  it('takes exactly one of --pooled, --solo, --unmark, and a known device (exit 2, nothing saved)', async () => {
    expect((await cli('devices', 'mark', 's9-basement')).code).toBe(2)
    expect((await cli('devices', 'mark', 's9-basement', '--pooled', '--solo')).code).toBe(2)
    const unknown = await cli('devices', 'mark', 'nosuch', '--pooled', '--json')
    expect(unknown.code).toBe(2)
    expect(unknown.json.error).toMatchObject({code: 'UNKNOWN_TARGET', message: 'No device "nosuch" in the inventory'})
    expect(saved()).toBeUndefined()
  })
})
