import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {configFromConf, legacyFormBody, modernJsonBody, confPoolsFor, setMinerConfBody} from '../../../src/lib/devices/antminer/conf.js'
import {parseBmminerStatus} from '../../../src/lib/devices/antminer/status.js'
import {parseMinerConf} from '../../../src/lib/devices/antminer/web.js'
import {isSolominerError} from '../../../src/lib/errors.js'
import {parseCgminerJson} from '../../../src/lib/net/cgminer.js'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/antminer/${name}`, import.meta.url), 'utf8')
const reply = (name: string) => parseCgminerJson(fixture(name)) as Record<string, unknown>

const TEST_POOLS = [1, 2, 3].map((n) => ({
  password: `my-test-password${n}`,
  url: `stratum+tcp://my-test-pool${n}.com:5588`,
  user: `my-test-username${n}`,
}))

describe('bmminer status parsing (real replies)', () => {
  it('reads the S9 stats with the `}{` quirk and the pools reply', () => {
    const status = parseBmminerStatus({pools: reply('bmminer-s9-pools.json'), stats: reply('bmminer-s9-stats-concatenated-objects.json.txt')})
    expect(status.hashrate).toBeCloseTo(13883.81e9, -3)
    expect(status.hashrateAverages).toEqual([{hashrate: 13890.36e9, label: 'av'}])
    expect(status.expectedHashrate).toBeCloseTo(13862.52e9, -3)
    // temp2_6 = 62, temp2_8 = 62; the bogus temp2_7 = -83 is ignored.
    expect(status.temperature).toBe(62)
    expect(status.fanRpm).toBe(3720)
    expect(status.uptimeSeconds).toBe(293628)
    expect(status.pool).toEqual({fallback: false, url: 'stratum+tcp://ss.antpool.com:3333', user: 'xxx'})
    expect(status.warnings).toEqual([])
    expect(status.power).toBeNull()
  })

  it('reads an S19 Pro summary, stats and pools', () => {
    const status = parseBmminerStatus({
      pools: reply('s19pro-pools.json'),
      stats: reply('s19pro-stats.json'),
      summary: reply('s19pro-summary.json'),
    })
    expect(status.hashrate).toBeCloseTo(110566.89e9, -3)
    expect(status.hashrateAverages.map((average) => average.label)).toEqual(['30m', 'av'])
    expect(status.hashrateAverages[1]!.hashrate).toBeCloseTo(111834.85e9, -3)
    expect(status.expectedHashrate).toBe(110000e9)
    expect(status.temperature).toBe(78)
    expect(status.fanRpm).toBe(6000)
    expect(status.sharesAccepted).toBe(4057)
    expect(status.sharesRejected).toBe(11)
    expect(status.bestSessionDifficulty).toBe(12904207043)
    expect(status.blocksFound).toBe(0)
    expect(status.uptimeSeconds).toBe(50474)
    expect(status.pool).toEqual({fallback: false, url: 'stratum+tcp://btc.global.luxor.tech:700', user: 'satokierepair.H04YK'})
  })

  it('reports the fallback pool when the primary is dead', () => {
    const pools = reply('bmminer-s9-pools.json') as {POOLS: Array<Record<string, unknown>>}
    pools.POOLS[0] = {...pools.POOLS[0], 'Stratum Active': false, Status: 'Dead'}
    pools.POOLS[1] = {...pools.POOLS[1], 'Stratum Active': true}
    expect(parseBmminerStatus({pools}).pool).toEqual({fallback: true, url: 'stratum+tcp://ss.antpool.com:443', user: 'xxx'})
  })

  it('warns about chips marked x in a chain map', () => {
    const stats = {STATS: [{ID: 'BC50', chain_acs6: ' oooooooo ooxooooo', chain_acs7: ' oooooooo'}]}
    expect(parseBmminerStatus({stats}).warnings).toEqual([{kind: 'hardware-fault', message: 'chain 6: 1 chip(s) not responding'}])
  })
})

describe('get_miner_conf.cgi', () => {
  it('maps the S9 conf to the uniform model', () => {
    const config = configFromConf(parseMinerConf(fixture('antminer-s9-get_miner_conf.json'), 'h'))
    expect(config).toEqual({
      coreVoltage: null,
      fan: {minPercent: null, mode: 'auto', percent: null, targetTemperature: null},
      frequency: 550,
      hostname: null,
      pools: [
        {passwordSet: true, tls: false, url: 'stratum+tcp://solo.antpool.com:3333', user: 'antminer_1'},
        {passwordSet: true, tls: false, url: 'stratum+tcp://stratum.antpool.com:3333', user: 'antminer_1'},
        {passwordSet: true, tls: false, url: 'stratum+tcp://cn.ss.btc.com:3333', user: 'antminer.1'},
      ],
    })
  })

  it('survives the factory-fresh S19 `"bitmain-fan-ctrl" : ,`', () => {
    const conf = parseMinerConf(fixture('antminer-s19pro-get_miner_conf-empty-values.json.txt'), 'h')
    expect(conf['bitmain-fan-ctrl']).toBeNull()
    expect(conf['bitmain-work-mode']).toBe('')
    expect(configFromConf(conf).pools.map((pool) => pool.url)).toEqual(['', '', ''])
  })

  it('refuses a conf without a pool list (miner still booting)', () => {
    expect(() => parseMinerConf('{"api-listen" : true}', '10.0.0.9')).toThrow(/incomplete miner configuration/)
  })
})

