/** The ports used for targets given as an IP or host name: real devices use 80/4028, simulators high ports. */
import * as Flags from '@oclif/core/flags'

export const portFlags = {
  'http-port': Flags.integer({max: 65_535, min: 1, summary: 'HTTP port for IP/hostname targets (default 80; simulators use high ports).'}),
  'rpc-port': Flags.integer({max: 65_535, min: 1, summary: 'cgminer RPC port for IP/hostname targets (default 4028).'}),
}
