/**
 * `config set` against the AxeOS simulators through the built CLI: the exact requests per firmware
 * generation, the restart cycle, read-back, dry run, consent, address validation, partial failure,
 * safe values, and backup/restore.
 */
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {ADDRESS, TAPROOT, TESTNET_ADDRESS, axeos, cli, targetOf, writes} from './helpers.js'

describe('config set pool on AxeOS', () => {
  it('≤ 2.14: one PATCH with flat keys (host only + port), restart, wait, read back verified; backup saved first', async () => {
    const sim = await axeos('axeos-2.14')
    const {dataDir, run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'ckpool-eu', '--user', `${ADDRESS}.{hostname}`, targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results).toHaveLength(1)
    expect(json.results[0]).toMatchObject({
      after: {pools: [{url: 'stratum+tcp://eusolo.ckpool.org:3333', user: `${ADDRESS}.bitaxe`}, {url: 'stratum+tcp://solo.ckpool.org:3333'}]},
      changes: [
        {after: 'stratum+tcp://eusolo.ckpool.org:3333', before: 'stratum+tcp://public-pool.io:21496', field: 'pool.url'},
        {after: `${ADDRESS}.bitaxe`, field: 'pool.user'},
        // The fallback paid the old primary's address: it follows to the new one, with the primary's worker.
        {after: `${ADDRESS}.bitaxe`, field: 'fallback.user'},
      ],
      ip: sim.address.host,
      restarted: true,
      status: 'changed',
      target: targetOf(sim),
      verified: true,
      warnings: [],
    })
    const sent = writes(sim)
    expect(sent.map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system', 'POST /api/system/restart'])
    // The kept fallback keeps its password: no fallbackStratumPassword key.
    expect(JSON.parse(sent[0]!.body)).toEqual({
      fallbackStratumPort: 3333,
      fallbackStratumTLS: 0,
      fallbackStratumURL: 'solo.ckpool.org',
      fallbackStratumUser: `${ADDRESS}.bitaxe`,
      stratumPassword: 'x',
      stratumPort: 3333,
      stratumTLS: 0,
      stratumURL: 'eusolo.ckpool.org',
      stratumUser: `${ADDRESS}.bitaxe`,
    })
    // The backup holds the configuration from before the write.
    const backupDir = join(dataDir, 'backups', sim.mac.replaceAll(':', '-'))
    const [file] = readdirSync(backupDir)
    const backup = JSON.parse(readFileSync(join(backupDir, file!), 'utf8'))
    expect(backup).toMatchObject({device: {driver: 'axeos', mac: sim.mac}, version: 1})
    expect(backup.config.pools[0].url).toBe('stratum+tcp://public-pool.io:21496')
    expect(backup.native).toMatchObject({format: 'axeos-settings', settings: {stratumURL: 'public-pool.io', stratumPort: 21496}})
    expect(json.results[0].backup).toBe(join(backupDir, file!))
  })

  it('2.15: pools[] with primary/secondary indices in one PATCH, then restart; taproot accepted', async () => {
    const sim = await axeos('axeos-2.15')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'stratum+tcp://solo.atlaspool.io:3333', '--user', `${TAPROOT}.rig`, targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({restarted: true, status: 'changed', verified: true})
    const sent = writes(sim)
    expect(sent.map(({method, path}) => `${method} ${path}`)).toEqual(['PATCH /api/system', 'POST /api/system/restart'])
    const body = JSON.parse(sent[0]!.body)
    expect(body).toMatchObject({primaryPoolIndex: 0, secondaryPoolIndex: 1})
    expect(body.pools).toEqual([
      expect.objectContaining({id: 0, stratumPassword: 'x', stratumPort: 3333, stratumTLS: 0, stratumURL: 'solo.atlaspool.io', stratumUser: `${TAPROOT}.rig`}),
      // "*****" tells 2.15 to keep the stored password of the untouched fallback slot.
      expect.objectContaining({id: 1, stratumPassword: '*****', stratumPort: 3333, stratumURL: 'solo.ckpool.org'}),
    ])
    expect(Object.keys(body)).not.toContain('stratumURL')
  })

  it('--dry-run shows the diff and sends nothing', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'fallback', 'public-pool', '--user', `${ADDRESS}.x`, targetOf(sim), '--dry-run', '--no-verify', '--json'])
    expect(code).toBe(0)
    expect(json).toMatchObject({dryRun: true, results: [{changes: [{field: 'fallback.url'}, {field: 'fallback.user'}], restarted: false, status: 'planned'}]})
    expect(writes(sim)).toEqual([])
  })

  it('without a terminal and without --yes: refuses (exit 10) before contacting any device', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'pool', 'ckpool', '--user', ADDRESS, targetOf(sim), '--no-verify', '--json'])
    expect(code).toBe(10)
    expect(json.error).toMatchObject({code: 'ABORTED'})
    expect(sim.http.journal.entries).toEqual([])
  })

  it('never sends an invalid or wrong-network address (exit 2, no request at all)', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const typo = await run(['config', 'set', 'pool', 'ckpool', '--user', `${ADDRESS.slice(0, -1)}x.rig`, targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(typo.code).toBe(2)
    expect(typo.json.error).toMatchObject({code: 'INVALID_ADDRESS'})
    const wrongNet = await run(['config', 'set', 'pool', 'ckpool', '--user', TESTNET_ADDRESS, targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(wrongNet.code).toBe(2)
    expect(wrongNet.json.error.message).toBe(`${TESTNET_ADDRESS} is a testnet/signet address, not a mainnet address`)
    const account = await run(['config', 'set', 'pool', 'public-pool', '--user', 'myaccount.rig', targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(account.code).toBe(2)
    expect(sim.http.journal.entries).toEqual([])
  })

  it('a fleet where one device fails: the others are changed, exit 6', async () => {
    const good = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'fan', '80', targetOf(good), '127.0.6.254:1', '--yes', '--json'])
    expect(code).toBe(6)
    expect(json.results.map((result: {status: string}) => result.status)).toEqual(['changed', 'failed'])
    expect(json.results[1]).toMatchObject({error: {code: 'HOST_UNREACHABLE'}, ip: '127.0.6.254'})
    expect(writes(good).map(({body, path}) => [path, JSON.parse(body)])).toEqual([['/api/system', {autofanspeed: 0, manualFanSpeed: 80}]])
    expect(json.results[0]).toMatchObject({after: {fan: {mode: 'manual', percent: 80}}, restarted: false, verified: true})
  })
})

describe('safe values and other settings', () => {
  it('frequency outside the device list is refused (exit 2, nothing written); --unsafe sends it with a warning', async () => {
    const sim = await axeos('axeos-2.15')
    const {run} = cli()
    const refused = await run(['config', 'set', 'frequency', '700', targetOf(sim), '--yes', '--json'])
    expect(refused.code).toBe(2)
    expect(refused.json.results[0]).toMatchObject({error: {code: 'INVALID_INPUT'}, status: 'failed'})
    expect(refused.json.results[0].error.message).toMatch(/700 MHz is not a safe frequency .*: its safe values are 400, 490, 525, 550, 600, 625 MHz/)
    expect(writes(sim)).toEqual([])
    const forced = await run(['config', 'set', 'frequency', '700', targetOf(sim), '--yes', '--unsafe', '--json'])
    expect(forced.code).toBe(0)
    expect(forced.json.results[0]).toMatchObject({after: {frequency: 700}, status: 'changed', verified: true})
    expect(forced.json.results[0].warnings[0]).toMatch(/sent anyway: --unsafe/)
    expect(writes(sim).map(({body}) => JSON.parse(body))).toEqual([{frequency: 700}])
  })

  it('a value the device already has is unchanged and not written', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const {code, json} = await run(['config', 'set', 'voltage', '1150', targetOf(sim), '--yes', '--json'])
    expect(code).toBe(0)
    expect(json.results[0]).toMatchObject({changes: [], status: 'unchanged', verified: true})
    expect(writes(sim)).toEqual([])
  })
})

