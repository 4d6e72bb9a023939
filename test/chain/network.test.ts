/** Option resolution (flag > environment > settings > default) and when `auto` uses a node. */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {DEFAULT_BLOCKCHAIN_URL, DEFAULT_MEMPOOL_URL, resolveChainOptions} from '../../src/lib/chain/network.js'
import {type AppContext, createContext} from '../../src/lib/context.js'
import {setSetting} from '../../src/lib/settings/store.js'

let dir: string
let ctx: AppContext
const makeContext = (env: NodeJS.ProcessEnv = {}) =>
  createContext({env, paths: {cacheDir: dir, configDir: join(dir, 'config'), dataDir: dir}})

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'solominer-network-'))
  ctx = makeContext()
})
afterEach(async () => {
  await ctx.close()
  rmSync(dir, {force: true, recursive: true})
})

describe('resolveChainOptions', () => {
  it('defaults: auto, public URLs, no node', async () => {
    const resolved = await resolveChainOptions(ctx, {home: dir, platform: 'linux'})
    expect(resolved).toMatchObject({blockchainUrl: DEFAULT_BLOCKCHAIN_URL, mempoolUrl: DEFAULT_MEMPOOL_URL, source: 'auto', wantFees: false})
    expect(resolved.node).toEqual({cookie: null, explicit: false, password: null, url: 'http://127.0.0.1:8332', user: null})
  })

  it('flag > environment > settings', async () => {
    await setSetting(ctx, 'api.mempool', 'http://settings.example')
    await setSetting(ctx, 'node.user', 'from-settings')
    await setSetting(ctx, 'odds.source', 'blockchain')
    const withEnv = makeContext({SOLOMINER_MEMPOOL_URL: 'http://env.example/', SOLOMINER_RPC_PASSWORD: 'env-pw'})
    try {
      const fromEnv = await resolveChainOptions(withEnv, {home: dir, platform: 'linux'})
      expect(fromEnv).toMatchObject({mempoolUrl: 'http://env.example', source: 'blockchain'})
      expect(fromEnv.node).toMatchObject({explicit: true, password: 'env-pw', user: 'from-settings'})
      const fromFlags = await resolveChainOptions(withEnv, {home: dir, mempoolUrl: 'http://flag.example', platform: 'linux', rpcUser: 'flag', source: 'mempool'})
      expect(fromFlags).toMatchObject({mempoolUrl: 'http://flag.example', source: 'mempool'})
      expect(fromFlags.node.user).toBe('flag')
    } finally {
      await withEnv.close()
    }
  })

  it('a cookie found in a chain folder selects that chain\'s default RPC port', async () => {
    mkdirSync(join(dir, '.bitcoin', 'testnet4'), {recursive: true})
    writeFileSync(join(dir, '.bitcoin', 'testnet4', '.cookie'), '__cookie__:00')
    const resolved = await resolveChainOptions(ctx, {home: dir, platform: 'linux'})
    expect(resolved.node).toMatchObject({explicit: false, url: 'http://127.0.0.1:48332'})
    expect(resolved.node.cookie?.chain).toBe('testnet4')
  })

  it('--rpc-cookie with ~ is expanded and makes the node explicit', async () => {
    const resolved = await resolveChainOptions(ctx, {home: '/home/ann', platform: 'linux', rpcCookie: '~/.bitcoin/.cookie'})
    expect(resolved.node).toMatchObject({cookie: {path: '/home/ann/.bitcoin/.cookie'}, explicit: true})
  })
})
