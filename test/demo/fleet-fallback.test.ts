/**
 * The fleet's own fallback: an address this system does not have (TEST-NET-1 192.0.2.x is assigned to
 * no interface, so binding it fails with EADDRNOTAVAIL exactly like 127.77.0.x on macOS; nothing is
 * sent) makes every simulator share 127.0.0.1 with the port pair shifted by its position.
 */
import {describe, expect, it} from 'vitest'

import {tcpProbe} from '../../src/lib/net/tcp.js'
import {startFleetOnFixedPorts, startHomeFleet} from '../../src/sim/fleet.js'

describe('startHomeFleet without its addresses', () => {
  it('falls back to 127.0.0.1 with one port pair per device', async () => {
    // The pair `demo` uses, or another free one when a parallel run holds it: never a fixed pair of our own.
    const {fleet, ports} = await startFleetOnFixedPorts({hostBase: '192.0.2'})
    try {
      expect(fleet.sharedHost).toBe(true)
      expect(fleet.devices.map((device) => device.address)).toEqual(
        Array.from({length: 8}, (_, index) => ({host: '127.0.0.1', httpPort: ports.http + index, rpcPort: ports.rpc + index})),
      )
      expect(await tcpProbe('127.0.0.1', ports.rpc + 7, 500)).toBe('open')
    } finally {
      await fleet.stop()
    }
    expect(await tcpProbe('127.0.0.1', ports.rpc + 7, 500)).toBe('closed')
  })

  it('keeps the explained error for real-device ports, which cannot be shared', async () => {
    await expect(startHomeFleet({hostBase: '192.0.2', ports: 'standard'})).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'This system cannot listen on 192.0.2.11: only some loopback addresses exist here',
    })
  })
})
