/**
 * A lock whose holder died must not block the next solominer forever, and a live holder, however long
 * it works, must not be broken (issue 8 §2). A real process takes the inventory's lock through the
 * built library and holds it; the built CLI waits for it, gives up naming it, and once the holder is
 * killed with SIGKILL (no clean-up runs) takes the stale lock over.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {projectRoot, runCli, tempConfig} from '../helpers/cli.js'

let config: ReturnType<typeof tempConfig>
let inventory: string
let holder: ChildProcess | undefined
beforeEach(() => {
  config = tempConfig()
  const configDir = config.env.SOLOMINER_CONFIG_DIR!
  mkdirSync(configDir, {recursive: true})
  inventory = join(configDir, 'inventory.json')
  const device = {
    alias: null, asic: null, driver: 'axeos', firmware: 'AxeOS', firmwareVersion: null, firstSeen: '', hostname: null, httpPort: 80,
    ip: '127.83.2.1', lastSeen: '', mac: null, make: 'Bitaxe', model: 'Gamma', rpcPort: 4028,
  }
  writeFileSync(inventory, JSON.stringify({devices: [device], version: 1}))
})
afterEach(() => {
  holder?.kill('SIGKILL')
  config.cleanup()
})

/** Another process holding the inventory's lock until it is killed. */
async function holdLock(): Promise<ChildProcess> {
  const lockModule = pathToFileURL(join(projectRoot, 'dist', 'lib', 'storage', 'lock.js')).href
  const script = `
    const {withLock} = await import(${JSON.stringify(lockModule)})
    await withLock(${JSON.stringify(`${inventory}.lock`)}, {guards: 'inventory', purpose: 'holding it for a test', waitMs: 0}, async () => {
      process.stdout.write('held\\n')
      await new Promise(() => setInterval(() => {}, 1000))
    })`
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'inherit']})
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve())
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code})`)))
  })
  return child
}

describe('stale and live locks', () => {
  it('a live holder is waited for and named (exit 3); once SIGKILLed, its lock is taken over', {timeout: 90_000}, async () => {
    holder = await holdLock()
    const blocked = await runCli(['devices', 'alias', '127.83.2.1', 'garage', '--json'], {env: config.env, killAfterMs: 40_000})
    expect(blocked.code).toBe(3)
    expect(blocked.json.error.code).toBe('LOCKED')
    // The holder kept refreshing its lock for the 15 s wait, longer than the 10 s after which a silent one is stale.
    expect(blocked.json.error.message).toMatch(
      new RegExp(`^${inventory} is in use by solominer process ${holder.pid} \\(holding it for a test, since [^)]+\\); gave up after waiting 15 s$`),
    )
    expect(JSON.parse(readFileSync(inventory, 'utf8')).devices[0].alias).toBeNull()

    holder.kill('SIGKILL')
    await new Promise((resolve) => holder!.once('exit', resolve))
    expect(existsSync(`${inventory}.lock`)).toBe(true)
    const after = await runCli(['devices', 'alias', '127.83.2.1', 'garage', '--json'], {env: config.env, killAfterMs: 40_000})
    expect(after.code).toBe(0)
    expect(JSON.parse(readFileSync(inventory, 'utf8')).devices[0].alias).toBe('garage')
    expect(existsSync(`${inventory}.lock`)).toBe(false)
  })
})
