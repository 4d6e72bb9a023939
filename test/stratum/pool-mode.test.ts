/**
 * `switch` and `status` classify the pool a device mines on with one rule: a host named "solo..." is a
 * solo pool even when its user is an account name (which `status` then flags as solo-user-invalid, naming
 * the account whole: `antminer_1` is not cut at `_`).
 */
import {describe, expect, it} from 'vitest'

import {axeos, cli, targetOf} from '../config/helpers.js'

describe('pool mode: switch and status agree', () => {
  it('solo.antpool.com with user antminer_1 is solo in both; status warns the user is no payout address', async () => {
    const sim = await axeos('axeos-2.14')
    const patch = await fetch(`http://${targetOf(sim)}/api/system`, {
      body: JSON.stringify({stratumPort: 3333, stratumURL: 'solo.antpool.com', stratumUser: 'antminer_1'}),
      headers: {'content-type': 'application/json'},
      method: 'PATCH',
    })
    expect(patch.status).toBe(200)
    // AxeOS applies pool settings on restart (the simulator is down for 300 ms).
    await fetch(`http://${targetOf(sim)}/api/system/restart`, {method: 'POST'})
    await sim.http.reached('up')
    const {run} = cli()
    const shown = await run(['switch', targetOf(sim), '--json'])
    expect(shown.code).toBe(0)
    expect(shown.json.devices[0]).toMatchObject({address: null, mode: 'solo', pool: 'stratum+tcp://solo.antpool.com:3333', user: 'antminer_1'})
    const status = await run(['status', targetOf(sim), '--json'])
    expect(status.code).toBe(0)
    expect(status.json.devices[0].warnings).toEqual([
      {
        kind: 'solo-user-invalid',
        message: 'Solo pool stratum+tcp://solo.antpool.com:3333: the user antminer_1 is an account name, not a payout address',
      },
    ])
  })
})
