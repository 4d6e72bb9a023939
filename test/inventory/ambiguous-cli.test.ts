/**
 * Real Bitaxes all ship with the hostname "bitaxe": a hostname two inventory devices share names neither.
 * The built CLI refuses it (exit 2, AMBIGUOUS_TARGET) for reads and writes, and lists both devices.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {createContext} from '../../src/lib/context.js'
import {identifyAddress} from '../../src/lib/discovery/identify.js'
import {recordScan, updateInventory} from '../../src/lib/inventory/store.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'

let sims: AxeosSim[]
let config: ReturnType<typeof tempConfig>

beforeAll(async () => {
  sims = await Promise.all(
    ['127.42.9.1', '127.42.9.2'].map((host) => createAxeosSim({host, hostname: 'bitaxe', httpPort: 0, jitter: false, profile: 'axeos-2.15'})),
  )
  config = tempConfig()
  const dir = config.env.SOLOMINER_CONFIG_DIR!
  const ctx = createContext({paths: {cacheDir: dir, configDir: dir, dataDir: dir}, timeoutMs: 10_000})
  try {
    await recordScan(ctx, (await Promise.all(sims.map((sim) => identifyAddress(sim.address, ctx)))).map((identity) => identity!))
    await updateInventory(ctx, (inventory) => {
      inventory.devices.find((device) => device.ip === '127.42.9.2')!.alias = 'garage'
    })
  } finally {
    await ctx.close()
  }
})

afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.stop()))
  config.cleanup()
})

describe('a hostname several inventory devices share', () => {
  it.each([['status'], ['config', 'set', 'hostname', 'kitchen', '--yes']])('is refused by %s with both devices listed', async (...command) => {
    const before = sims.map((sim) => sim.journals[0]!.entries.length)
    for (const name of ['bitaxe', 'bitaxe.local']) {
      const result = await runCli([...command.slice(0, 4), name, ...command.slice(4), '--json'], {env: config.env})
      expect(result.code).toBe(2)
      const [one, two] = sims.map((sim) => (sim.info().macAddr as string).toLowerCase())
      expect(result.json.error).toMatchObject({
        code: 'AMBIGUOUS_TARGET',
        message: `"${name}" names 2 devices: 127.42.9.1 (MAC ${one}, alias none), 127.42.9.2 (MAC ${two}, alias garage)`,
      })
      expect(result.json.error.suggestions.join(' ')).toMatch(/MAC/)
    }
    // Nothing was read or written.
    expect(sims.map((sim) => sim.journals[0]!.entries.length)).toEqual(before)
  })

  it('still reads one of them by its alias or MAC', async () => {
    const mac = sims[0]!.info().macAddr as string
    const result = await runCli(['status', 'garage', mac, '--json'], {env: config.env})
    expect(result.code).toBe(0)
    expect(result.json.devices.map((d: {ip: string}) => d.ip)).toEqual(['127.42.9.2', '127.42.9.1'])
  })
})
