/** `solominer odds` with --difficulty: the oracle and the options, through the built CLI. */
import {afterAll, describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'

const config = tempConfig()
afterAll(() => config.cleanup())
const env = {...config.env, HOME: config.dir}
const ORACLE = ['odds', '--hashrate', '1.2TH', '--difficulty', '145,042,165,424,853.29']

describe('odds --difficulty (no network)', () => {
  it('matches the oracle: 1 in 6,008,405 per day, 1 in 16,461.9 per year, 16,461.38 years', async () => {
    const result = await runCli([...ORACLE, '--json'], {env})
    expect(result.code).toBe(0)
    const {json} = result
    expect(json.hashrate).toBe(1.2e12)
    expect(json.difficulty).toBe(Number('145042165424853.29'))
    expect(json.source).toEqual({bestBlockHash: null, bits: null, chain: null, kind: 'manual'})
    const windows = Object.fromEntries(json.windows.map((w: {label: string}) => [w.label, w]))
    expect(Object.keys(windows)).toEqual(['10m', '1h', '1d', '7d', '30d', '1y'])
    expect(windows['1d'].seconds).toBe(86_400)
    expect(Math.round(windows['1d'].oneIn)).toBe(6_008_405)
    expect(windows['1y'].oneIn).toBeCloseTo(16_461.9, 1)
    expect(windows['1y'].probability).toBeCloseTo(6.07464e-5, 10)
    expect(windows['10m'].expectedBlocks).toBeCloseTo(1.15578847668018e-9, 22)
    expect(json.expectedSecondsToBlock / (365 * 86_400)).toBeCloseTo(16_461.38, 2)
    expect(json.medianSecondsToBlock / json.expectedSecondsToBlock).toBeCloseTo(Math.LN2, 12)
    expect(json.networkHashrate).toBeCloseTo(1.03825e21, -17)
    expect(json.reward).toMatchObject({feesSats: null, heightAssumed: true, subsidySats: 312_500_000, totalSats: 312_500_000})
    expect(json.expectedSatsPerDay).toBeCloseTo(52.0105, 3)
  })

  it('sums repeated --hashrate forms, adds --period windows and --best-diff', async () => {
    const result = await runCli(
      ['odds', '-H', '1.2 TH/s', '--hashrate', '500GH', '--difficulty', '150T', '--period', '5y', '--period', '12h', '--best-diff', '4.29G', '--json'],
      {env},
    )
    expect(result.code).toBe(0)
    expect(result.json.hashrate).toBe(1.7e12)
    expect(result.json.windows.map((w: {label: string; seconds: number}) => [w.label, w.seconds])).toEqual([
      ['10m', 600],
      ['1h', 3600],
      ['12h', 43_200],
      ['1d', 86_400],
      ['7d', 604_800],
      ['30d', 2_592_000],
      ['1y', 31_536_000],
      ['5y', 157_680_000],
    ])
    expect(result.json.bestShare.ratioToNetwork).toBeCloseTo(4.29e9 / 150e12, 15)
    expect(result.json.bestShare.wouldHaveBeenBlock).toBe(false)
    expect(result.json.bestShare.expectedSecondsPerShare).toBeCloseTo((4.29e9 * 2 ** 32) / 1.7e12, 6)
  })

  it('extra windows merge with the standard ones by duration, without duplicates (human table too)', async () => {
    const periods = ['5y', '90d', '12h', '24h', '5y'].flatMap((period) => ['--period', period])
    const json = await runCli(['odds', '-H', '1TH', '--difficulty', '145.04T', ...periods, '--json'], {env})
    expect(json.code).toBe(0)
    const labels = ['10m', '1h', '12h', '1d', '7d', '30d', '90d', '1y', '5y']
    expect(json.json.windows.map((w: {label: string}) => w.label)).toEqual(labels)
    expect(json.json.windows.map((w: {seconds: number}) => w.seconds)).toEqual([
      600, 3600, 43_200, 86_400, 604_800, 2_592_000, 7_776_000, 31_536_000, 157_680_000,
    ])
    const human = await runCli(['odds', '-H', '1TH', '--difficulty', '145.04T', ...periods, '--no-chart'], {env})
    const rows = human.stdout.split('\n').filter((line) => /^\d+[mhdy] /.test(line))
    expect(rows.map((line) => line.split(' ')[0])).toEqual(labels)
  })

  it('--best-diff above the network difficulty: the real ratio and "would have been a block"', async () => {
    const args = ['odds', '-H', '1TH', '--difficulty', '145T', '--best-diff', '200T']
    const result = await runCli([...args, '--json'], {env})
    expect(result.code).toBe(0)
    expect(result.json.bestShare).toEqual({
      difficulty: 200e12,
      expectedSecondsPerShare: (200e12 * 2 ** 32) / 1e12,
      ratioToNetwork: 200 / 145,
      wouldHaveBeenBlock: true,
    })
    const human = await runCli([...args, '--no-chart'], {env})
    // The expected interval belongs to the best-share line, not to the hint after it.
    const lines = human.stdout.split('\n')
    const best = lines.findIndex((line) => line.startsWith('Best share'))
    expect(lines.slice(best, best + 2)).toEqual([
      'Best share 200.00T is 1.38× (138 %) the network difficulty (a share this good is expected every 27,239 years at this hashrate): it meets the block target, so it would have been a block.',
      '  If no block was found, check the value: it is probably mistyped or from another network (testnet, signet).',
    ])
    const below = await runCli(['odds', '-H', '1TH', '--difficulty', '145T', '--best-diff', '4.29G', '--no-chart'], {env})
    expect(below.stdout).toContain('Best share 4.29G is 0.00296 % of the network difficulty (a share this good is expected every 213.3 days')
    expect(below.stdout).not.toContain('would have been a block')
  })

  it('sat/day is grouped; --watts alone shows the energy use and asks for --kwh-price', async () => {
    const result = await runCli(['odds', '-H', '1TH', '--difficulty', '1T', '--watts', '15', '--no-chart'], {env})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Expected value: 6,286.43 sat/day, 2,294,546 sat/year')
    expect(result.stdout).toContain('Power: 15 W = 0.36 kWh/day (give --kwh-price for the cost)\n')
    expect(result.stdout).not.toContain('cost -')
    const json = await runCli(['odds', '-H', '1TH', '--difficulty', '1T', '--watts', '15', '--json'], {env})
    expect(json.json.economics).toMatchObject({costPerDay: null, kwhPerDay: 0.36, kwhPrice: null, netPerDay: null, watts: 15})
  })

  it('--watts, --kwh-price and --btc-price: cost vs expected value per day', async () => {
    const result = await runCli([...ORACLE, '--watts', '15', '--kwh-price', '0.25', '--btc-price', '100000', '--json'], {env})
    expect(result.code).toBe(0)
    expect(result.json.economics).toMatchObject({btcPrice: 100_000, kwhPerDay: 0.36, kwhPrice: 0.25, priceSource: '--btc-price', watts: 15})
    expect(result.json.economics.costPerDay).toBeCloseTo(0.09, 10)
    expect(result.json.economics.expectedValuePerDay).toBeCloseTo(0.0520105, 6)
    expect(result.json.economics.netPerDay).toBeCloseTo(0.0520105 - 0.09, 6)
  })

  const HASHRATE_HELP = 'Write a positive number with a unit: 1.2TH (= 1.2 TH/s), 500GH, 950MH; a plain number is in H/s'
  it.each([
    [['-H', 'abc', '--difficulty', '1T'], [HASHRATE_HELP, 'For example: solominer odds --hashrate 1.2TH --hashrate 500GH']],
    [
      ['-H', '1TH', '--difficulty', 'abc'],
      [
        'Write the full number (145042165424853.29), an exponent (1.4504e14) or a k/M/G/T/P/E suffix (145.04T, 4.29G)',
        'For example: solominer odds --hashrate 1.2TH --difficulty 145.04T',
      ],
    ],
    [
      ['-H', '1TH', '--difficulty', '1T', '--best-diff', 'lots'],
      [
        'Write the full number (145042165424853.29), an exponent (1.4504e14) or a k/M/G/T/P/E suffix (145.04T, 4.29G)',
        'For example: solominer odds --hashrate 1.2TH --best-diff 4.29G',
      ],
    ],
    [
      ['-H', '1TH', '--difficulty', '1T', '--period', 'bogus'],
      [
        'Write a number and a unit (ms, s (seconds), min (minutes), h (hours), d (days), w (weeks), y (365-day years)); a bare number is in seconds, e.g. --period 90d',
        'For example: solominer odds --hashrate 1.2TH --period 90d --period 5y',
      ],
    ],
  ])('input error %j carries suggestions', async (args, suggestions) => {
    const result = await runCli(['odds', ...args, '--json'], {env})
    expect(result.code).toBe(2)
    expect(result.json.error.code).toBe('INVALID_INPUT')
    expect(result.json.error.suggestions).toEqual(suggestions)
    const human = await runCli(['odds', ...args], {env})
    expect(human.stderr).toContain(`  * ${suggestions[1]}\n`)
  })

  it.each([
    [['--hashrate', '0'], 'Invalid hashrate "0": expected a positive value like 1.2TH'],
    [['--hashrate', '-5TH'], 'Invalid hashrate "-5TH"'],
    [['--hashrate', '1.2XH'], 'Invalid hashrate "1.2XH"'],
    [['--hashrate', 'NaN'], 'Invalid hashrate "NaN"'],
    [['--hashrate', '1TH', '--period', 'forever'], 'Invalid --period "forever"'],
    [['--hashrate', '1TH', '--best-diff', 'lots'], 'Invalid difficulty "lots"'],
    [[], 'No hashrate given'],
  ])('usage error %j → exit 2 with a clear message', async (args, message) => {
    const result = await runCli(['odds', '--difficulty', '1e14', ...args, '--json'], {env})
    expect(result.code).toBe(2)
    expect(result.json.error.code).toBe('INVALID_INPUT')
    expect(result.json.error.message).toContain(message)
  })

  it('a bad difficulty or --kwh-price without --watts → exit 2', async () => {
    expect((await runCli(['odds', '--hashrate', '1TH', '--difficulty', '-3', '--json'], {env})).code).toBe(2)
    const result = await runCli(['odds', '--hashrate', '1TH', '--difficulty', '1e14', '--kwh-price', '0.3', '--json'], {env})
    expect(result.code).toBe(2)
    expect(result.json.error.code).toBe('USAGE')
  })

  it('human output names the source, shows the table and the chart; --no-chart hides it', async () => {
    const result = await runCli(ORACLE, {env})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Source: difficulty given with --difficulty')
    expect(result.stdout).toContain('1 in 6,008,405')
    expect(result.stdout).toContain('1 in 16,461.9')
    expect(result.stdout).toContain('Expected time to a block: 16,461 years (median 11,410 years)')
    expect(result.stdout).toContain('Chance of at least one block')
    expect(result.stdout).toMatch(/^ 10y │█+.*│ 0\.0607 %$/m)
    const bare = await runCli([...ORACLE, '--no-chart'], {env})
    expect(bare.stdout).not.toContain('Chance of at least one block')
    expect(bare.stderr).toBe('')
  })
})
