/**
 * The listener half of a simulated miner that serves a web interface and the cgminer RPC at once
 * (stock Antminer, Braiins OS): address, journals, start and stop over both listeners.
 */
import type {DeviceAddress} from '../lib/devices/model.js'
import type {HttpSim} from './http-sim.js'
import type {Journal} from './journal.js'
import type {RpcSim} from './rpc-sim.js'

export interface WebRpcListeners {
  /** Live ports: a restart may rebind them. */
  address: DeviceAddress
  http: HttpSim
  /** HTTP first, then RPC. */
  journals: Journal[]
  rpc: RpcSim
  start(): Promise<void>
  stop(): Promise<void>
}

/** Extend the result with Object.assign (a spread would freeze the getters' current values). */
export function webRpcListeners(host: string, http: HttpSim, rpc: RpcSim): WebRpcListeners {
  return {
    get address() {
      return {host, httpPort: http.port, rpcPort: rpc.port}
    },
    http,
    get journals() {
      return [http.journal, rpc.journal]
    },
    rpc,
    async start() {
      // When one port is taken, the listener that did come up is closed again (nobody could stop it).
      const results = await Promise.allSettled([http.start(), rpc.start()])
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')
      if (failure) {
        await Promise.all([http.stop(), rpc.stop()])
        throw failure.reason
      }
    },
    async stop() {
      await Promise.all([http.stop(), rpc.stop()])
    },
  }
}
