import {describe, expect, it} from 'vitest'

import {offlineSnapshot} from '../../src/lib/chain/network.js'
import {computeOdds} from '../../src/lib/odds/calculate.js'
import {
  SECONDS_PER_DAY,
  SECONDS_PER_YEAR,
  blockProbability,
  expectedBlocks,
  expectedSecondsToBlock,
  medianSecondsToBlock,
  networkHashrate,
} from '../../src/lib/odds/math.js'
import {difficultyFromBits, subsidySats} from '../../src/lib/bitcoin/consensus.js'

const H = 1.2e12
const oneIn = (difficulty: number, seconds: number) => 1 / blockProbability(H, difficulty, seconds)
const years = (seconds: number) => seconds / SECONDS_PER_YEAR

// Oracle values: computed with mpmath at 50 digits.
describe('odds oracle at 1.2 TH/s', () => {
  const A = Number('145042165424853.29') // as typed; the nearest double prints as …853.28

  it('case A (nBits 1701f0cc): every window of the reference table', () => {
    expect(oneIn(A, 600)).toBeCloseTo(865_210_218.6, 0)
    expect(oneIn(A, 3600)).toBeCloseTo(144_201_703.5, 0)
    expect(Math.round(oneIn(A, SECONDS_PER_DAY))).toBe(6_008_405)
    expect(oneIn(A, 7 * SECONDS_PER_DAY)).toBeCloseTo(858_344.0, 0)
    expect(oneIn(A, 30 * SECONDS_PER_DAY)).toBeCloseTo(200_280.6, 0)
    expect(oneIn(A, SECONDS_PER_YEAR)).toBeCloseTo(16_461.88, 1)
    expect(blockProbability(H, A, SECONDS_PER_YEAR)).toBeCloseTo(6.07463971972001e-5, 15)
    expect(expectedBlocks(H, A, SECONDS_PER_DAY)).toBeCloseTo(1.66433540641946e-7, 19)
    expect(years(expectedSecondsToBlock(H, A))).toBeCloseTo(16_461.38, 2)
    expect(years(medianSecondsToBlock(H, A))).toBeCloseTo(11_410.16, 2)
    expect(networkHashrate(A) / 1e18).toBeCloseTo(1038.25, 2)
  })

  it('uses expm1: keeps the digits 1 − exp loses at λ ≈ 1e-9', () => {
    const p = blockProbability(H, A, 600)
    expect(p).toBeCloseTo(1.15578847601226e-9, 22)
    expect(Math.abs(p - 1.15578847601226e-9) / 1.15578847601226e-9).toBeLessThan(1e-12)
  })

  it('case B (nBits 1702349e, solo.ckpool.org)', () => {
    const B = 127_620_086_886_391.78
    expect(oneIn(B, SECONDS_PER_DAY)).toBeCloseTo(5_286_691.3, 0)
    expect(oneIn(B, SECONDS_PER_YEAR)).toBeCloseTo(14_484.58, 1)
    expect(years(expectedSecondsToBlock(H, B))).toBeCloseTo(14_484.08, 1)
  })

  it('case C (nBits 17026816, eusolo.ckpool.org)', () => {
    const C = 116_958_512_019_762.11
    expect(oneIn(C, SECONDS_PER_DAY)).toBeCloseTo(4_845_033.1, 0)
    expect(blockProbability(H, C, SECONDS_PER_YEAR)).toBeCloseTo(7.53321e-5, 10)
    expect(years(expectedSecondsToBlock(H, C))).toBeCloseTo(13_274.06, 1)
  })

  it('round D = 150e12', () => {
    expect(expectedBlocks(H, 150e12, 600)).toBeCloseTo(1.11758708953857e-9, 22)
    expect(expectedSecondsToBlock(H, 150e12)).toBe(536_870_912_000)
    expect(oneIn(150e12, SECONDS_PER_DAY)).toBeCloseTo(6_213_784.2, 0)
  })

  it('report: windows, reward and expected sats/day (52.01 at 3.125 BTC)', () => {
    const report = computeOdds({hashrate: H, network: {...offlineSnapshot(), difficulty: A}, periods: [{label: '5y', seconds: 5 * SECONDS_PER_YEAR}]})
    expect(report.windows.map((window) => window.label)).toEqual(['10m', '1h', '1d', '7d', '30d', '1y', '5y'])
    const periods = [
      {label: '5y', seconds: 5 * SECONDS_PER_YEAR},
      {label: '90d', seconds: 90 * 86_400},
      {label: '24h', seconds: 86_400},
      {label: '12h', seconds: 43_200},
      {label: '0.5d', seconds: 43_200},
    ]
    const merged = computeOdds({hashrate: H, network: {...offlineSnapshot(), difficulty: A}, periods}).windows
    expect(merged.map((window) => window.label)).toEqual(['10m', '1h', '12h', '1d', '7d', '30d', '90d', '1y', '5y'])
    expect(report.reward).toMatchObject({feesKnown: false, height: 940_105, subsidySats: 312_500_000, totalSats: 312_500_000})
    expect(report.expectedSatsPerDay).toBeCloseTo(52.0105, 3)
    expect(report.chart[0]).toMatchObject({label: '1d', seconds: SECONDS_PER_DAY})
    expect(report.chart.at(-1)!.seconds).toBeGreaterThanOrEqual(10 * SECONDS_PER_YEAR)
  })
})

describe('chain math', () => {
  it('subsidy halves every 210,000 blocks and ends after 64 halvings', () => {
    expect(subsidySats(0)).toBe(5_000_000_000)
    expect(subsidySats(839_999)).toBe(625_000_000)
    expect(subsidySats(840_000)).toBe(312_500_000)
    expect(subsidySats(2_442_185)).toBe(2_441_406)
    expect(subsidySats(64 * 210_000)).toBe(0)
  })

  it('difficulty from nBits matches Bitcoin Core exactly', () => {
    expect(difficultyFromBits('1701f0cc')).toBe(145_042_165_424_853.28)
    expect(difficultyFromBits('17026816')).toBe(116_958_512_019_762.11)
    expect(difficultyFromBits(0x170c9a13)).toBe(22_335_659_268_936.39)
  })
})

