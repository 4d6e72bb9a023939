/**
 * Solo-mining probability math. Expected hashes per block are taken as D·2³² (what every calculator and
 * AxeOS use; the exact 2²⁵⁶/(target+1) is 0.0015 % larger). Hashrates in H/s, times in seconds.
 */

/** Hashes per unit of difficulty. */
export const HASHES_PER_DIFFICULTY = 2 ** 32
/** Target spacing of Bitcoin blocks, seconds. */
export const BLOCK_SPACING_SECONDS = 600
export const SECONDS_PER_DAY = 86_400
/** A 365-day year, as the windows and the oracle use. */
export const SECONDS_PER_YEAR = 365 * SECONDS_PER_DAY

/** λ: the expected number of blocks found in `seconds`. */
export function expectedBlocks(hashrate: number, difficulty: number, seconds: number): number {
  return (hashrate * seconds) / (difficulty * HASHES_PER_DIFFICULTY)
}

/** P(at least one block in `seconds`) = 1 − e^(−λ), via expm1 so tiny λ keep their digits. */
export function blockProbability(hashrate: number, difficulty: number, seconds: number): number {
  return -Math.expm1(-expectedBlocks(hashrate, difficulty, seconds))
}

/** Mean time to the first block (exponential distribution). */
export function expectedSecondsToBlock(hashrate: number, difficulty: number): number {
  return (difficulty * HASHES_PER_DIFFICULTY) / hashrate
}

/** Half of all solo miners at this rate wait less than this: ln 2 × the mean. */
export function medianSecondsToBlock(hashrate: number, difficulty: number): number {
  return Math.LN2 * expectedSecondsToBlock(hashrate, difficulty)
}

/** The network hashrate the difficulty implies: D·2³²/600. */
export function networkHashrate(difficulty: number): number {
  return (difficulty * HASHES_PER_DIFFICULTY) / BLOCK_SPACING_SECONDS
}
