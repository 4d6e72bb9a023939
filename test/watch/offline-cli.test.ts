/**
 * `watch` names devices as `status` does and says why one went offline without the request URL. The
 * built CLI on an inventory entry ("office") whose simulator is stopped: its port refuses connections.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {createContext} from '../../src/lib/context.js'
import {identifyAddress} from '../../src/lib/discovery/identify.js'
import {readInventory, recordScan, writeInventory} from '../../src/lib/inventory/store.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'

let sim: AxeosSim
let config: ReturnType<typeof tempConfig>

beforeAll(async () => {
  sim = await createAxeosSim({host: '127.42.9.31', hostname: 'bitaxe', httpPort: 0, jitter: false, profile: 'axeos-2.15'})
  config = tempConfig()
  const dir = config.env.SOLOMINER_CONFIG_DIR!
  const ctx = createContext({paths: {cacheDir: dir, configDir: dir, dataDir: dir}, timeoutMs: 2000})
  try {
    await recordScan(ctx, [(await identifyAddress(sim.address, ctx))!])
    const inventory = await readInventory(ctx)
    inventory.devices[0]!.alias = 'office'
    await writeInventory(ctx, inventory)
  } finally {
    await ctx.close()
    await sim.stop()
  }
})

afterAll(() => config?.cleanup())

describe('watch of a device that is offline', () => {
  it('labels it "alias (ip)" and says why, without the URL', async () => {
    const args = ['watch', 'office', '--count', '1', '--interval', '1', '--difficulty', '100T']
    const json = await runCli([...args, '--json'], {env: config.env})
    const [tick] = json.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(tick.alerts).toEqual([
      expect.objectContaining({ip: '127.42.9.31', kind: 'offline', message: 'office (127.42.9.31) went offline (refused the connection)'}),
    ])

    const human = await runCli(args, {env: config.env})
    expect(human.stdout).toContain('office (127.42.9.31) went offline (refused the connection)')
    expect(human.stdout).not.toContain('/api/system/info')
    expect(human.stdout).toMatch(/^office \(127\.42\.9\.31\) +Gamma 601 +offline/m)
  })
})
