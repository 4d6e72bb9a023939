/** `config get` with a key it does not know: one usage error naming the near keys, nothing sent. */
import {describe, expect, it} from 'vitest'

import {axeos, cli, targetOf} from './helpers.js'

describe('config get with a misspelled key', () => {
  it('a bare word that is neither a key nor a device: unknown key, with the near keys, exit 2', async () => {
    const sim = await axeos('axeos-2.14')
    const {run} = cli()
    const typo = await run(['config', 'get', 'fann', targetOf(sim), '--json'])
    expect(typo.code).toBe(2)
    expect(typo.json.error).toMatchObject({code: 'INVALID_INPUT', message: 'Unknown key "fann" and no device of that name (keys: pools, pool, fallback, fan, temp-target, frequency, voltage, hostname)'})
    expect(typo.json.error.suggestions[0]).toBe('Did you mean fan?')
    const bogus = await run(['config', 'get', 'bogus', targetOf(sim), '--json'])
    expect(bogus.code).toBe(2)
    expect(bogus.json.error.message).toMatch(/^Unknown key "bogus"/)
    expect(sim.journals.flatMap((journal) => journal.entries)).toEqual([])
  })
})
