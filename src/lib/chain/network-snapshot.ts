/** The network state every chain source reads into (node, public APIs, the offline snapshot), and where it came from. */
import type {ChainSourceKind} from '../settings/store.js'

export interface SkippedSource {
  code: string
  kind: ChainSourceKind
  message: string
}

export interface SnapshotSource {
  /** When the data was true: the offline snapshot's date; now for live sources. */
  asOf?: string
  height?: number
  kind: 'node' | 'mempool' | 'blockchain' | 'offline' | 'manual'
  /** Sources `auto` tried first, and why they failed. */
  skipped?: SkippedSource[]
  stale?: boolean
  url?: string
}

export interface NetworkSnapshot {
  bestBlockHash: string | null
  bits: string | null
  chain: string | null
  difficulty: number
  /** Average fees per block in sats; null when unknown. */
  feesSats: number | null
  /** Where feesSats came from, or why it is unknown. */
  feesSource: string | null
  /** Tip height (the next block is height + 1). */
  height: number | null
  /** The next block's nbits, when a node told it (getmininginfo `next`, or getblocktemplate at a retarget). */
  nextBits?: string | null
  /** Fees of the block the source would mine next, in sats, when asked for (`wantNextBlockFees`) and known. */
  nextBlockFeesSats?: number | null
  source: SnapshotSource
}

/** Which fee figures a live source reads besides the tip (each costs a request). */
export interface FeeWants {
  fees: boolean
  nextBlockFees: boolean
}
