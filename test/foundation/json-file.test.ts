import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {readJsonDocument, writeJsonDocument} from '../../src/lib/settings/json-file.js'

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
    await writeJsonDocument(path, {items: ['a'], version: 1})
    expect(statSync(path).mode & 0o777).toBe(0o600)
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
