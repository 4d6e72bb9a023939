/**
 * The simulators on command (src/sim/control.ts, what `solominer sim` reads on stdin) for every family
 * that has the hooks, driving the built `solominer serve` (127.87.7.x) through exact events: a share
 * that beats the Antminer's best, a block on the Braiins S9 (also the fleet's best), an Avalon reboot,
 * the Bitaxe going offline and coming back, then the whole LAN (one fleet event each way). And `sim`
 * itself answering those commands on stdin.
 */
import {spawn} from 'node:child_process'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AntminerSim, createAntminerSim} from '../../src/sim/antminer.js'
import {type AvalonSim, createAvalonSim} from '../../src/sim/avalon.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {type BraiinsSim, createBraiinsSim} from '../../src/sim/braiins.js'
import {type ControlTarget, runControlCommand} from '../../src/sim/control.js'
import {binPath, tempConfig} from '../helpers/cli.js'
import {seedInventory} from '../helpers/inventory.js'
import {type RunningServe, type ServeEventLine, request, startServe, stopAll, waitHealthy} from './helpers.js'

let gamma: AxeosSim
let nano: AvalonSim
let s9: AntminerSim
let bos: BraiinsSim
let targets: ControlTarget[]
let config: ReturnType<typeof tempConfig>

beforeAll(async () => {
  gamma = await createAxeosSim({host: '127.87.7.1', hostname: 'gamma', httpPort: 0, jitter: false, liveIntervalMs: 100, profile: 'axeos-2.15'})
  nano = await createAvalonSim({host: '127.87.7.2', httpPort: 0, profile: 'nano3s', rebootDownMs: 300, rpcPort: 0})
  s9 = await createAntminerSim({host: '127.87.7.3', httpPort: 0, rpcPort: 0, variant: 's9'})
  bos = await createBraiinsSim({host: '127.87.7.4', httpPort: 0, rpcPort: 0, variant: '25.07'})
  targets = [gamma, nano, s9, bos].map((sim) => ({hostname: null, sim}))
  config = tempConfig()
  await seedInventory(config.env.SOLOMINER_CONFIG_DIR!, [gamma, nano, s9, bos].map((sim) => sim.address))
})

afterEach(stopAll)

afterAll(async () => {
  await Promise.all([gamma, nano, s9, bos].map((sim) => sim?.stop()))
  config?.cleanup()
})

/** Devices that answered their last poll, as /api/devices shows them. */
async function devicesOk(serve: RunningServe): Promise<number> {
  const {devices} = JSON.parse((await request(`${serve.url}/api/devices`)).body) as {devices: {ok: boolean}[]}
  return devices.filter((device) => device.ok).length
}