describe('set_miner_conf.cgi bodies', () => {
  it('builds the exact legacy S9 form the firmware page sends', () => {
    const conf = parseMinerConf(fixture('antminer-s9-get_miner_conf.json'), 'h')
    const body = setMinerConfBody(conf, confPoolsFor(TEST_POOLS))
    expect(body.contentType).toBe('application/x-www-form-urlencoded; charset=UTF-8')
    expect(body.body).toBe(fixture('antminer-s9-set_miner_conf-request-body.form.txt'))
  })

  it('copies the custom fan setting into the legacy form (L3+)', () => {
    const conf = parseMinerConf(fixture('l3-custom-fan-get_miner_conf.json'), 'h')
    expect(legacyFormBody(conf, confPoolsFor(TEST_POOLS))).toBe(fixture('l3-custom-fan-set_miner_conf-request-body.form.txt'))
  })

  it('builds the exact modern JSON body, also from a factory-fresh conf', () => {
    const expected = fixture('antminer-s19pro-set_miner_conf-request-body.json')
    const fresh = parseMinerConf(fixture('antminer-s19pro-get_miner_conf-empty-values.json.txt'), 'h')
    expect(setMinerConfBody(fresh, confPoolsFor(TEST_POOLS))).toEqual({body: expected, contentType: 'application/json'})
    expect(modernJsonBody(fresh, confPoolsFor(TEST_POOLS))).toBe(expected)
  })

  it('fills unused slots with empty values', () => {
    const conf = parseMinerConf(fixture('antminer-s9-get_miner_conf.json'), 'h')
    const body = legacyFormBody(conf, confPoolsFor([{password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1qxy.s9'}]))
    expect(body).toBe(
      '_ant_pool1url=stratum%2Btcp%3A%2F%2Fsolo.ckpool.org%3A3333&_ant_pool1user=bc1qxy.s9&_ant_pool1pw=x' +
        '&_ant_pool2url=&_ant_pool2user=&_ant_pool2pw=&_ant_pool3url=&_ant_pool3user=&_ant_pool3pw=' +
        '&_ant_nobeeper=false&_ant_notempoverctrl=false&_ant_fan_customize_switch=false&_ant_fan_customize_value=&_ant_freq=550',
    )
  })

  it('always sends three slots, also for a conf that lists fewer pools', () => {
    const conf = parseMinerConf('{"pools" : [{"url" : "a.b:1", "user" : "u", "pass" : "p"}], "bitmain-freq" : "600"}', 'h')
    expect(setMinerConfBody(conf, conf.pools).body).toBe(
      '_ant_pool1url=a.b%3A1&_ant_pool1user=u&_ant_pool1pw=p&_ant_pool2url=&_ant_pool2user=&_ant_pool2pw=' +
        '&_ant_pool3url=&_ant_pool3user=&_ant_pool3pw=&_ant_nobeeper=false&_ant_notempoverctrl=false' +
        '&_ant_fan_customize_switch=false&_ant_fan_customize_value=&_ant_freq=600',
    )
  })

  it.each(['pa"ss', 'back\\slash', '100%', 'star*', 'café'])('refuses %j, which the legacy form cannot carry', (password) => {
    const conf = parseMinerConf(fixture('antminer-s9-get_miner_conf.json'), 'h')
    const slots = confPoolsFor([{password, url: 'stratum+tcp://solo.ckpool.org:3333', user: 'bc1q'}])
    let caught: unknown
    try {
      legacyFormBody(conf, slots)
    } catch (error) {
      caught = error
    }
    expect(isSolominerError(caught) && caught.code).toBe('INVALID_INPUT')
    expect(String(caught)).toMatch(/pool password contains/)
  })

  it('carries the punctuation the firmware decodes', () => {
    const conf = parseMinerConf(fixture('antminer-s9-get_miner_conf.json'), 'h')
    const body = legacyFormBody(conf, confPoolsFor([{password: 'd=1,x#y', url: 'stratum+tcp://a.b:1', user: 'u s'}]))
    expect(body).toContain('_ant_pool1user=u+s&_ant_pool1pw=d%3D1%2Cx%23y&')
  })

  it('a null password keeps the one the current conf has in that slot (get_miner_conf.cgi shows it)', () => {
    const current = parseMinerConf(fixture('antminer-s9-get_miner_conf.json'), 'h').pools
    const kept = {password: null, url: 'stratum+tcp://stratum.antpool.com:3333', user: 'antminer_1'}
    expect(confPoolsFor([TEST_POOLS[0]!, kept], current).map((pool) => pool.pass)).toEqual(['my-test-password1', '123'])
  })

  it('refuses TLS pools and more than three pools', () => {
    expect(() => confPoolsFor([{password: '', url: 'stratum+ssl://a.b:1', user: 'u'}])).toThrow(/TLS/)
    expect(() => confPoolsFor([...TEST_POOLS, TEST_POOLS[0]!])).toThrow(/at most 3/)
  })
})
