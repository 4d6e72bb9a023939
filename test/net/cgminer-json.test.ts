import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {parseCgminerJson, parseCgminerText, repairCgminerJson} from '../../src/lib/net/cgminer.js'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cgminer/${name}`, import.meta.url), 'utf8')
type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

describe('parseCgminerJson on the real broken replies', () => {
  it('bmminer S9 stats: `}{` between array objects becomes two entries, numbers-as-strings kept', () => {
    const reply = parseCgminerJson(fixture('bmminer-s9-stats-concatenated-objects.json.txt')) as Json
    expect(reply.STATS).toHaveLength(2)
    expect(reply.STATS[0]).toEqual({BMMiner: '2.0.0', CompileTime: 'Wed Jul 31 16:18:27 CST 2019', Miner: '30.0.1.3', Type: 'Antminer S9\nV1.3.58'})
    expect(reply.STATS[1].ID).toBe('BC50')
    expect(reply.STATS[1]['GHS 5s']).toBe('13883.81')
    expect(reply.STATS[1].temp2_7).toBe(-83)
    expect(reply.id).toBe(1)
  })

  it('L3+ stats: the same `}{` quirk in cgminer 4.9.0', () => {
    const reply = parseCgminerJson(fixture('cgminer-l3plus-stats-concatenated-objects.json.txt')) as Json
    expect(reply.STATUS[0]).toMatchObject({Code: 70, Description: 'cgminer 4.9.0', STATUS: 'S'})
    expect(reply.STATS.map((entry: Json) => entry.ID ?? entry.Type)).toEqual(['Antminer L3+', 'L30'])
    expect(reply.STATS[1]['GHS 5s']).toBe('504.56')
    expect(reply.STATS[1]['GHS av']).toBe(500.28)
    expect(reply.STATS[1].chain_acs1).toBe(' oooooooo oooooooo oooooooo oooooooo oooooooo oooooooo oooooooo oooooooo oooooooo')
  })

  it('Avalon 10xx pools+summary+stats with an unquoted `nan` average and a stray trailing quote', () => {
    const reply = parseCgminerJson(fixture('avalon-10xx-pools-summary-stats-bare-nan.json.txt')) as Json
    expect(Object.keys(reply)).toEqual(['summary', 'stats', 'pools', 'id'])
    expect(reply.summary[0].SUMMARY[0]['MHS av']).toBeNull()
    expect(reply.summary[0].SUMMARY[0]['MHS 30s']).toBe(0)
    expect(reply.summary[0].SUMMARY[0].Elapsed).toBe(155)
    expect(reply.stats[0].STATS[0]['MM ID0']).toMatch(/^Ver\[1047-20051101_85dc6f0_0332654\] DNA\[02010000cb231da8\]/)
    expect(reply.pools[0].POOLS[0].User).toBe('xxx')
  })

  it('Avalon 10xx multi-command reply that is already valid passes through unchanged', () => {
    const text = fixture('avalon-10xx-multicommand-bare-nan.json.txt')
    expect(parseCgminerJson(text)).toEqual(JSON.parse(text))
  })

  it('btminer `\\\'` escapes become plain quotes; every other value intact', () => {
    const reply = parseCgminerJson(fixture('whatsminer-summary-invalid-escape.json.txt')) as Json
    const summary = reply.SUMMARY[0]
    expect(summary['Firmware Version']).toBe("'20200917.22.REL'")
    expect(summary.MAC).toBe('C4:11:04:01:3C:75')
    expect(summary['MHS av']).toBe(68_710_597.19)
    expect(summary['Power Mode']).toBe('Normal')
    expect(summary['Liquid Cooling']).toBe(false)
  })

  it('S19 factory config `"key" : ,` gets a null value', () => {
    const conf = parseCgminerJson(fixture('antminer-s19pro-get_miner_conf-empty-values.json.txt')) as Json
    expect(conf['bitmain-fan-ctrl']).toBeNull()
    expect(conf.pools).toHaveLength(3)
  })

  it('STATUS as a string (btminer get_token) parses as is', () => {
    expect(parseCgminerJson(fixture('whatsminer-get_token.json'))).toEqual({
      Code: 134,
      Description: 'whatsminer v1.1',
      Msg: {newsalt: 'a5TtWui2', salt: 'BQ5hoXV9', time: '6915'},
      STATUS: 'S',
      When: 1_608_417_125,
    })
  })

  it('valid dialect replies parse unchanged (bmminer pools, bosminer summary)', () => {
    for (const name of ['bmminer-s9-pools.json', 'bmminer-s9-version.json', 'bosminer-s9-0.2.0-summary.json']) {
      const text = fixture(name)
      expect(parseCgminerJson(text)).toEqual(JSON.parse(text))
    }
  })
})

