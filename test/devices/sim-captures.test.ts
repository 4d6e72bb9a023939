/**
 * The simulators embed their own copies of captured replies (runtime code never reads test fixtures);
 * this ties each copy to the capture in test/fixtures: every reply a simulator sends where a capture exists
 * equals it field for field. The fields a simulator plays itself (the pools it was configured with, the
 * clock, the unit's identity) are named per reply; they must still be present, with the capture's keys and types.
 */
import {describe, expect, it} from 'vitest'

import {httpBase} from '../../src/lib/devices/model.js'
import {parseCgminerJson} from '../../src/lib/net/cgminer.js'
import {tcpExchange} from '../../src/lib/net/tcp.js'
import {createAntminerSim} from '../../src/sim/antminer.js'
import {createAvalonSim} from '../../src/sim/avalon.js'
import {createBraiinsSim} from '../../src/sim/braiins.js'
import {createWhatsminerSim} from '../../src/sim/whatsminer.js'
import {fixtureText, useSimHarness} from '../helpers/sim-harness.js'

const {ctx, track} = (() => {
  const harness = useSimHarness()
  return {ctx: () => harness.ctx, track: harness.track}
})()

/** Every leaf of a JSON value by its path (`STATUS.0.When`); an empty object or list is a leaf too. */
function leaves(value: unknown, path = '$', into = new Map<string, unknown>()): Map<string, unknown> {
  const entries = typeof value === 'object' && value !== null ? Object.entries(value) : []
  if (entries.length === 0) into.set(path, value)
  for (const [key, child] of entries) leaves(child, `${path}.${key}`, into)
  return into
}

/** The reply equals the capture field for field; a played field only has to be there, of the captured type. */
function expectSameFields(reply: unknown, capture: unknown, played: RegExp[] = []): void {
  const shown = (value: unknown) =>
    Object.fromEntries([...leaves(value)].map(([path, leaf]) => [path, played.some((pattern) => pattern.test(path)) ? `(played ${typeof leaf})` : leaf]))
  expect(shown(reply)).toEqual(shown(capture))
}

async function rpc(address: {host: string; rpcPort: number}, payload: object): Promise<string> {
  const reply = await tcpExchange({host: address.host, payload: JSON.stringify(payload), port: address.rpcPort, timeoutMs: 5000, until: 'nul'})
  return reply.replaceAll('\u0000', '')
}

const capture = (path: string) => parseCgminerJson(fixtureText(path))
type Pools = {POOLS: unknown[]}
/** The clock of a cgminer reply. */
const clock = /\.When$/
/** What a simulator's pool entry takes from its configuration. */
const poolSlot = /^\$\.POOLS\.\d+\.(URL|User|Stratum URL|Status|POOL|Priority|Stratum Active)$/

describe('the stock Antminer simulator and the captures', () => {
  it('S9 (bmminer 2.0.0): version and stats byte for byte, pools and the miner configuration field for field', async () => {
    const sim = track(await createAntminerSim({host: '127.42.30.1', variant: 's9'}))
    expect(await rpc(sim.address, {command: 'version'})).toBe(fixtureText('antminer/bmminer-s9-version.json').trim())
    expect(await rpc(sim.address, {command: 'stats'})).toBe(fixtureText('antminer/bmminer-s9-stats-concatenated-objects.json.txt').trim())
    // The simulator plays its configured pools in the captured entries: the first mining, the others idle.
    // The capture's second entry (a backup that got work) has no counterpart, so its first and last are compared.
    const pools = parseCgminerJson(await rpc(sim.address, {command: 'pools'})) as Pools
    const captured = capture('antminer/bmminer-s9-pools.json') as Pools
    expectSameFields({...pools, POOLS: [pools.POOLS[0], pools.POOLS[2]]}, {...captured, POOLS: [captured.POOLS[0], captured.POOLS[2]]}, [clock, poolSlot])
    const conf = await ctx().http.request({auth: {password: 'root', scheme: 'challenge', user: 'root'}, url: `${httpBase(sim.address)}/cgi-bin/get_miner_conf.cgi`})
    expectSameFields(JSON.parse(conf.body), JSON.parse(fixtureText('antminer/antminer-s9-get_miner_conf.json')))
  })

  it('S19 Pro: version, stats and summary as captured; pools and the system info field for field', async () => {
    const sim = track(await createAntminerSim({host: '127.42.30.2', variant: 's19'}))
    for (const command of ['version', 'stats', 'summary']) {
      expectSameFields(parseCgminerJson(await rpc(sim.address, {command})), capture(`antminer/s19pro-${command}.json`))
    }
    expectSameFields(parseCgminerJson(await rpc(sim.address, {command: 'pools'})), capture('antminer/s19pro-pools.json'), [
      clock,
      poolSlot,
    ])
    // The captured system info (asic-rs v2020, an S21's) with this unit's identity.
    const info = await ctx().http.request({auth: {password: 'root', scheme: 'challenge', user: 'root'}, url: `${httpBase(sim.address)}/cgi-bin/get_system_info.cgi`})
    expectSameFields(JSON.parse(info.body), JSON.parse(fixtureText('antminer/s19pro-system_info.json')), [
      /^\$\.(hostname|ipaddress|macaddr|minertype|system_filesystem_version)$/,
    ])
  })
})

