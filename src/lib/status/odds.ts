/** The fleet's solo odds at a given network difficulty (shown by `watch` and `demo`). */
import type {NetworkSnapshot, SnapshotSource} from '../chain/network-snapshot.js'
import {SECONDS_PER_DAY, SECONDS_PER_YEAR, blockProbability, expectedSecondsToBlock, networkHashrate} from '../odds/math.js'

export interface FleetOdds {
  difficulty: number
  /** Where the difficulty came from (the offline snapshot says its date and whether it is stale). */
  difficultySource: Pick<SnapshotSource, 'asOf' | 'kind' | 'stale'>
  /** Mean time to a block at this hashrate; null when nothing is hashing. */
  expectedSecondsToBlock: number | null
  /** H/s */
  hashrate: number
  probabilityPerDay: number
  probabilityPerYear: number
  /** The fleet's fraction of the network hashrate the difficulty implies. */
  shareOfNetwork: number
}

export function fleetOdds(hashrate: number, network: Pick<NetworkSnapshot, 'difficulty' | 'source'>): FleetOdds {
  const {difficulty, source} = network
  return {
    difficulty,
    difficultySource: {asOf: source.asOf, kind: source.kind, stale: source.stale},
    expectedSecondsToBlock: hashrate > 0 ? expectedSecondsToBlock(hashrate, difficulty) : null,
    hashrate,
    probabilityPerDay: blockProbability(hashrate, difficulty, SECONDS_PER_DAY),
    probabilityPerYear: blockProbability(hashrate, difficulty, SECONDS_PER_YEAR),
    shareOfNetwork: hashrate / networkHashrate(difficulty),
  }
}
