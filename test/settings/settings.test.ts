/** `solominer settings get|set|unset|list` through the built CLI, and the store's validation. */
import {mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {runCli, tempConfig} from '../helpers/cli.js'

let config: ReturnType<typeof tempConfig>
let file: string
beforeEach(() => {
  config = tempConfig()
  file = join(config.env.SOLOMINER_CONFIG_DIR!, 'settings.json')
})
afterEach(() => config.cleanup())

const cli = (...args: string[]) => runCli(['settings', ...args], {env: config.env})

describe('settings', () => {
  it('set normalises and stores in <configDir>/settings.json (mode 0600); get and list read it back', async () => {
    const set = await cli('set', 'node.url', 'http://127.0.0.1:8332/', '--json')
    expect(set.code).toBe(0)
    expect(set.json).toEqual({key: 'node.url', path: file, value: 'http://127.0.0.1:8332'})
    expect((await cli('set', 'odds.source', 'Mempool')).stdout.trim()).toBe('odds.source = mempool')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({values: {'node.url': 'http://127.0.0.1:8332', 'odds.source': 'mempool'}, version: 1})
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect((await cli('get', 'node.url')).stdout.trim()).toBe('http://127.0.0.1:8332')
    const list = await cli('list', '--json')
    expect(list.json.path).toBe(file)
    expect(list.json.settings.map((row: {key: string}) => row.key)).toEqual([
      'api.blockchain', 'api.mempool', 'mqtt.url', 'node.cookie', 'node.password', 'node.url', 'node.user', 'notify.urls', 'odds.source', 'payout.address',
    ])
    expect(list.json.settings.find((row: {key: string}) => row.key === 'odds.source')).toMatchObject({set: true, value: 'mempool'})
  })

  it('never prints a secret', async () => {
    const set = await cli('set', 'node.password', 'hunter2')
    expect(set.stdout.trim()).toBe('node.password = (set)')
    const get = await cli('get', 'node.password', '--json')
    expect(get.json).toMatchObject({key: 'node.password', secret: true, set: true, value: '(set)'})
    const list = await cli('list')
    expect(list.stdout).toMatch(/^node\.password\s+\(set\)/m)
    expect(set.stdout + get.stdout + list.stdout).not.toContain('hunter2')
    expect(readFileSync(file, 'utf8')).toContain('hunter2')
  })

  it('redacts a password inside node.url in set, get, list and --json; stores it intact', async () => {
    const url = 'http://u:pw2secret@127.0.0.1:18441'
    const shown = 'http://u:***@127.0.0.1:18441'
    const set = await cli('set', 'node.url', url)
    expect(set.stdout.trim()).toBe(`node.url = ${shown}`)
    expect((await cli('set', 'node.url', url, '--json')).json.value).toBe(shown)
    expect(JSON.parse(readFileSync(file, 'utf8')).values['node.url']).toBe(url)
    expect((await cli('get', 'node.url')).stdout.trim()).toBe(shown)
    expect((await cli('get', 'node.url', '--json')).json).toMatchObject({key: 'node.url', value: shown})
    const list = await cli('list', '--no-color')
    expect(list.stdout).toContain(shown)
    expect(list.stdout).not.toContain('pw2secret')
    const listJson = await cli('list', '--json')
    expect(listJson.json.settings.find((row: {key: string}) => row.key === 'node.url').value).toBe(shown)
    expect(listJson.stdout).not.toContain('pw2secret')
  })

  it('does not echo a URL password in a validation error', async () => {
    const bad = await cli('set', 'api.mempool', 'ftp://u:pw2secret@127.0.0.1')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('"ftp://u:***@127.0.0.1" must start with http:// or https://')
    expect(bad.stderr + bad.stdout).not.toContain('pw2secret')
  })

  it('unset removes a key, and says when it was not set', async () => {
    await cli('set', 'api.mempool', 'https://mempool.example.org')
    expect((await cli('unset', 'api.mempool', '--json')).json).toEqual({key: 'api.mempool', removed: true})
    expect((await cli('unset', 'api.mempool', '--json')).json).toEqual({key: 'api.mempool', removed: false})
    expect((await cli('get', 'api.mempool', '--json')).json).toMatchObject({set: false, value: null})
  })

  it.each([
    [['set', 'no.such', 'x'], 'Unknown setting "no.such"'],
    [['get', 'no.such'], 'Unknown setting "no.such"'],
    [['set', 'odds.source', 'moon'], 'Invalid value for odds.source: expected one of auto, node, mempool, blockchain, offline'],
    [['set', 'api.mempool', 'ftp://x'], 'Invalid value for api.mempool: "ftp://x" must start with http:// or https://'],
    [['set', 'node.user', '  '], 'Invalid value for node.user: it must not be empty'],
  ])('%j → exit 2', async (args, message) => {
    const result = await cli(...args, '--json')
    expect(result.code).toBe(2)
    expect(result.json.error.message).toBe(message)
  })

  it('a hand-edited invalid file is a CONFIG_INVALID error (exit 3) naming the file and the key', async () => {
    mkdirSync(config.env.SOLOMINER_CONFIG_DIR!, {recursive: true})
    writeFileSync(file, JSON.stringify({values: {'odds.source': 'sometimes'}, version: 1}))
    const result = await cli('list', '--json')
    expect(result.code).toBe(3)
    expect(result.json.error.code).toBe('CONFIG_INVALID')
    expect(result.json.error.message).toBe(`${file} is invalid: odds.source: expected one of auto, node, mempool, blockchain, offline`)
    writeFileSync(file, '{not json')
    expect((await runCli(['odds', '--hashrate', '1TH', '--source', 'offline', '--json'], {env: config.env})).code).toBe(3)
  })
})
