/**
 * Whatsminer (btminer) simulator, for identification and read-only status: cgminer report commands,
 * btminer `{"cmd": ...}` commands with STATUS as a bare string, and `invalid cmd` for anything else
 * (including `version`, which is how btminer gives itself away). Replies embedded from real captures
 * (provenance: test/fixtures/PROVENANCE.md, whatsminer/*): the summary keeps its invalid `\'` escape.
 */
import type {SimDevice, SimOptions} from './device.js'
import {RpcSim} from './rpc-sim.js'

/** btminer summary (M20S-era firmware 20200917), byte-exact with its `\'20200917.22.REL\'`. */
const SUMMARY_REPLY = "{\"STATUS\":[{\"STATUS\":\"S\",\"When\":1604757733,\"Code\":11,\"Msg\":\"Summary\",\"Description\":\"cgminer 4.9.2\"}],\"SUMMARY\":[{\"Elapsed\":66295,\"MHS av\":68710597.19,\"MHS 5s\":64143777.95,\"MHS 1m\":67266447.69,\"MHS 5m\":67827446.38,\"MHS 15m\":68290183.07,\"Found Blocks\":25,\"Getworks\":10780,\"Accepted\":5018,\"Rejected\":29,\"Hardware Errors\":912,\"Utility\":4.54,\"Discarded\":8046935,\"Stale\":0,\"Get Failures\":0,\"Local Work\":527721521,\"Remote Failures\":0,\"Network Blocks\":4206,\"Total MH\":4555143176276.0000,\"Work Utility\":3749.51,\"Difficulty Accepted\":1071653490.00000000,\"Difficulty Rejected\":5623144.00000000,\"Difficulty Stale\":0.00000000,\"Best Share\":1003626349,\"Temperature\":72.00,\"freq_avg\":622,\"Fan Speed In\":4950,\"Fan Speed Out\":4920,\"Voltage\":1300,\"Power\":3491,\"Power_RT\":3482,\"Device Hardware%\":0.0220,\"Device Rejected%\":135.7304,\"Pool Rejected%\":0.5220,\"Pool Stale%\":0.0000,\"Last getwork\":0,\"Uptime\":66892,\"Chip Data\":\"HP3D04-20010214 C BINV04-192104B\",\"Power Current\":245,\"Power Fanspeed\":8880,\"Error Code Count\":0,\"Factory Error Code Count\":0,\"Security Mode\":0,\"Liquid Cooling\":false,\"Hash Stable\":true,\"Hash Stable Cost Seconds\":1498,\"Hash Deviation%\":-0.3372,\"Target Freq\":622,\"Target MHS\":68765832,\"Env Temp\":28.50,\"Power Mode\":\"Normal\",\"Firmware Version\":\"\\'20200917.22.REL\\'\",\"CB Platform\":\"ALLWINNER_H3\",\"CB Version\":\"V10\",\"MAC\":\"C4:11:04:01:3C:75\",\"Factory GHS\":67051,\"Power Limit\":3500,\"Chip Temp Min\":65.00,\"Chip Temp Max\":87.70,\"Chip Temp Avg\":79.34}],\"id\":1}"
const POOLS_REPLY = "{\"POOLS\":[{\"Accepted\":5412,\"POOL\":1,\"Priority\":0,\"Rejected\":0,\"Status\":\"Alive\",\"Stratum Active\":true,\"URL\":\"stratum+tcp://btc.example.pool:3333\",\"User\":\"asic-rs.test\"},{\"Accepted\":0,\"POOL\":2,\"Priority\":1,\"Rejected\":0,\"Status\":\"Alive\",\"Stratum Active\":false,\"URL\":\"stratum+tcp://btc2.example.pool:3333\",\"User\":\"asic-rs.test\"},{\"Accepted\":0,\"POOL\":3,\"Priority\":2,\"Rejected\":0,\"Status\":\"Alive\",\"Stratum Active\":false,\"URL\":\"stratum+tcp://btc3.example.pool:3333\",\"User\":\"asic-rs.test\"}],\"STATUS\":[{\"Code\":7,\"Description\":\"cgminer 4.9.2\",\"Msg\":\"3 Pool(s)\",\"STATUS\":\"S\",\"When\":1773871985}],\"id\":1}"
const GET_TOKEN_REPLY = "{\"STATUS\":\"S\",\"When\":1608417125,\"Code\":134,\"Msg\":{\"time\":\"6915\",\"salt\":\"BQ5hoXV9\",\"newsalt\":\"a5TtWui2\"},\"Description\":\"whatsminer v1.1\"}"
const GET_VERSION_MSG = {"api_ver": "2.0.5", "fw_ver": "20230803.11.REL", "platform": "H616"}

export interface WhatsminerSim extends SimDevice {
  rpc: RpcSim
}

export interface WhatsminerSimOptions extends SimOptions {
  hostname?: string
  /** devdetails Model, e.g. "M31SV10". */
  model?: string
}

export async function createWhatsminerSim(options: WhatsminerSimOptions): Promise<WhatsminerSim> {
  const mac = (options.mac ?? 'c4:11:04:01:3c:75').toLowerCase()
  const model = options.model ?? 'M31SV10'
  const rpc: RpcSim = new RpcSim({host: options.host, port: options.rpcPort ?? 0}, (request) =>
    // The request was journaled just before this call: its raw text carries btminer's `cmd` key.
    reply(request.command || btminerCommand(rpc.journal.entries.at(-1)?.body), model, mac, options.hostname ?? 'WhatsMiner'),
  )
  const device: WhatsminerSim = {
    get address() {
      return {host: options.host, httpPort: options.httpPort ?? 80, rpcPort: rpc.port}
    },
    driver: 'whatsminer',
    get journals() {
      return [rpc.journal]
    },
    mac,
    name: `Whatsminer ${model}`,
    rpc,
    start: () => rpc.start(),
    stop: () => rpc.stop(),
  }
  await device.start()
  return device
}

function reply(command: string, model: string, mac: string, hostname: string): string {
  const when = Math.floor(Date.now() / 1000)
  switch (command) {
    case 'summary':
      return SUMMARY_REPLY
    case 'pools':
      return POOLS_REPLY
    case 'devdetails':
      return JSON.stringify({
        DEVDETAILS: [0, 1, 2].map((index) => ({DEVDETAILS: index, Driver: 'bitmicro', ID: index, Kernel: '', Model: model, Name: 'SM'})),
        STATUS: [{Code: 69, Description: 'cgminer 4.9.2', Msg: 'Device Details', STATUS: 'S', When: when}],
        id: 1,
      })
    case 'get_token':
      return GET_TOKEN_REPLY
    case 'get_version':
      return JSON.stringify({Code: 131, Description: '', Msg: GET_VERSION_MSG, STATUS: 'S', When: when})
    case 'get_miner_info':
      return JSON.stringify({Code: 131, Description: '', Msg: {hostname, ledstat: 'auto', mac: mac.toUpperCase()}, STATUS: 'S', When: when})
    default:
      return JSON.stringify({Code: 14, Description: 'whatsminer v1.1', Msg: 'invalid cmd', STATUS: 'E', When: when})
  }
}

/** btminer's own commands come as `{"cmd": ...}`, which the cgminer request parser does not read. */
function btminerCommand(raw: string | undefined): string {
  try {
    return String((JSON.parse(raw ?? '') as {cmd?: unknown}).cmd ?? '')
  } catch {
    return ''
  }
}
