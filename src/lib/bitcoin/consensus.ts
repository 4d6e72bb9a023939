/** Consensus facts about blocks, shared by the chain readers, the pool check and the odds. */

const HALVING_INTERVAL = 210_000
const INITIAL_SUBSIDY_SATS = 5_000_000_000n

/** Block subsidy in sats at `height`: 50 BTC halved every 210,000 blocks, zero after 64 halvings. */
export function subsidySats(height: number): number {
  const halvings = Math.floor(height / HALVING_INTERVAL)
  return halvings >= 64 ? 0 : Number(INITIAL_SUBSIDY_SATS >> BigInt(halvings))
}

/**
 * Difficulty from compact nBits ("1701f0cc"), computed in doubles exactly as Bitcoin Core's
 * GetDifficulty does, so the value matches the node's `difficulty` field to the last digit.
 */
export function difficultyFromBits(bits: string | number): number {
  const compact = typeof bits === 'number' ? bits : Number.parseInt(bits, 16)
  let shift = (compact >>> 24) & 0xff
  let difficulty = 0xffff / (compact & 0x00ffffff)
  while (shift < 29) {
    difficulty *= 256
    shift++
  }
  while (shift > 29) {
    difficulty /= 256
    shift--
  }
  return difficulty
}