describe('backup and restore', () => {
  it('round trip: backup, change, restore --from latest brings the old pools back (verified)', async () => {
    const sim = await axeos('axeos-2.15')
    const {run} = cli()
    const backup = await run(['config', 'backup', targetOf(sim), '--json'])
    expect(backup.code).toBe(0)
    expect(backup.json.results[0]).toMatchObject({status: 'saved'})
    const original = sim.info().pools
    const changed = await run(['config', 'set', 'pool', 'braiins-solo', '--user', ADDRESS, targetOf(sim), '--no-verify', '--yes', '--json'])
    expect(changed.json.results[0].status).toBe('changed')
    const restored = await run(['config', 'restore', targetOf(sim), '--yes', '--json'])
    expect(restored.code).toBe(0)
    expect(restored.json.results[0]).toMatchObject({
      changes: [
        {after: 'stratum+tcp://public-pool.io:21496', before: 'stratum+tcp://solo.stratum.braiins.com:3333', field: 'pool.url'},
        {field: 'pool.user'},
        {field: 'fallback.user'},
      ],
      restarted: true,
      status: 'changed',
      verified: true,
    })
    expect(sim.info().pools).toEqual(original)
  })

  it('restore from a backup of another device is refused for that device', async () => {
    const first = await axeos('axeos-2.14')
    const second = await axeos('axeos-2.14')
    const {run} = cli()
    const backup = await run(['config', 'backup', targetOf(first), '--json'])
    const {code, json} = await run(['config', 'restore', targetOf(second), '--from', backup.json.results[0].file, '--yes', '--json'])
    expect(code).toBe(2)
    expect(json.results[0].error.message).toMatch(/is a backup of .* at 127\.0\.6\.\d+, not of/)
    expect(writes(second)).toEqual([])
  })
})
