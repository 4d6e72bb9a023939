/**
 * serve's events from the built CLI, driven through simulators (127.87.4.x): a better best difficulty,
 * a block, overheating, a reboot with a new pool that pays someone else, a device going offline (after
 * N failed polls) and coming back; each exactly once, with stable ids, and none again (nor lost) when
 * serve restarts on the same state dir.
 */
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AvalonSim, createAvalonSim} from '../../src/sim/avalon.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {FLEET_PAYOUT_ADDRESS} from '../../src/sim/fleet.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {type RunningServe, type ServeEventLine, request, startServe, stopAll, waitHealthy} from './helpers.js'

const OTHER_ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'

let gamma: AxeosSim
let nano: AvalonSim
let config: ReturnType<typeof tempConfig>
let env: Record<string, string>

beforeAll(async () => {
  // AxeOS 2.15 pushes its state over the live websocket: changes reach serve within ~100 ms.
  gamma = await createAxeosSim({host: '127.87.4.1', hostname: 'gamma', httpPort: 0, jitter: false, liveIntervalMs: 100, profile: 'axeos-2.15', restartDownMs: 500})
  nano = await createAvalonSim({host: '127.87.4.2', httpPort: 0, profile: 'nano3s', rpcPort: 0})
  config = tempConfig()
  env = {...config.env, SOLOMINER_STATE_DIR: join(config.dir, 'state')}
  const profile = await runCli(['profile', 'add', 'solo', '--pool', 'stratum+tcp://127.87.4.99:3333', '-u', `${FLEET_PAYOUT_ADDRESS}.rig`], {env})
  expect(profile.code).toBe(0)
})

afterEach(stopAll)

afterAll(async () => {
  await Promise.all([gamma?.stop(), nano?.stop()])
  config?.cleanup()
})

const serveFleet = async (): Promise<RunningServe> => {
  const targets = [gamma, nano].map((sim) => `${sim.address.host}:${sim.address.httpPort}`)
  const serve = await startServe([...targets, '--rpc-port', String(nano.address.rpcPort), '--listen', '127.87.4.10:0', '--interval', '1s', '--offline-after', '2', '--difficulty', '100T'], env)
  await waitHealthy(serve)
  return serve
}

const deviceEvents = (serve: RunningServe) => serve.events.filter((event) => event.device !== null)
const gammaDevice = () => ({alias: null, hostname: 'gamma', ip: '127.87.4.1', mac: gamma.mac, model: 'Gamma 601'})