describe('the Braiins OS simulator and the captures', () => {
  it('bosminer 0.2.0 (S9): summary, fans, temps and devs as captured; version and pools field for field', async () => {
    const sim = track(await createBraiinsSim({host: '127.42.30.3', variant: '20.09'}))
    for (const command of ['summary', 'fans', 'temps', 'devs', 'version']) {
      expectSameFields(parseCgminerJson(await rpc(sim.address, {command})), capture(`braiins/bosminer-s9-0.2.0-${command}.json`))
    }
    expectSameFields(parseCgminerJson(await rpc(sim.address, {command: 'pools'})), capture('braiins/bosminer-s9-0.2.0-pools.json'), [
      clock,
      /^\$\.STATUS\.0\.(Description|Msg)$/,
      poolSlot,
    ])
  })

  it('BOSer 25.x: the RPC version as captured, the REST miner details and pool groups field for field', async () => {
    const sim = track(await createBraiinsSim({host: '127.42.30.4', variant: '25.07'}))
    expectSameFields(parseCgminerJson(await rpc(sim.address, {command: 'version'})), capture('braiins/v25_05-rpc-version.json'))
    const base = httpBase(sim.address)
    const login = await ctx().http.json<{token: string}>({body: JSON.stringify({password: 'root', username: 'root'}), method: 'POST', url: `${base}/api/v1/auth/login`})
    const get = (path: string) => ctx().http.json<unknown>({headers: {authorization: login.token}, url: `${base}/api/v1/${path}`})
    // The unit is an S9 with its own name and MAC, matching the RPC figures.
    expectSameFields(await get('miner/details'), JSON.parse(fixtureText('braiins/v25_07-miner_details.json')), [
      /^\$\.(hostname|mac_address)$/,
      /^\$\.miner_identity\./,
    ])
    // The groups are the simulator's configuration; their mining pool has the captured fields.
    const [group] = (await get('pools/')) as Array<{pools: unknown[]}>
    const [captured] = JSON.parse(fixtureText('braiins/v25_07-pools.json')) as Array<{pools: unknown[]}>
    expectSameFields({...group, pools: group!.pools.slice(0, 1)}, {...captured, pools: captured!.pools.slice(0, 1)}, [
      /^\$\.(name|strategy\.quota\.value)$/,
      /^\$\.pools\.0\.(uid|url|user|stats\.\w+|stats\.last_share_time\.\w+)$/,
    ])
  })
})

/**
 * A Canaan module string (`Key[value] Key[value]...`) as its layout (the text with every value emptied: the
 * keys, their order, the wrapping) and each value's form (every number as 0, its decimals kept): the
 * unit's figures may differ, the firmware's format may not. `played` names the values that may differ.
 */