/** Waits for a lasting state (all devices back), checking twice a second. */
async function until(condition: () => Promise<boolean>, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const on = (ip: string, kind: string) => (event: ServeEventLine) => event.event === kind && event.device?.ip === ip
const fleetEvents = (serve: RunningServe) => serve.events.filter((event) => event.event !== 'started').map((event) => `${event.event} ${event.device?.ip ?? 'fleet'}`)

describe('simulators on command', () => {
  it('raise exact serve events for every family', async () => {
    const env = {...config.env, SOLOMINER_STATE_DIR: join(config.dir, 'state')}
    const serve = await startServe(['--listen', '127.87.7.10:0', '--interval', '1s', '--offline-after', '1', '--difficulty', '100T'], env)
    await waitHealthy(serve)
    expect(fleetEvents(serve)).toEqual([])

    // The S9's captured best share is 970349963: a share of 2G beats it (not the Bitaxe's 5.88G).
    expect(await runControlCommand('share 127.87.7.3 2G', targets)).toBe(`Antminer S9 (stock bmminer 2.0.0) (127.87.7.3:${s9.address.httpPort}): found a share of 2000000000`)
    const share = await serve.waitFor(on('127.87.7.3', 'best-difficulty'), 30_000)
    expect(share).toMatchObject({data: {bestDifficulty: 2e9, previous: 970_349_963, scope: 'device'}, id: `best-difficulty:${s9.mac}:2000000000`})

    // A block on the Braiins S9: its first, its best, and the fleet's best.
    await runControlCommand('block 127.87.7.4', targets)
    const block = await serve.waitFor(on('127.87.7.4', 'block-found'), 30_000)
    expect(block).toMatchObject({data: {blocksFound: 1, previous: 0}, id: `block-found:${bos.mac}:1`})
    const fleetBest = await serve.waitFor((event) => event.event === 'best-difficulty' && event.device === null)
    expect(fleetBest).toMatchObject({data: {bestDifficulty: 2e14, device: {ip: '127.87.7.4', mac: bos.mac}, scope: 'fleet'}, id: 'best-difficulty:fleet:200000000000000'})

    // The Avalon reboots: its uptime starts again.
    await runControlCommand('reboot 127.87.7.2', targets)
    const restarted = await serve.waitFor(on('127.87.7.2', 'restarted'), 30_000)
    expect(restarted.id).toMatch(/^restarted:02:ca:aa:00:3f:53:/)

    // The Bitaxe goes away and comes back.
    await runControlCommand(`offline ${gamma.address.host}:${gamma.address.httpPort}`, targets)
    await serve.waitFor(on('127.87.7.1', 'offline'), 30_000)
    await runControlCommand('online 127.87.7.1', targets)
    await serve.waitFor(on('127.87.7.1', 'online'), 30_000)

    // The whole LAN goes away (each family notices at its own pace), then comes back: one event each way.
    await runControlCommand('offline all', targets)
    const outage = await serve.waitFor((event) => event.event === 'offline' && event.device === null, 40_000)
    expect(outage).toMatchObject({id: `offline:fleet:${outage.data.since}`, message: 'All 4 devices are offline: is the network down?'})
    await runControlCommand('online all', targets)
    const back = await serve.waitFor((event) => event.event === 'online' && event.device === null, 40_000)
    expect(back).toMatchObject({data: {since: outage.data.since}, id: `online:fleet:${outage.data.since}`})
    await until(async () => (await devicesOk(serve)) === 4)

    expect(fleetEvents(serve)).toEqual([
      'best-difficulty 127.87.7.3',
      'block-found 127.87.7.4',
      'best-difficulty 127.87.7.4',
      'best-difficulty fleet',
      'restarted 127.87.7.2',
      'offline 127.87.7.1',
      'online 127.87.7.1',
      'offline fleet',
      'online fleet',
    ])
    expect(await serve.stop()).toBe(0)
  }, 120_000)

  it('refuses a command it does not know, and a device that is not there', async () => {
    await expect(runControlCommand('explode 127.87.7.1', targets)).rejects.toThrow('Unknown command "explode". Commands: block DEVICE [DIFF]')
    await expect(runControlCommand('share 127.87.7.99 5G', targets)).rejects.toThrow('No simulated device "127.87.7.99"')
    await expect(runControlCommand('share 127.87.7.1', targets)).rejects.toThrow('"share 127.87.7.1" is not understood')
  })

  it('sim reads the commands on stdin and answers each on stderr', async () => {
    const child = spawn(process.execPath, [binPath, 'sim', '--host-base', '127.87.8', '--ports', 'ephemeral', '--json'], {
      env: {HOME: process.env.HOME, NO_COLOR: '1', PATH: process.env.PATH, SOLOMINER_NET_ALLOW: '127.0.0.0/8'},
    })
    let stdout = ''
    let stderr = ''
    const printed = new Promise<void>((resolve) => child.stdout.on('data', (chunk) => (stdout += chunk) && stdout.includes('\n') && resolve()))
    const answered = new Promise<void>((resolve) => child.stderr.on('data', (chunk) => (stderr += chunk) && stderr.includes('Unknown command') && resolve()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    await printed
    const {devices} = JSON.parse(stdout) as {devices: {host: string; hostname: string | null; httpPort: number}[]}
    const gammaSim = devices.find((device) => device.hostname === 'bitaxe-gamma')!
    child.stdin.write(`share bitaxe-gamma 9T\nbogus\n`)
    await answered
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(stderr.split('\n').slice(0, 2)).toEqual([
      `bitaxe-gamma (${gammaSim.host}:${gammaSim.httpPort}): found a share of 9000000000000`,
      'Error: Unknown command "bogus". Commands: block DEVICE [DIFF], share DEVICE DIFF, reboot DEVICE, offline DEVICE, online DEVICE (DEVICE: address, hostname or all)',
    ])
  })
})