describe('serve events', () => {
  it('reports each occurrence once, with stable ids, and neither repeats nor loses one across a restart', async () => {
    let serve = await serveFleet()
    expect(deviceEvents(serve)).toEqual([])

    gamma.recordShare(6e9)
    const best = await serve.waitFor((event) => event.event === 'best-difficulty')
    expect(best).toMatchObject({
      data: {bestDifficulty: 6e9, previous: 5_884_105_196},
      device: gammaDevice(),
      id: `best-difficulty:${gamma.mac}:6000000000`,
      message: 'gamma (127.87.4.1) beat its best difficulty: 5884105196 → 6000000000',
    })

    gamma.recordShare(2e14, {block: true})
    const block = await serve.waitFor((event) => event.event === 'block-found')
    expect(block).toMatchObject({data: {blocksFound: 1, previous: 0}, device: gammaDevice(), id: `block-found:${gamma.mac}:1`, message: 'gamma (127.87.4.1) FOUND A BLOCK (blocks found: 1)'})

    gamma.setTelemetry({temp: 80, temp2: 79})
    const hot = await serve.waitFor((event) => event.event === 'overheat')
    expect(hot).toMatchObject({data: {temperature: 80}, device: gammaDevice(), message: 'gamma (127.87.4.1): Overheating: chip 80.0 °C (limit 75 °C)'})
    gamma.setTelemetry({temp: undefined, temp2: undefined})

    // Someone points the Bitaxe at another pool, paying another address, and reboots it.
    const put = await fetch(`http://${gamma.address.host}:${gamma.address.httpPort}/api/system/pools/0`, {
      body: JSON.stringify({stratumPort: 3333, stratumURL: '127.87.4.99', stratumUser: `${OTHER_ADDRESS}.x`}),
      method: 'PUT',
    })
    expect(put.status).toBe(200)
    await fetch(`http://${gamma.address.host}:${gamma.address.httpPort}/api/system/restart`, {method: 'POST'})
    const changed = await serve.waitFor((event) => event.event === 'pool-changed')
    expect(changed).toMatchObject({
      data: {
        from: {url: 'stratum+tcp://public-pool.io:21496', user: `${FLEET_PAYOUT_ADDRESS}.bitaxe`},
        to: {url: 'stratum+tcp://127.87.4.99:3333', user: `${OTHER_ADDRESS}.x`},
      },
      device: gammaDevice(),
    })
    const restarted = await serve.waitFor((event) => event.event === 'restarted')
    expect(restarted.data.uptimeSeconds).toBeLessThan(restarted.data.previousUptimeSeconds as number)
    const mismatch = await serve.waitFor((event) => event.event === 'payout-mismatch')
    expect(mismatch.message).toBe(`gamma (127.87.4.1): Solo pool stratum+tcp://127.87.4.99:3333 pays ${OTHER_ADDRESS}, not your address ${FLEET_PAYOUT_ADDRESS}`)

    // The Avalon goes away: offline after two failed polls, online when it is back.
    await nano.stop()
    const offline = await serve.waitFor((event) => event.event === 'offline')
    expect(offline).toMatchObject({
      data: {error: {code: 'HOST_UNREACHABLE'}, failedPolls: 2},
      device: {alias: null, hostname: null, ip: '127.87.4.2', mac: '02:ca:aa:00:3f:53', model: 'Avalon Nano 3S'},
      id: `offline:02:ca:aa:00:3f:53:${offline.data.since}`,
    })
    await nano.start()
    const online = await serve.waitFor((event) => event.event === 'online')
    expect(online.data.since).toBe(offline.data.since)

    // Each once, in order; /api/events serves the same log.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const kinds = deviceEvents(serve).map((event) => event.event)
    expect(kinds.filter((kind) => kind !== 'best-difficulty').sort()).toEqual(['block-found', 'offline', 'online', 'overheat', 'payout-mismatch', 'pool-changed', 'restarted'].sort())
    // The block's share also beat the all-time best.
    expect(deviceEvents(serve).filter((event) => event.event === 'best-difficulty').map((event) => event.data.bestDifficulty)).toEqual([6e9, 2e14])
    const seqs = serve.events.map((event) => event.seq)
    expect(seqs).toEqual(seqs.map((_, index) => index + 1))
    expect(new Set(serve.events.map((event) => event.id)).size).toBe(serve.events.length)
    const logged = JSON.parse((await request(`${serve.url}/api/events?since=1`)).body)
    expect(logged.events).toEqual(serve.events.slice(1))
    expect(await serve.stop()).toBe(0)
    const before: ServeEventLine[] = serve.events

    // A new serve on the same state: nothing is raised again; seq goes on; a new block is reported once.
    serve = await serveFleet()
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(serve.events.map((event) => event.event)).toEqual(['started'])
    expect(serve.events[0]!.seq).toBe(before.at(-1)!.seq + 1)
    gamma.recordShare(3e14, {block: true})
    const second = await serve.waitFor((event) => event.event === 'block-found')
    expect(second).toMatchObject({data: {blocksFound: 2, previous: 1}, id: `block-found:${gamma.mac}:2`})
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(serve.events.filter((event) => event.event === 'block-found')).toHaveLength(1)
    const history = JSON.parse((await request(`${serve.url}/api/events`)).body)
    expect(history.events.map((event: ServeEventLine) => event.id)).toEqual([...before, ...serve.events].map((event) => event.id))
  }, 90_000)
})
