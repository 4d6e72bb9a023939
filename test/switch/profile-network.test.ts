/** A profile keeps its network: `switch pool` uses it without repeating --network; `-u` is the user. */
import {describe, expect, it} from 'vitest'

import {TESTNET_ADDRESS, axeos, cli, targetOf, writes} from '../config/helpers.js'

const OLD_ADDRESS = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'

describe('profile network and -u', () => {
  it('profile add --network testnet stores it; switch pool uses it without repeating --network', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const added = await run(['profile', 'add', 'tn', '--pool', 'ckpool', '-u', `${TESTNET_ADDRESS}.w`, '--network', 'testnet', '--json'])
    expect(added.code).toBe(0)
    expect(added.json.profile).toMatchObject({name: 'tn', network: 'testnet'})
    const {code, json} = await run(['switch', 'pool', 'tn', targetOf(sim), '--dry-run', '--no-verify', '--json'])
    expect(code).toBe(0)
    expect(json.results[0].changes).toContainEqual({after: `${TESTNET_ADDRESS}.w`, before: `${OLD_ADDRESS}.bitaxe`, field: 'pool.user'})
    expect(writes(sim)).toEqual([])
  })
})
