/**
 * `watch` names devices as `status` does and says why one went offline without the request URL. The
 * built CLI on an inventory entry ("office") whose simulator is stopped: its port refuses connections.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {seedInventory} from '../helpers/inventory.js'

let sim: AxeosSim
let config: ReturnType<typeof tempConfig>

beforeAll(async () => {
  sim = await createAxeosSim({host: '127.42.9.31', hostname: 'bitaxe', httpPort: 0, jitter: false, profile: 'axeos-2.15'})
  config = tempConfig()
  try {
    await seedInventory(config.env.SOLOMINER_CONFIG_DIR!, [sim.address], ([device]) => {
      device!.alias = 'office'
    })
  } finally {
    await sim.stop()
  }
})

afterAll(() => config?.cleanup())

describe('watch of a device that is offline', () => {
  it('names it "alias (ip)" in the alert and says why, without the URL', async () => {
    // Without a terminal, watch prints one JSON line per update.
    const json = await runCli(['watch', 'office', '--count', '1', '--interval', '1', '--difficulty', '100T'], {env: config.env})
    const [tick] = json.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(tick.alerts).toEqual([
      expect.objectContaining({ip: '127.42.9.31', kind: 'offline', message: 'office (127.42.9.31) went offline (refused the connection)'}),
    ])

    expect(tick.devices[0]).toMatchObject({alias: 'office', hostname: 'bitaxe', ip: '127.42.9.31', ok: false})
  })
})
