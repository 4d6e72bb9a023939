/**
 * The flags that choose where chain data comes from (your node, a mempool API, blockchain.info, the
 * offline snapshot), shared by `odds` and `pool check`.
 */
import * as Flags from '@oclif/core/flags'

import type {ChainSourceOptions} from '../lib/chain/network.js'
import {CHAIN_SOURCES} from '../lib/settings/store.js'

export const chainSourceFlags = {
  'api-url': Flags.string({
    helpGroup: 'SOURCE',
    summary:
      'Base URL of the mempool API (of blockchain.info with --source blockchain). Settings api.mempool/api.blockchain, env SOLOMINER_MEMPOOL_URL/SOLOMINER_BLOCKCHAIN_URL.',
  }),
  'rpc-cookie': Flags.string({helpGroup: 'SOURCE', summary: 'Bitcoin Core cookie file (default: found in the data directory per OS and chain).'}),
  'rpc-password': Flags.string({helpGroup: 'SOURCE', summary: 'Bitcoin Core RPC password (prefer env SOLOMINER_RPC_PASSWORD or settings).'}),
  'rpc-url': Flags.string({helpGroup: 'SOURCE', summary: 'Bitcoin Core JSON-RPC URL (default http://127.0.0.1:8332).'}),
  'rpc-user': Flags.string({helpGroup: 'SOURCE', summary: 'Bitcoin Core RPC user.'}),
  source: Flags.option({helpGroup: 'SOURCE', options: CHAIN_SOURCES, summary: 'Where chain data comes from (default: setting odds.source, else auto).'})(),
}

interface ChainSourceFlagValues {
  'api-url'?: string
  'rpc-cookie'?: string
  'rpc-password'?: string
  'rpc-url'?: string
  'rpc-user'?: string
  source?: (typeof CHAIN_SOURCES)[number]
}

/** --api-url names the blockchain.info base with --source blockchain, the mempool API otherwise. */
export function chainSourceOptions(flags: ChainSourceFlagValues): ChainSourceOptions {
  const blockchainSource = flags.source === 'blockchain'
  return {
    blockchainUrl: blockchainSource ? flags['api-url'] : undefined,
    mempoolUrl: blockchainSource ? undefined : flags['api-url'],
    rpcCookie: flags['rpc-cookie'],
    rpcPassword: flags['rpc-password'],
    rpcUrl: flags['rpc-url'],
    rpcUser: flags['rpc-user'],
    source: flags.source,
  }
}
