/**
 * A cookie path that names something endless or huge (/dev/zero, a wrong multi-GB file) used to be
 * read whole: 13 s and 600 MB before failing. A cookie is under 100 bytes: at most 1 KB is read, and
 * anything longer is "not a Bitcoin Core cookie file" at once.
 */
import {mkdtempSync, rmSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {readCookie} from '../../src/lib/chain/cookie.js'

let dir: string
afterEach(() => rmSync(dir, {force: true, recursive: true}))

describe('an oversized cookie file', () => {
  it.each([['/dev/zero'], ['a 2 GB file']])('%s is refused after reading 1 KB', async (what) => {
    dir = mkdtempSync(join(tmpdir(), 'sm-cookie-'))
    let path = '/dev/zero'
    if (what !== '/dev/zero') {
      path = join(dir, 'big')
      writeFileSync(path, '__cookie__:ab12')
      truncateSync(path, 2 * 1024 ** 3)
    }
    await expect(readCookie(path)).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      message: `${path} is not a Bitcoin Core cookie file (expected "user:password")`,
    })
  })

  it('a real cookie is still read', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-cookie-'))
    const path = join(dir, '.cookie')
    writeFileSync(path, `__cookie__:${'ab'.repeat(32)}`)
    expect(await readCookie(path)).toEqual({password: 'ab'.repeat(32), user: '__cookie__'})
  })
})
