/**
 * Second audit of config pushes, through the built CLI against simulators: `restore --from latest`
 * skipping pre-restore safety copies, `restore --from FILE` without TARGETS, Avalon's third pool slot in
 * the diff, `switch solo --fallback none` moving the old fallback, dot-free {hostname} fallbacks and
 * full warnings off a terminal.
 */
import {readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {createAvalonSim} from '../../src/sim/avalon.js'
import {ADDRESS, axeos, cli, nextLoopback, targetOf, track, writes} from './helpers.js'

const OLD_ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'

function avalonTarget(sim: {address: {host: string; httpPort: number; rpcPort: number}}): string[] {
  return [sim.address.host, '--http-port', String(sim.address.httpPort), '--rpc-port', String(sim.address.rpcPort)]
}

function backupFiles(dataDir: string): string[] {
  const root = join(dataDir, 'backups')
  return readdirSync(root).flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name))).sort()
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'))

describe('config restore --from latest', () => {
  it('a second restore does not undo the first: safety copies are skipped; files without a reason still count', async () => {
    const sim = await axeos('axeos-2.14')
    const original = sim.info().stratumUser
    const {dataDir, run} = cli()
    expect((await run(['config', 'backup', targetOf(sim), '--json'])).code).toBe(0)
    const [manual] = backupFiles(dataDir)
    expect(readJson(manual!).reason).toBe('manual')
    // A file from before reasons were recorded.
    const legacy = readJson(manual!)
    delete legacy.reason
    writeFileSync(manual!, JSON.stringify(legacy))

    expect((await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', `${ADDRESS}.a`, targetOf(sim), '--no-verify', '--yes', '--json'])).code).toBe(0)
    const first = await run(['config', 'restore', targetOf(sim), '--yes', '--json'])
    expect(first.code).toBe(0)
    expect(first.json.results[0]).toMatchObject({status: 'changed', verified: true})
    expect(sim.info().stratumUser).toBe(original)
    expect(backupFiles(dataDir).map((file) => readJson(file).reason)).toEqual([undefined, 'before-write', 'before-restore'])

    const writesBefore = writes(sim).length
    const second = await run(['config', 'restore', targetOf(sim), '--yes', '--json'])
    expect(second.code).toBe(0)
    expect(second.json.results[0].status).toBe('unchanged')
    expect(writes(sim)).toHaveLength(writesBefore)
    expect(sim.info().stratumUser).toBe(original)

    // Without the before-write copy, the legacy file is the newest ordinary backup.
    rmSync(backupFiles(dataDir)[1]!)
    const third = await run(['config', 'restore', targetOf(sim), '--yes', '--json'])
    expect(third.code).toBe(0)
    expect(third.json.results[0].warnings[0]).toMatch(new RegExp(`^Restoring ${manual!.replaceAll('.', String.raw`\.`)} `))
  })
})

describe('config restore --from FILE', () => {
  it('without TARGETS restores the device the file belongs to, not the whole inventory', async () => {
    const sim = await axeos('axeos-2.14')
    const {dataDir, run} = cli()
    expect((await run(['config', 'backup', targetOf(sim), '--json'])).code).toBe(0)
    const [file] = backupFiles(dataDir)
    const {device} = readJson(file!)
    const original = sim.info().stratumUser
    const entry = (ip: string, mac: string | null, httpPort: number) => ({
      alias: null, asic: null, driver: 'axeos', firmware: 'AxeOS', firmwareVersion: null, firstSeen: '2026-11-22T00:00:00.000Z', hostname: null,
      httpPort, ip, lastSeen: '2026-11-22T00:00:00.000Z', mac, make: 'Bitaxe', model: 'Bitaxe', rpcPort: 4028,
    })
    const inventory = join(dirname(dataDir), 'config', 'inventory.json')
    mkdirSync(dirname(inventory), {recursive: true})
    // A second inventory device on a closed loopback port: it must not be touched.
    const devices = [entry(sim.address.host, device.mac, sim.address.httpPort), entry(nextLoopback(), null, 9)]
    writeFileSync(inventory, JSON.stringify({devices, version: 1}))
    expect((await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', `${ADDRESS}.a`, targetOf(sim), '--no-verify', '--yes', '--json'])).code).toBe(0)

    const restored = await run(['config', 'restore', '--from', file!, '--yes', '--json'])
    expect(restored.code).toBe(0)
    expect(restored.json.results).toHaveLength(1)
    expect(restored.json.results[0]).toMatchObject({ip: sim.address.host, status: 'changed', target: device.mac, verified: true})
    expect(sim.info().stratumUser).toBe(original)
  })

  it('a missing file is one usage error (exit 2) before anything is sent', async () => {
    const sim = await axeos('axeos-2.14')
    const {dataDir, run} = cli()
    const missing = join(dataDir, 'no-such-backup.json')
    const result = await run(['config', 'restore', '--from', missing, targetOf(sim), '--yes', '--json'])
    expect(result.code).toBe(2)
    expect(result.stdout + result.stderr).toContain(`No backup file at ${missing}`)
    expect(sim.journals.flatMap((journal) => journal.entries)).toEqual([])
    const noTargets = await run(['config', 'restore', '--from', missing, '--yes'])
    expect(noTargets.code).toBe(2)
    expect(noTargets.stderr).toContain(`No backup file at ${missing}`)
  })
})

describe('Avalon pool slots', () => {
  it('switch solo shows the third slot the firmware fills (a copy of the fallback) in the diff', async () => {
    const avalon = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, rebootDownMs: 300, rpcPort: 0}))
    const {run} = cli()
    const args = ['switch', 'solo', '--pool', '127.0.0.1:3333', '--fallback', '127.0.0.1:3334', '--address', ADDRESS, '--worker', 'nano', ...avalonTarget(avalon), '--no-verify']
    const dry = await run([...args, '--dry-run', '--json'])
    expect(dry.code).toBe(0)
    expect(dry.json.results[0].changes).toContainEqual({after: 'stratum+tcp://127.0.0.1:3334', before: 'stratum+tcp://eusolo.ckpool.org:3333', field: 'pool3.url'})
    expect(dry.json.results[0].changes).toContainEqual({after: `${ADDRESS}.nano`, before: `${OLD_ADDRESS}.nano3s`, field: 'pool3.user'})
    expect((await run([...args, '--dry-run'])).stdout).toContain('pool3.url: stratum+tcp://eusolo.ckpool.org:3333 → stratum+tcp://127.0.0.1:3334')
    expect(writes(avalon)).toEqual([])
    const done = await run([...args, '--yes', '--json'])
    expect(done.code).toBe(0)
    expect(done.json.results[0]).toMatchObject({status: 'changed', verified: true})
    expect(avalon.state.pools[2]).toEqual({password: 'x', url: 'stratum+tcp://127.0.0.1:3334', user: `${ADDRESS}.nano`})
  })
})

describe('switch solo --fallback none', () => {
  it('moves a fallback that paid the old address to the new one, like config set pool', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['switch', 'solo', '--pool', '127.0.0.1:3333', '--address', ADDRESS, '--worker', 'rig', '--fallback', 'none', targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({status: 'changed', verified: true, warnings: []})
    expect(json.results[0].changes).toContainEqual({after: `${ADDRESS}.bitaxe`, before: `${OLD_ADDRESS}.bitaxe`, field: 'fallback.user'})
    expect(JSON.parse(writes(sim)[0]!.body)).toMatchObject({fallbackStratumUser: `${ADDRESS}.bitaxe`, stratumUser: `${ADDRESS}.rig`})
    expect(sim.info().fallbackStratumUser).toBe(`${ADDRESS}.bitaxe`)
  })
})

describe('{hostname} on a device with neither hostname nor MAC', () => {
  it('becomes the IP with dashes, so the worker holds no dot', async () => {
    const avalon = track(await createAvalonSim({host: nextLoopback(), httpPort: 0, mac: '', rebootDownMs: 300, rpcPort: 0}))
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', 'myacct.{hostname}', ...avalonTarget(avalon), '--no-verify', '--dry-run', '--json'])
    expect(code).toBe(0)
    expect(json.results[0].changes).toContainEqual({after: `myacct.${avalon.address.host.replaceAll('.', '-')}`, before: `${OLD_ADDRESS}.nano3s`, field: 'pool.user'})
  })
})

describe('warnings off a terminal', () => {
  it('are printed in full, not cut with an ellipsis', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    expect((await run(['profile', 'add', 'mypool', '--pool', 'braiins', '-u', 'myaccount.{hostname}'])).code).toBe(0)
    const {code, json} = await run(['switch', 'pool', 'mypool', targetOf(sim), '--no-verify', '--dry-run', '--json'])
    expect(code).toBe(0)
    const [warning] = json.results[0].warnings as string[]
    expect(warning!.length).toBeGreaterThan(256)
    const {stdout} = await run(['switch', 'pool', 'mypool', targetOf(sim), '--no-verify', '--dry-run'])
    expect(stdout).toContain(`! ${warning}`)
    expect(stdout).not.toContain('…')
  })
})