function moduleForm(text: string, played: string[]): {layout: string; values: Record<string, string>} {
  const values: Record<string, string> = {}
  for (const [, key, value] of text.matchAll(/([A-Za-z][\w ]*)\[([^\]]*)\]/g)) {
    values[key!] = played.includes(key!) ? '(played)' : value!.replaceAll(/\d+(\.\d+)?/g, (_, decimals?: string) => (decimals ? `0.${'0'.repeat(decimals.length - 1)}` : '0'))
  }
  return {layout: text.replaceAll(/\[[^\]]*\]/g, '[]'), values}
}

/** A stats reply with its module strings (`MM ID0`, `MM ID0:Summary`, `HBinfo`) as their forms. */
function withModuleForms(reply: unknown, played: string[]): unknown {
  const stats = (reply as {STATS: Record<string, unknown>[]}).STATS
  const form = (entry: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, /^(MM ID\d+(:Summary)?|HBinfo)$/.test(key) && typeof value === 'string' ? moduleForm(value, played) : value]))
  return {...(reply as object), STATS: stats.map(form)}
}

describe('the Avalon simulator and the captures', () => {
  // The simulator builds its replies per model (no embedded copies): the fields, their names, types and
  // formats are the firmware's and must be the captured ones; the figures are those of the simulated unit.
  /** A unit's own figures in a POOLS entry (the simulator is configured with the captured pool slots). */
  const poolFigures = /^\$\.POOLS\.\d+\.(Getworks|Accepted|Rejected|Works|Last Share Time|Diff1 Shares|Difficulty (Accepted|Rejected)|(Last Share|Work|Stratum) Difficulty|Best Share|Pool Rejected%|Bad Work|Current Block (Height|Version))$/
  /** A unit's own figures in STATS: the module's uptime, each pool's tallies. */
  const statsFigures = /^\$\.STATS\.(0\.Elapsed|[1-9]\d*\.(Elapsed|(Work|Min|Max) Diff|(Min|Max) Diff Count|(Times|Bytes|Net Bytes) (Sent|Recv)))$/
  /** A unit's own figures in DEVS. */
  const devsFigures = /^\$\.DEVS\.0\.(MHS (av|5s|30s|1m|5m|15m)|Accepted|Rejected|Utility|Last Share Time|Total MH|Diff1 Work|Difficulty (Accepted|Rejected)|Last Share Difficulty|Last Valid Work|Device Rejected%|Device Elapsed)$/
  /** The unit's identity in VERSION (the captures' are anonymised). */
  const identity = /^\$\.VERSION\.0\.(DNA|MAC)$/
  /** A stats or litestats reply as captured, its module strings in the same layout and value forms; the DNA is the unit's (the Q capture's is deleted). */
  const expectSameStats = (reply: unknown, path: string) =>
    expectSameFields(withModuleForms(reply, ['DNA']), withModuleForms(capture(path), ['DNA']), [clock, statsFigures])

  it('Avalon Q (25052801): every captured reply has the captured fields, names, types and formats', async () => {
    const pools = [{password: 'x', url: 'stratum+tcp://pool.example.com:4444', user: 'worker1'}]
    const sim = track(await createAvalonSim({host: '127.42.30.6', httpPort: 0, pools, profile: 'q', rpcPort: 0}))
    const ask = async (command: string, parameter?: string) => parseCgminerJson(await rpc(sim.address, parameter === undefined ? {command} : {command, parameter}))
    expectSameFields(await ask('version'), capture('avalon/version.json'), [clock, identity])
    expectSameFields(await ask('summary'), capture('avalon/summary.json'), [
      clock,
      /^\$\.SUMMARY\.0\.(Elapsed|MHS (av|5s|1m|5m|15m)|Accepted|Rejected|Total MH|Work Utility|Difficulty (Accepted|Rejected)|Best Share)$/,
    ])
    expectSameFields(await ask('pools'), capture('avalon/pools.json'), [clock, poolFigures])
    expectSameFields(await ask('devs'), capture('avalon/devs.json'), [clock, devsFigures])
    expectSameFields(await ask('coin'), capture('avalon/coin.json'), [clock, /^\$\.COIN\.0\.Current Block Time$/])
    for (const command of ['config', 'devdetails']) expectSameFields(await ask(command), capture(`avalon/${command}.json`), [clock])
    expectSameFields(await ask('check', 'nosuchcommand'), capture('avalon/check.json'), [clock])
    expectSameFields(await ask('ascset', '0,help'), capture('avalon/ascset_help.json'), [clock])
    expectSameFields(await ask('ascset', '0,workmode,set,1'), capture('avalon/ascset_workmode.json'), [clock])
    // The stats were captured with the unit soft-off: resumed, then stopped again, at the captured times.
    expectSameFields(await ask('ascset', '0,softon,1:1753434757'), capture('avalon/ascset_softon.json'), [clock])
    expectSameFields(await ask('ascset', '0,softoff,1:1753434821'), capture('avalon/ascset_softoff.json'), [clock])
    expectSameStats(await ask('stats'), 'avalon/stats.json')
    expectSameStats(await ask('litestats'), 'avalon/litestats.json')
  })

  it('AvalonMiner 15-194 (24102401): version, stats, devs and pools have the captured fields, names, types and formats', async () => {
    const pools = [3333, 3334, 3335].map((port) => ({password: 'x', url: `stratum+tcp://stratum.pool.io:${port}`, user: 'pool_username.real_worker'}))
    const sim = track(await createAvalonSim({host: '127.42.30.7', httpPort: 0, pools, profile: 'a15-194', rpcPort: 0}))
    const ask = async (command: string) => parseCgminerJson(await rpc(sim.address, {command}))
    expectSameFields(await ask('version'), capture('avalon/a15-194-version.json'), [clock, identity])
    expectSameStats(await ask('stats'), 'avalon/a15-194-stats.json')
    expectSameFields(await ask('devs'), capture('avalon/a15-194-devs.json'), [clock, devsFigures])
    expectSameFields(await ask('pools'), capture('avalon/a15-194-pools.json'), [clock, poolFigures])
  })

  it('Avalon 10xx quirks: the summary with a bare `nan` average, and the text reply to the old setpool, as captured', async () => {
    const sim = track(await createAvalonSim({host: '127.42.30.8', httpPort: 0, quirks: {bareNan: true, legacySetpool: true}, rpcPort: 0}))
    const summary = await rpc(sim.address, {command: 'summary'})
    expect(summary).toContain('"MHS av":nan,')
    const [captured] = (capture('cgminer/avalon-10xx-pools-summary-stats-bare-nan.json.txt') as {summary: unknown[]}).summary
    expectSameFields(parseCgminerJson(summary), captured, [
      clock,
      /^\$\.SUMMARY\.0\.(Elapsed|MHS (30s|1m|5m|15m)|Getworks|Accepted|Rejected|Utility|Discarded|Local Work|Network Blocks|Total MH|Work Utility|Difficulty (Accepted|Rejected)|Best Share|Device Rejected%|Pool Rejected%)$/,
    ])
    // The text protocol (`command|parameter`): the reply as the A1047 wrote it, its clock aside.
    const payload = 'ascset|0,setpool,admin,admin,0,stratum+tcp://btc.ss.poolin.com:443,cctrix.001,123'
    const reply = await tcpExchange({host: sim.address.host, payload, port: sim.address.rpcPort, timeoutMs: 5000, until: 'close'})
    expect(reply.replaceAll('\u0000', '').replace(/^STATUS=I,When=\d+,/, 'STATUS=I,When=8337,')).toBe(fixtureText('cgminer/avalon-1047-ascset-setpool-text-response.txt'))
  })
})

describe('the Whatsminer simulator and the captures', () => {
  it('btminer: summary byte for byte, pools, get_token and get_version as captured', async () => {
    const sim = track(await createWhatsminerSim({host: '127.42.30.5'}))
    expect(await rpc(sim.address, {command: 'summary'})).toBe(fixtureText('whatsminer/whatsminer-summary-invalid-escape.json.txt').trim())
    expectSameFields(parseCgminerJson(await rpc(sim.address, {command: 'pools'})), capture('whatsminer/v2-pools.json'))
    expectSameFields(JSON.parse(await rpc(sim.address, {cmd: 'get_token'})), capture('whatsminer/whatsminer-get_token.json'))
    expectSameFields(JSON.parse(await rpc(sim.address, {cmd: 'get_version'})), capture('discovery/whatsminer-v2-get_version.json'), [clock])
  })
})
