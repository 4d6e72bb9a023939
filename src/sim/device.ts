/** The uniform handle every simulator factory returns (tests, benchmarks, `demo`, `sim`). */
import type {DeviceAddress, DriverId} from '../lib/devices/model.js'
import type {Journal} from './journal.js'

export interface SimDevice {
  address: DeviceAddress
  /** The driver that should identify it. */
  driver: DriverId
  /** Request journals of every listener (HTTP, RPC). */
  journals: Journal[]
  mac: string
  /** False when this firmware version's replies never carry the MAC (AxeOS before 2.3): a listing then shows none. */
  reportsMac?: boolean
  /** Human label, e.g. "Bitaxe Gamma (AxeOS 2.15.0)". */
  name: string
  start(): Promise<void>
  stop(): Promise<void>
}

export interface SimOptions {
  host: string
  /** 0 = ephemeral. Real devices use 80. */
  httpPort?: number
  mac?: string
  /** 0 = ephemeral. Real devices use 4028. */
  rpcPort?: number
}
