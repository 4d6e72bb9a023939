/**
 * The built CLI against the stock S9 and Braiins OS simulators on their own 127.0.9.x addresses:
 * status, config get, and a verified pool push whose exact request bytes are checked in the journals.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AntminerSim, createAntminerSim} from '../../../src/sim/antminer.js'
import {type BraiinsSim, createBraiinsSim} from '../../../src/sim/braiins.js'
import {runCli, tempConfig} from '../../helpers/cli.js'

const ADDRESS = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'
const POOL = 'stratum+tcp://pool.example.test:3333'

let s9: AntminerSim
let bos: BraiinsSim
let oldBos: BraiinsSim
let gqlBos: BraiinsSim
let config: ReturnType<typeof tempConfig>

beforeAll(async () => {
  s9 = await createAntminerSim({host: '127.0.9.61', hostname: 'garage-s9', variant: 's9'})
  bos = await createBraiinsSim({host: '127.0.9.62', variant: '25.07'})
  oldBos = await createBraiinsSim({host: '127.0.9.63', variant: '20.09'})
  gqlBos = await createBraiinsSim({host: '127.0.9.65', variant: '22.08'})
})

afterAll(async () => {
  await Promise.all([s9?.stop(), bos?.stop(), oldBos?.stop(), gqlBos?.stop()])
})

afterEach(() => config?.cleanup())

function run(args: string[], device: AntminerSim | BraiinsSim) {
  config = tempConfig()
  const {host, httpPort, rpcPort} = device.address
  return runCli([...args, `${host}:${httpPort}`, '--rpc-port', String(rpcPort), '--json'], {env: config.env})
}

describe('solominer with a stock Antminer S9', () => {
  it('status reads the bmminer RPC into the uniform model', async () => {
    const result = await run(['status'], s9)
    expect(result.code).toBe(0)
    expect(result.json.devices[0]).toMatchObject({
      driver: 'antminer',
      fanRpm: 3720,
      hashrate: 13883.81e9,
      model: 'Antminer S9',
      ok: true,
      pool: {fallback: false, url: 'stratum+tcp://solo.antpool.com:3333', user: 'antminer_1'},
      temperature: 62,
      uptimeSeconds: 293628,
    })
  })

  // The fallback slots keep their passwords ("123" on this S9), which get_miner_conf.cgi reveals.
  it('config set pool writes the legacy form with digest auth, keeping the untouched slots\' passwords', async () => {
    s9.http.journal.clear()
    const result = await run(['config', 'set', 'pool', POOL, '--user', `${ADDRESS}.s9`, '--no-verify', '--yes'], s9)
    expect(result.code).toBe(0)
    expect(result.json.results[0]).toMatchObject({status: 'changed', verified: true})
    const posts = s9.http.journal.entries.filter((entry) => entry.method === 'POST')
    expect(posts.map((entry) => typeof entry.headers.authorization)).toEqual(['undefined', 'string'])
    expect(posts[1]!.body).toBe(
      `_ant_pool1url=stratum%2Btcp%3A%2F%2Fpool.example.test%3A3333&_ant_pool1user=${ADDRESS}.s9&_ant_pool1pw=x` +
        '&_ant_pool2url=stratum%2Btcp%3A%2F%2Fstratum.antpool.com%3A3333&_ant_pool2user=antminer_1&_ant_pool2pw=123' +
        '&_ant_pool3url=stratum%2Btcp%3A%2F%2Fcn.ss.btc.com%3A3333&_ant_pool3user=antminer.1&_ant_pool3pw=123' +
        '&_ant_nobeeper=false&_ant_notempoverctrl=false&_ant_fan_customize_switch=false&_ant_fan_customize_value=&_ant_freq=550',
    )
    expect(s9.state.conf['bitmain-freq']).toBe('550')
    expect(s9.state.conf.pools[0]).toEqual({pass: 'x', url: POOL, user: `${ADDRESS}.s9`})
  })
})

describe('solominer with Braiins OS', () => {
  it('config set pool on 25.07 logs in and replaces the pools with PUT /api/v1/pools/batch', async () => {
    bos.http.journal.clear()
    const result = await run(['config', 'set', 'pool', POOL, '--user', `${ADDRESS}.bos`, '--no-verify', '--yes'], bos)
    expect(result.code).toBe(0)
    expect(result.json.results[0]).toMatchObject({status: 'changed', verified: true})
    const batch = bos.http.journal.entries.filter((entry) => entry.method === 'PUT')
    expect(batch).toHaveLength(1)
    expect(batch[0]!.path).toBe('/api/v1/pools/batch')
    expect(JSON.parse(batch[0]!.body)[0].pools[0]).toEqual({enabled: true, password: 'x', url: POOL, user: `${ADDRESS}.bos`})
    expect(bos.state.groups.flatMap((group) => group.pools.map((pool) => pool.url))).toEqual([
      POOL,
      'stratum+tcp://stratum.slushpool.com:3333',
    ])
  })

  it('config set fallback on 22.08 goes through GraphQL updateGroups and a bosminer restart', async () => {
    const result = await run(['config', 'set', 'fallback', POOL, '--user', `${ADDRESS}.gql`, '--no-verify', '--yes'], gqlBos)
    expect(result.code).toBe(0)
    expect(result.json.results[0]).toMatchObject({status: 'changed', verified: true})
    expect(gqlBos.state.minerRestarts).toBe(1)
    expect(gqlBos.state.groups.flatMap((group) => group.pools.map((pool) => [pool.url, pool.user]))).toEqual([
      ['stratum+tcp://stratum.antpool.com:3333', 'antminer_1'],
      [POOL, `${ADDRESS}.gql`],
    ])
  })

  it('config set pool on a LuCI-only release fails clearly for that device and writes nothing', async () => {
    oldBos.http.journal.clear()
    const result = await run(['config', 'set', 'pool', POOL, '--user', `${ADDRESS}.old`, '--no-verify', '--yes'], oldBos)
    expect(result.code).toBe(5)
    const [device] = result.json.results
    expect(device.status).toBe('skipped')
    expect(device.error.code).toBe('UNSUPPORTED')
    expect(device.error.message).toMatch(/not supported on Braiins OS BOSminer 0\.2\.0-d360818/)
    // Only the GraphQL probe (a POST that changes nothing) reached the device.
    expect(new Set(oldBos.http.journal.writes().map((entry) => entry.body))).toEqual(new Set(['{"query":"{ __typename }"}']))
  })
})
