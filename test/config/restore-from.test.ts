/**
 * `config restore --from`, through the built CLI against simulators: `--from latest` skips pre-restore
 * safety copies, `--from FILE` without TARGETS restores the device the file belongs to.
 */
import {readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {ADDRESS, axeos, cli, nextLoopback, targetOf, writes} from './helpers.js'


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
    expect(third.json.results[0].notes[0]).toMatch(new RegExp(`^Restoring ${manual!.replaceAll('.', String.raw`\.`)} `))
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

  it('names the device by its alias, as every command does: TARGET, `name` and the human label `alias (ip)`', async () => {
    const sim = await axeos('axeos-2.14', {hostname: 'bitaxe-garage'})
    const {dataDir, run} = cli()
    expect((await run(['scan', `${sim.address.host}`, '--http-port', String(sim.address.httpPort), '--no-mdns', '--json'])).code).toBe(0)
    expect((await run(['devices', 'alias', 'bitaxe-garage', 'garage', '--json'])).code).toBe(0)
    expect((await run(['config', 'backup', 'garage', '--json'])).code).toBe(0)
    const [file] = backupFiles(dataDir)
    expect((await run(['config', 'set', 'pool', '127.0.0.1:3333', '-u', `${ADDRESS}.a`, 'garage', '--no-verify', '--yes', '--json'])).code).toBe(0)

    const dry = await run(['config', 'restore', '--from', file!, '--dry-run', '--json'])
    expect(dry.code).toBe(0)
    expect(dry.json.results[0]).toMatchObject({ip: sim.address.host, name: 'garage', status: 'planned', target: 'garage'})
    expect(dry.json.results[0].notes).toEqual([`Restoring ${file} (saved ${readJson(file!).savedAt})`])
    expect(dry.json.results[0].warnings).toEqual([])
    const human = await run(['config', 'restore', '--from', file!, '--dry-run'])
    const lines = human.stdout.split('\n')
    expect(lines[0]).toBe(`garage (${sim.address.host}) Gamma 601  would change`)
    // Information, not a warning: no "!" mark.
    expect(lines).toContain(`    Restoring ${file} (saved ${readJson(file!).savedAt})`)
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
