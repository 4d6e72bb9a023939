/**
 * Hostile text (issue 8 §4): a device, a pool, a node and local files whose strings carry bidi controls,
 * zero-width and other format characters, C0/C1 controls and terminal escapes. Whatever the path
 * (status, scan, config get, watch, devices, settings, pool check, odds), human output and --json carry
 * none of them: "v2.13.0<RLO>live" shows as "v2.13.0live", never as "v2.13.0evil".
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {cgEnvelope, createCgminerServer} from '../../src/sim/cgminer.js'
import type {RpcSim} from '../../src/sim/rpc-sim.js'
import {buildSyntheticJob, createStratumPoolSim} from '../../src/sim/stratum-pool.js'
import {type CliResult, runCli, tempConfig} from '../helpers/cli.js'
import {startFakeBitcoind} from '../helpers/fake-chain.js'
import {seedInventory} from '../helpers/inventory.js'

const ESC = '\u001B'
const RLO = '\u202E'
const LRI = '\u2066'
const PDI = '\u2069'
const ZWSP = '\u200B'
const ZWJ = '\u200D'
const BOM = '\uFEFF'
const LRM = '\u200E'
const ALM = '\u061C'
const WJ = '\u2060'
const SOFT_HYPHEN = '\u00AD'
const C1_CSI = '\u009B'
/** Anything that is not text: controls (newline aside), format characters, separators, escapes. */
const HIDDEN = /(?!\n)[\p{Cc}\p{Cf}\u2028\u2029]/u
const ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'

let device: AxeosSim
let config: ReturnType<typeof tempConfig>
const target = () => `${device.address.host}:${device.address.httpPort}`

