import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type AppContext, createContext} from '../../src/lib/context.js'
import type {DeviceIdentity} from '../../src/lib/devices/model.js'
import {forgetDevice, setAlias} from '../../src/lib/inventory/manage.js'
import {resolveTargets} from '../../src/lib/inventory/resolve.js'
import {type InventoryDocument, readInventory, reconcileInventory, recordScan} from '../../src/lib/inventory/store.js'

function identity(host: string, mac: string | null, overrides: Partial<DeviceIdentity> = {}): DeviceIdentity {
  return {
    address: {host, httpPort: 80, rpcPort: 4028},
    asic: 'BM1370',
    driver: 'axeos',
    firmware: 'AxeOS',
    firmwareVersion: 'v2.15.0',
    hostname: 'bitaxe',
    mac,
    make: 'Bitaxe',
    model: 'Gamma 601',
    ...overrides,
  }
}

const empty: InventoryDocument = {devices: [], version: 1}
const day1 = new Date('2026-11-01T10:00:00Z')
const day2 = new Date('2026-11-02T10:00:00Z')

describe('inventory reconciliation', () => {
  it('follows a device to its new DHCP address by MAC, keeping alias, mining mark and first-seen date', () => {
    const first = reconcileInventory(empty, [identity('192.168.1.50', 'aa:bb:cc:dd:ee:01')], day1)
    first.devices[0]!.alias = 'garage'
    first.devices[0]!.mining = 'pooled'
    const second = reconcileInventory(first, [identity('192.168.1.77', 'aa:bb:cc:dd:ee:01', {firmwareVersion: 'v2.15.1'})], day2)
    expect(second.devices).toEqual([
      {
        alias: 'garage',
        asic: 'BM1370',
        driver: 'axeos',
        firmware: 'AxeOS',
        firmwareVersion: 'v2.15.1',
        firstSeen: '2026-11-01T10:00:00.000Z',
        hostname: 'bitaxe',
        httpPort: 80,
        ip: '192.168.1.77',
        lastSeen: '2026-11-02T10:00:00.000Z',
        mac: 'aa:bb:cc:dd:ee:01',
        make: 'Bitaxe',
        mining: 'pooled',
        model: 'Gamma 601',
        rpcPort: 4028,
      },
    ])
  })

  it('keys MAC-less devices by address and adopts the MAC when a later scan learns it', () => {
    const first = reconcileInventory(empty, [identity('10.0.0.9', null, {driver: 'antminer'})], day1)
    const second = reconcileInventory(first, [identity('10.0.0.9', '02:00:00:00:00:09', {driver: 'antminer'})], day2)
    expect(second.devices).toHaveLength(1)
    expect(second.devices[0]).toMatchObject({firstSeen: day1.toISOString(), mac: '02:00:00:00:00:09'})
  })

  it('sorts devices by address numerically', () => {
    const document = reconcileInventory(
      empty,
      [identity('10.0.0.10', '02:00:00:00:00:0a'), identity('10.0.0.9', '02:00:00:00:00:09'), identity('10.0.0.100', '02:00:00:00:01:00')],
      day1,
    )
    expect(document.devices.map((device) => device.ip)).toEqual(['10.0.0.9', '10.0.0.10', '10.0.0.100'])
  })
})

describe('TARGETS resolution', () => {
  let dir: string
  let ctx: AppContext

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'solominer-inventory-'))
    ctx = createContext({paths: {cacheDir: dir, configDir: dir, dataDir: dir}})
    await recordScan(
      ctx,
      [
        identity('192.168.1.50', 'aa:bb:cc:dd:ee:01', {hostname: 'bitaxe-garage'}),
        identity('127.0.0.7', '02:00:00:00:00:07', {address: {host: '127.0.0.7', httpPort: 8080, rpcPort: 14028}, driver: 'avalon'}),
      ],
      day1,
    )
  })
  afterEach(async () => {
    await ctx.close()
    rmSync(dir, {force: true, recursive: true})
  })

  it('resolves IP, IP:port, hostname(.local), MAC (any notation) and alias to the inventory entry', async () => {
    await setAlias(ctx, '192.168.1.50', 'Garage')
    for (const spec of ['192.168.1.50', 'bitaxe-garage', 'bitaxe-garage.local', 'AA-BB-CC-DD-EE-01', 'garage']) {
      const [target] = await resolveTargets([spec], ctx)
      expect(target, spec).toMatchObject({address: {host: '192.168.1.50', httpPort: 80, rpcPort: 4028}, target: spec})
      expect(target!.identity?.mac, spec).toBe('aa:bb:cc:dd:ee:01')
    }
    const [sim] = await resolveTargets(['127.0.0.7:8080'], ctx)
    expect(sim!.address).toEqual({host: '127.0.0.7', httpPort: 8080, rpcPort: 14028})
    expect(sim!.identity?.driver).toBe('avalon')
  })

  it('resolves unknown addresses without identity, honouring host:port and port options', async () => {
    expect(await resolveTargets(['10.9.9.9:81'], ctx, {rpcPort: 4029})).toEqual([
      {address: {host: '10.9.9.9', httpPort: 81, rpcPort: 4029}, identity: null, target: '10.9.9.9:81'},
    ])
    expect((await resolveTargets(['miner.lan'], ctx))[0]!.address).toEqual({host: 'miner.lan', httpPort: 80, rpcPort: 4028})
  })

  it('expands all (also when no spec is given) and removes duplicates', async () => {
    const all = await resolveTargets([], ctx)
    expect(all.map((target) => target.address.host)).toEqual(['127.0.0.7', '192.168.1.50'])
    expect(await resolveTargets(['all', '192.168.1.50'], ctx)).toHaveLength(2)
  })

  it('refuses unknown names, unknown MACs and an empty inventory with clear usage errors', async () => {
    await expect(resolveTargets(['kitchen'], ctx)).rejects.toMatchObject({code: 'UNKNOWN_TARGET', exitCode: 2})
    await expect(resolveTargets(['02:00:00:00:00:99'], ctx)).rejects.toThrow('No device with MAC 02:00:00:00:00:99')
    await forgetDevice(ctx, 'bitaxe-garage')
    await forgetDevice(ctx, '02:00:00:00:00:07')
    expect((await readInventory(ctx)).devices).toEqual([])
    await expect(resolveTargets([], ctx)).rejects.toMatchObject({code: 'NO_DEVICES'})
  })

  it('keeps aliases unique and valid', async () => {
    await setAlias(ctx, '192.168.1.50', 'garage')
    await expect(setAlias(ctx, '127.0.0.7', 'GARAGE')).rejects.toThrow('The alias "GARAGE" already names 192.168.1.50')
    await expect(setAlias(ctx, '127.0.0.7', '10.0.0.1')).rejects.toMatchObject({code: 'INVALID_INPUT'})
    await expect(setAlias(ctx, '127.0.0.7', 'all')).rejects.toMatchObject({code: 'INVALID_INPUT'})
    await expect(setAlias(ctx, '10.1.1.1', 'x')).rejects.toMatchObject({code: 'UNKNOWN_TARGET'})
  })
})
