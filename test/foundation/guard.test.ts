import {afterEach, describe, expect, it} from 'vitest'

import {createContext} from '../../src/lib/context.js'
import {assertNetworkAllowed} from '../../src/lib/net/guard.js'
import {tcpExchange} from '../../src/lib/net/tcp.js'

const original = process.env.SOLOMINER_NET_ALLOW
afterEach(() => {
  process.env.SOLOMINER_NET_ALLOW = original
})

describe('network guard (SOLOMINER_NET_ALLOW)', () => {
  it('allows literal addresses inside the listed CIDRs and ::1', () => {
    process.env.SOLOMINER_NET_ALLOW = '127.0.0.0/8,10.77.0.0/24'
    expect(() => assertNetworkAllowed('127.4.5.6')).not.toThrow()
    expect(() => assertNetworkAllowed('10.77.0.200')).not.toThrow()
    expect(() => assertNetworkAllowed('[::1]')).not.toThrow()
  })

  it('refuses other addresses and every host name (no DNS lookup)', () => {
    process.env.SOLOMINER_NET_ALLOW = '127.0.0.0/8,10.77.0.0/24'
    for (const host of ['10.77.1.1', '192.168.1.50', '8.8.8.8', 'solo.ckpool.org', 'localhost.example']) {
      expect(() => assertNetworkAllowed(host), host).toThrowError(/is outside SOLOMINER_NET_ALLOW/)
    }
  })

  it('allows everything when unset (a user run)', () => {
    delete process.env.SOLOMINER_NET_ALLOW
    expect(() => assertNetworkAllowed('192.168.1.50')).not.toThrow()
  })

  it('stops HTTP and TCP before any packet', async () => {
    process.env.SOLOMINER_NET_ALLOW = '127.0.0.0/8'
    const ctx = createContext({paths: {cacheDir: '', configDir: '', dataDir: ''}, timeoutMs: 200})
    await expect(ctx.http.request({url: 'http://192.0.2.1/'})).rejects.toMatchObject({code: 'HOST_UNREACHABLE'})
    await expect(tcpExchange({host: '192.0.2.1', payload: 'x', port: 4028, timeoutMs: 200})).rejects.toThrowError(
      /outside SOLOMINER_NET_ALLOW/,
    )
    await ctx.close()
  })
})