beforeAll(async () => {
  device = await createAxeosSim({host: '127.84.1.1', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
  device.setTelemetry({
    ASICModel: `BM${LRM}1370`,
    hardware_fault: `${C1_CSI}31mchip${WJ} 3${SOFT_HYPHEN} silent`,
    hostname: `${ZWSP}office${ZWJ}-gamma${BOM}`,
    power_fault: `${ESC}[31mvoltage${ALM} low${ESC}]0;pwned\u0007`,
    stratumURL: `public-pool.io${LRM}`,
    stratumUser: `${ADDRESS}.${LRI}bitaxe${PDI}`,
    version: `v2.13.0${RLO}live`,
  })
})

afterAll(async () => {
  await device?.stop()
})

afterEach(() => config?.cleanup())

function run(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  config = tempConfig()
  return runCli(args, {env: {...config.env, ...env}})
}

function expectPlainText(result: CliResult): void {
  expect(result.stdout).not.toMatch(HIDDEN)
  expect(result.stderr).not.toMatch(HIDDEN)
}

describe('a device with hidden characters in every string field', () => {
  it('status --json: every string is plain text, the firmware version reads v2.13.0live', async () => {
    const result = await run(['status', target(), '--json'])
    expect(result.code).toBe(0)
    expectPlainText(result)
    expect(result.json.devices[0]).toMatchObject({
      firmwareVersion: 'v2.13.0live',
      hostname: 'office-gamma',
      pool: {url: 'stratum+tcp://public-pool.io:21496', user: `${ADDRESS}.bitaxe`},
    })
    expect(result.json.devices[0].warnings).toEqual([
      {kind: 'power-fault', message: 'Power fault: voltage low'},
      {kind: 'hardware-fault', message: 'Hardware fault: chip 3 silent'},
    ])
  })

  it('status (human): the warnings and names are printed clean', async () => {
    const result = await run(['status', target()])
    expect(result.code).toBe(0)
    expectPlainText(result)
    expect(result.stdout).toContain(': Power fault: voltage low\n')
    expect(result.stdout).toContain('office-gamma')
  })

  it('scan (human and --json): the firmware column shows AxeOS v2.13.0live', async () => {
    const json = await run(['scan', target(), '--no-mdns', '--json'])
    expectPlainText(json)
    expect(json.json.devices[0]).toMatchObject({asic: 'BM1370', firmwareVersion: 'v2.13.0live', hostname: 'office-gamma'})
    const human = await run(['scan', target(), '--no-mdns'])
    expect(human.code).toBe(0)
    expectPlainText(human)
    expect(human.stdout).toContain('AxeOS v2.13.0live')
  })

  it('config get (human and --json) and watch --json', async () => {
    const json = await run(['config', 'get', target(), '--json'])
    expect(json.code).toBe(0)
    expectPlainText(json)
    expect(JSON.stringify(json.json)).toContain(`"${ADDRESS}.bitaxe"`)
    const human = await run(['config', 'get', target()])
    expectPlainText(human)
    const watch = await run(['watch', target(), '--json', '--count', '1', '--difficulty', '100T'])
    expect(watch.code).toBe(0)
    expectPlainText(watch)
    expect(watch.stdout).toContain('"firmwareVersion":"v2.13.0live"')
  })
})

describe('local files, pools, RPC and node messages', () => {
  it('an inventory hostname with bidi controls is listed clean (devices, human and --json)', async () => {
    config = tempConfig()
    const plain = await createAxeosSim({host: '127.84.1.2', httpPort: 0, jitter: false, profile: 'axeos-2.14'})
    try {
      await seedInventory(config.env.SOLOMINER_CONFIG_DIR!, [plain.address], (devices) => {
        devices[0]!.hostname = `bitaxe${RLO}exe.gpj`
      })
      const json = await runCli(['devices', '--json'], {env: config.env})
      expect(json.code).toBe(0)
      expectPlainText(json)
      expect(json.json.devices[0].hostname).toBe('bitaxeexe.gpj')
      const human = await runCli(['devices'], {env: config.env})
      expectPlainText(human)
      expect(human.stdout).toContain('bitaxeexe.gpj')
    } finally {
      await plain.stop()
    }
  })

  it('a settings file value with hidden characters is listed clean', async () => {
    config = tempConfig()
    mkdirSync(config.env.SOLOMINER_CONFIG_DIR!, {recursive: true})
    const settings = {values: {'node.cookie': `/tmp/${ZWSP}cookie`, 'node.user': `ali${RLO}ec${ESC}[8m`}, version: 1}
    writeFileSync(join(config.env.SOLOMINER_CONFIG_DIR!, 'settings.json'), JSON.stringify(settings))
    for (const args of [['settings', 'list'], ['settings', 'list', '--json'], ['settings', 'get', 'node.user']]) {
      const result = await runCli(args, {env: config.env})
      expect(result.code).toBe(0)
      expectPlainText(result)
      expect(result.stdout).toContain('aliec')
    }
    // Typed, the same characters are refused and nothing is saved.
    const typed = await runCli(['settings', 'set', 'node.user', `bob${RLO}`], {env: config.env})
    expect(typed.code).toBe(2)
    expectPlainText(typed)
  })

  it('a cgminer RPC error message with escapes and bidi is shown clean', async () => {
    const description = 'cgminer 4.12.0'
    const message = `Access denied${RLO}exe.txt${ESC}]0;owned\u0007${ESC}[2J`
    const rpc: RpcSim = createCgminerServer({
      description,
      handlers: {
        devs: () => cgEnvelope(description, {code: 45, message, status: 'E'}),
        pools: () => cgEnvelope(description, {code: 45, message, status: 'E'}),
        summary: () => cgEnvelope(description, {code: 45, message, status: 'E'}),
        version: () => cgEnvelope(description, {code: 22, message: 'CGMiner versions', status: 'S'}, 'VERSION', [{API: '3.7', CGMiner: '4.12.0'}]),
      },
      host: '127.84.1.3',
      joinable: ['devs', 'pools', 'summary', 'version'],
      port: 0,
    })
    await rpc.start()
    try {
      for (const args of [['status', '127.84.1.3', '--rpc-port', String(rpc.port), '--http-port', '9'], ['status', '127.84.1.3', '--rpc-port', String(rpc.port), '--http-port', '9', '--json']]) {
        const result = await run(args)
        expectPlainText(result)
        expect(result.stdout).toContain('Access deniedexe.txt')
      }
    } finally {
      await rpc.stop()
    }
  })

  it('the stratum client.show_message line, and a node error message', async () => {
    const pool = await createStratumPoolSim({
      behaviour: {showMessage: `${ESC}[2J${RLO}Welcome${ZWSP} miner${ESC}]8;;http://evil${ESC}\\`},
      host: '127.84.1.4',
      job: buildSyntheticJob({height: 903_826, nbits: '17026816', payouts: [{address: ADDRESS, sats: 312_500_000n}], prevhash: '00'.repeat(32)}),
    })
    const node = await startFakeBitcoind({
      credentials: {password: 'p', user: 'u'},
      methods: {
        getblockchaininfo: {error: {code: -1, message: `node ${RLO}gnikrow${ESC}[31m`}},
        getdifficulty: {error: {code: -1, message: `node ${RLO}gnikrow${ESC}[31m`}},
        getmininginfo: {error: {code: -1, message: `node ${RLO}gnikrow${ESC}[31m`}},
      },
    })
    try {
      const check = await run(['pool', 'check', pool.url, '--user', ADDRESS, '--no-chain', '--json'])
      expectPlainText(check)
      expect(check.json.checks.find((entry: {name: string}) => entry.name === 'pool-message')).toEqual({detail: 'The pool says: Welcome miner', name: 'pool-message', ok: null})
      const human = await run(['pool', 'check', pool.url, '--user', ADDRESS, '--no-chain'])
      expectPlainText(human)
      for (const json of [[], ['--json']]) {
        const odds = await run(['odds', '--hashrate', '1T', '--source', 'node', '--rpc-url', node.url, '--rpc-user', 'u', '--rpc-password', 'p', ...json])
        expect(odds.code).not.toBe(0)
        expectPlainText(odds)
      }
    } finally {
      await Promise.all([pool.stop(), node.stop()])
    }
  })
})
