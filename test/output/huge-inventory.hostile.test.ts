/**
 * An inventory of 200,000 devices must not overflow the stack anywhere it is shown (it did: a spread of
 * every cell into Math.max in the table renderer). The file size cap is checked elsewhere.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, describe, expect, it} from 'vitest'

import {appendAll, maxOf, minOf} from '../../src/lib/arrays.js'
import type {InventoryDevice} from '../../src/lib/inventory/store.js'
import {failedRow} from '../../src/lib/status/service.js'
import {renderDevices} from '../../src/ui/render-devices.js'
import {renderStatus} from '../../src/ui/render-status.js'
import {sparkline} from '../../src/ui/sparkline.js'
import {runCli, tempConfig} from '../helpers/cli.js'

const COUNT = 200_000

function inventoryDevice(index: number): InventoryDevice {
  const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`
  return {
    alias: null,
    asic: 'BM1370',
    driver: 'axeos',
    firmware: 'AxeOS',
    firmwareVersion: 'v2.15.0',
    firstSeen: '2026-11-22T10:00:00.000Z',
    hostname: `bitaxe-${index}`,
    httpPort: 80,
    ip,
    lastSeen: '2026-11-22T10:00:00.000Z',
    mac: null,
    make: 'Bitaxe',
    mining: null,
    model: 'Gamma 601',
    rpcPort: 4028,
  }
}

let config: ReturnType<typeof tempConfig> | undefined
afterEach(() => config?.cleanup())

describe('200,000 devices', () => {
  it('devices and status render every row without overflowing the stack', () => {
    const devices = Array.from({length: COUNT}, (_, index) => inventoryDevice(index))
    const listing = renderDevices(devices, '/tmp/inventory.json', 100).split('\n')
    expect(listing).toHaveLength(COUNT + 2)
    expect(listing[COUNT]).toBe('-      10.3.13.63    bitaxe-199999  Bitaxe Gamma 601 (BM1370)  AxeOS v2.15.0  -    2026-11-22 10:00')
    expect(listing[COUNT + 1]).toBe('200000 devices in /tmp/inventory.json')

    const offline = failedRow({target: '10.0.0.0'}, {host: '10.0.0.0', httpPort: 80, rpcPort: 4028}, null, new Error('refused'))
    const rows = devices.map((device) => ({...offline, ip: device.ip, target: device.ip}))
    const totals = {devices: COUNT, efficiency: null, hashrate: 0, online: 0, power: 0}
    const status = renderStatus({devices: rows, totals}, 100).split('\n')
    expect(status[COUNT]).toBe('10.3.13.63    -       offline     -      -     -        -     -       -  -          -')
    expect(status[COUNT + 2]).toBe('Total  0/200000 online  ·  0.00 H/s  ·  0.0 W  ·  - J/TH')
  }, 120_000)

  it('the array helpers that replace spreads take a million items', () => {
    const values = Array.from({length: 1_000_000}, (_, index) => index % 997)
    expect(maxOf(values)).toBe(996)
    expect(minOf(values)).toBe(0)
    expect(maxOf([])).toBeNull()
    expect(appendAll([1], values)).toHaveLength(1_000_001)
    expect(sparkline(values, 4)).toHaveLength(4)
  })

  it('`solominer devices` with an inventory of 200,000 entries: one clear error (the size cap), never a stack overflow', async () => {
    config = tempConfig()
    const configDir = config.env.SOLOMINER_CONFIG_DIR!
    mkdirSync(configDir, {recursive: true})
    const devices = Array.from({length: COUNT}, (_, index) => ({driver: 'axeos', hostname: `bitaxe-${index}`, ip: inventoryDevice(index).ip, make: 'Bitaxe', model: 'Gamma 601'}))
    writeFileSync(join(configDir, 'inventory.json'), JSON.stringify({devices, version: 1}))
    const result = await runCli(['devices'], {env: {...config.env, COLUMNS: '80'}, killAfterMs: 60_000})
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^Error: \S+inventory\.json is 1\d\.\d MB: solominer keeps files of at most /)
    expect(result.stderr).not.toMatch(/RangeError|call stack/)
  }, 120_000)
})
