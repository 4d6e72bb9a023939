import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {cookieCandidates, defaultDataDirs, expandHome, findCookie, readCookie} from '../../src/lib/chain/cookie.js'

let home: string
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'solominer-cookie-'))
})
afterEach(() => rmSync(home, {force: true, recursive: true}))

describe('Bitcoin Core cookie discovery', () => {
  it('knows the data directory per OS', () => {
    expect(defaultDataDirs({home: '/home/ann', platform: 'linux'})).toEqual(['/home/ann/.bitcoin'])
    expect(defaultDataDirs({home: '/Users/ann', platform: 'darwin'})).toEqual(['/Users/ann/Library/Application Support/Bitcoin'])
    expect(
      defaultDataDirs({env: {APPDATA: 'C:\\Users\\ann\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local'}, platform: 'win32'}),
    ).toEqual(['C:\\Users\\ann\\AppData\\Local\\Bitcoin', 'C:\\Users\\ann\\AppData\\Roaming\\Bitcoin'])
  })

  it('tries mainnet, then the chain subfolders, each with its default RPC port', () => {
    expect(cookieCandidates({home: '/home/ann', platform: 'linux'})).toEqual([
      {chain: 'main', defaultUrl: 'http://127.0.0.1:8332', path: '/home/ann/.bitcoin/.cookie'},
      {chain: 'testnet4', defaultUrl: 'http://127.0.0.1:48332', path: '/home/ann/.bitcoin/testnet4/.cookie'},
      {chain: 'testnet3', defaultUrl: 'http://127.0.0.1:18332', path: '/home/ann/.bitcoin/testnet3/.cookie'},
      {chain: 'signet', defaultUrl: 'http://127.0.0.1:38332', path: '/home/ann/.bitcoin/signet/.cookie'},
      {chain: 'regtest', defaultUrl: 'http://127.0.0.1:18443', path: '/home/ann/.bitcoin/regtest/.cookie'},
    ])
    expect(cookieCandidates({env: {LOCALAPPDATA: 'C:\\L'}, platform: 'win32'})[3]!.path).toBe('C:\\L\\Bitcoin\\signet\\.cookie')
  })

  it('finds the first existing cookie and reads it', async () => {
    expect(await findCookie({home, platform: 'linux'})).toBeNull()
    mkdirSync(join(home, '.bitcoin', 'signet'), {recursive: true})
    writeFileSync(join(home, '.bitcoin', 'signet', '.cookie'), '__cookie__:ab12\n')
    const found = await findCookie({home, platform: 'linux'})
    expect(found).toEqual({chain: 'signet', defaultUrl: 'http://127.0.0.1:38332', path: join(home, '.bitcoin', 'signet', '.cookie')})
    expect(await readCookie(found!.path)).toEqual({password: 'ab12', user: '__cookie__'})
  })

  it('expands a leading ~ (paths stored in settings are not expanded by the shell)', () => {
    expect(expandHome('~/.bitcoin/.cookie', '/home/ann')).toBe('/home/ann/.bitcoin/.cookie')
    expect(expandHome('/srv/btc/.cookie', '/home/ann')).toBe('/srv/btc/.cookie')
  })

  it('explains an unreadable or malformed cookie', async () => {
    await expect(readCookie(join(home, 'missing'))).rejects.toMatchObject({code: 'AUTH_FAILED', message: expect.stringContaining('Cannot read the RPC cookie file')})
    writeFileSync(join(home, 'bad'), 'nocolon')
    await expect(readCookie(join(home, 'bad'))).rejects.toThrow('is not a Bitcoin Core cookie file')
  })
})
