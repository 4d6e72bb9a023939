import {existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {MAX_DOCUMENT_BYTES, createJsonDocument, readJsonDocument, updateJsonDocument} from '../../src/lib/storage/json-document.js'
import {withLock} from '../../src/lib/storage/lock.js'

interface Doc {
  items: string[]
  version: number
}
const fallback: Doc = {items: [], version: 1}
const validate = (value: unknown): Doc => {
  const doc = value as Doc
  if (!Array.isArray(doc.items)) throw new Error('"items" must be a list')
  return doc
}

let dir: string
afterEach(() => rmSync(dir, {force: true, recursive: true}))

describe('versioned JSON documents', () => {
  it('writes atomically with mode 0600 and reads back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-json-'))
    const path = join(dir, 'nested', 'doc.json')
    await updateJsonDocument(path, fallback, validate, (doc) => {
      doc.items.push('a')
    })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    // The lock and the temporary file are gone.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['doc.json'])
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({items: ['a'], version: 1})
    expect(await readJsonDocument(path, fallback, validate)).toEqual({items: ['a'], version: 1})
  })

  it('gives the fallback for a missing file and names the file when invalid', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-json-'))
    const path = join(dir, 'doc.json')
    expect(await readJsonDocument(path, fallback, validate)).toBe(fallback)
    writeFileSync(path, '{not json')
    await expect(readJsonDocument(path, fallback, validate)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      exitCode: 3,
      message: `${path} is invalid: it is not valid JSON`,
    })
    writeFileSync(path, '{"version":1,"items":3}')
    await expect(readJsonDocument(path, fallback, validate)).rejects.toThrowError(`${path} is invalid: "items" must be a list`)
    writeFileSync(path, '{"version":9,"items":[]}')
    await expect(readJsonDocument(path, fallback, validate)).rejects.toThrowError(/written by a newer solominer/)
  })
})

describe('updates', () => {
  it('a throwing change writes nothing; an unchanged document is not rewritten', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-json-'))
    const path = join(dir, 'doc.json')
    await expect(updateJsonDocument(path, fallback, validate, () => {
      throw new Error('refused')
    })).rejects.toThrowError('refused')
    expect(existsSync(path)).toBe(false)
    await updateJsonDocument(path, fallback, validate, (doc) => doc.items.push('a'))
    const before = statSync(path).mtimeMs
    expect(await updateJsonDocument(path, fallback, validate, (doc) => doc.items.length)).toBe(1)
    expect(statSync(path).mtimeMs).toBe(before)
  })

  it('waits for the holder of the lock, then re-reads: both changes are kept', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-json-'))
    const path = join(dir, 'doc.json')
    let first!: Promise<unknown>
    const second = withLock(`${path}.lock`, {guards: path, purpose: 'test', waitMs: 1000}, async () => {
      first = updateJsonDocument(path, fallback, validate, (doc) => doc.items.push('first'))
      await new Promise((resolve) => setTimeout(resolve, 200))
      writeFileSync(path, JSON.stringify({items: ['held'], version: 1}))
    })
    await second
    await first
    expect((await readJsonDocument(path, fallback, validate)).items).toEqual(['held', 'first'])
  })

  it('gives up after the wait with LOCKED (exit 3) naming the file and the holder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-json-'))
    const path = join(dir, 'doc.json')
    await withLock(`${path}.lock`, {guards: path, purpose: 'holding it for a test', waitMs: 0}, async () => {
      await expect(updateJsonDocument(path, fallback, validate, () => 1, {waitMs: 300})).rejects.toMatchObject({
        code: 'LOCKED',
        exitCode: 3,
        message: expect.stringMatching(new RegExp(`^${path.replaceAll('/', '\\/')} is in use by solominer process ${process.pid} \\(holding it for a test, since .+\\); gave up after waiting 0.3 s$`)),
      })
    })
  })

  it('a document kept elsewhere through a symlink is changed there; the link stays', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-json-'))
    mkdirSync(join(dir, 'dotfiles'))
    const real = join(dir, 'dotfiles', 'doc.json')
    writeFileSync(real, JSON.stringify({items: ['a'], version: 1}))
    const link = join(dir, 'doc.json')
    symlinkSync(real, link)
    await updateJsonDocument(link, fallback, validate, (doc) => doc.items.push('b'))
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(JSON.parse(readFileSync(real, 'utf8')).items).toEqual(['a', 'b'])
  })

  it('backups are created once: an existing name is never overwritten', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-json-'))
    const path = join(dir, 'b', 'one.json')
    expect(await createJsonDocument(path, {items: ['a'], version: 1})).toBe(true)
    expect(await createJsonDocument(path, {items: ['b'], version: 1})).toBe(false)
    expect(JSON.parse(readFileSync(path, 'utf8')).items).toEqual(['a'])
    expect(readdirSync(join(dir, 'b'))).toEqual(['one.json'])
  })
})

describe('size cap', () => {
  it(`refuses a file larger than ${MAX_DOCUMENT_BYTES} bytes before reading it (exit 3), and never writes one`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'sm-json-'))
    mkdirSync(dir, {recursive: true})
    const path = join(dir, 'doc.json')
    writeFileSync(path, '')
    truncateSync(path, 42 * 1024 * 1024)
    await expect(readJsonDocument(path, fallback, validate)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      exitCode: 3,
      message: `${path} is 42.0 MB: solominer keeps files of at most 8.0 MB (about 40,000 inventory entries)`,
    })
    const other = join(dir, 'other.json')
    await expect(updateJsonDocument(other, fallback, validate, (doc) => doc.items.push('x'.repeat(MAX_DOCUMENT_BYTES)))).rejects.toThrowError(
      /^Cannot write .*other\.json: it would be 8\.0 MB, more than the 8\.0 MB solominer keeps$/,
    )
    expect(existsSync(other)).toBe(false)
  })
})