describe('the repair is lexer-aware', () => {
  it('never alters string contents (pyasic issue #212: "poolbinance")', () => {
    const text = '{"POOLS":[{"URL":"stratum+tcp://poolbinance.com:3333","User":"nan.inf","Msg":"}{ , ] nan"}],"x":nan,}'
    expect(parseCgminerJson(text)).toEqual({POOLS: [{Msg: '}{ , ] nan', URL: 'stratum+tcp://poolbinance.com:3333', User: 'nan.inf'}], x: null})
  })

  it('maps nan, inf, -inf to null and drops trailing and leading commas', () => {
    expect(parseCgminerJson('{"a":nan,"b":inf,"c":-inf,"d":[1,2,],"e":[,{"f":1}],}')).toEqual({a: null, b: null, c: null, d: [1, 2], e: [{f: 1}]})
  })

  it('escapes raw control characters inside strings and keeps them', () => {
    expect(parseCgminerJson('{"Type":"Antminer S9\nV1.3\t58\u0001"}')).toEqual({Type: 'Antminer S9\nV1.3\t58\u0001'})
  })

  it('keeps the backslash of other unknown escapes', () => {
    expect(parseCgminerJson('{"path":"C:\\q\\u12"}')).toEqual({path: 'C:\\q\\u12'})
  })

  it('inserts the comma btminer 2023-01 leaves out between members (`"x""temp0"`)', () => {
    expect(parseCgminerJson('{"Chip":"BINV01""temp0":61.5}')).toEqual({Chip: 'BINV01', temp0: 61.5})
  })

  it('ignores a stray quote after the last value', () => {
    expect(parseCgminerJson('{"a":1}"')).toEqual({a: 1})
  })

  it('joins several top-level objects into an array, and missing commas between members', () => {
    expect(parseCgminerJson('{"a":1}{"b":2}\0')).toEqual([{a: 1}, {b: 2}])
    expect(repairCgminerJson('{"a":1 "b":"x"}')).toBe('{"a":1,"b":"x"}')
  })

  it('refuses what no repair can make JSON, with BAD_RESPONSE', () => {
    expect(() => parseCgminerJson('Socket connect failed: Connection refused\n')).toThrow(expect.objectContaining({code: 'BAD_RESPONSE'}))
    expect(() => parseCgminerJson('{"a":')).toThrow(expect.objectContaining({code: 'BAD_RESPONSE'}))
    expect(() => parseCgminerJson('')).toThrow(expect.objectContaining({code: 'BAD_RESPONSE'}))
  })
})

describe('parseCgminerText (the plain reply form)', () => {
  it('reads the Avalon 1047 setpool reply with its embedded newlines', () => {
    expect(parseCgminerText(fixture('avalon-1047-ascset-setpool-text-response.txt'))).toEqual({
      STATUS: [
        {
          Code: '118',
          Description: 'cgminer 4.11.1',
          Msg: 'ASC 0 set info:\npool success set to stratum+tcp://btc.ss.poolin.com:443\nworker is cctrix.001\nworkerpassword is 123\nPlease reboot miner to make config work.\n',
          STATUS: 'I',
          When: '8337',
        },
      ],
    })
  })

  it('reads named sections and the text escapes', () => {
    expect(parseCgminerText('STATUS=S,When=1,Code=22,Msg=CGMiner versions,Description=cgminer 4.11.1|VERSION,CGMiner=4.11.1,API=3.7,Note=a\\,b\\=c\\|d|\0')).toEqual({
      STATUS: [{Code: '22', Description: 'cgminer 4.11.1', Msg: 'CGMiner versions', STATUS: 'S', When: '1'}],
      VERSION: [{API: '3.7', CGMiner: '4.11.1', Note: 'a,b=c|d'}],
    })
  })
})
