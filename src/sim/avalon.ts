/**
 * Canaan Avalon simulator (Nano 3S, Nano 3, Mini 3, Avalon Q, AvalonMiner 15-194): the cgminer 4.11.1
 * fork on the RPC port with the real reply shapes (Canaan cgminer fork; the Avalon Q and A15 replies
 * field for field as asic-rs and pyasic captured them, test/devices/sim-captures.test.ts), and the
 * Nano's small web page on the HTTP port.
 * - `setpool` checks the web user/password and stores the pool; it takes effect only after a reboot.
 * - `ascset 0,reboot,N` / `restart`: the device vanishes, then returns with the new pools.
 * - `ascset 0,softoff|softon,1:<unix seconds>`: the hash board stops / resumes at that time.
 * - quirks: `bareNan` writes `"MHS av":nan` in the summary as some firmware does;
 *   `legacySetpool` answers `setpool` as unknown and takes `ascset|0,setpool,...` (A10xx).
 */
import {HttpSim, jsonReply} from './http-sim.js'
import type {SimControls} from './control.js'
import type {SimDevice, SimOptions} from './device.js'
import {type CgCommandHandler, type CgStatus, cgEnvelope, cgNow, createCgminerServer} from './cgminer.js'
import type {RpcSim} from './rpc-sim.js'

export type AvalonProfile = 'a15-194' | 'mini3' | 'nano3' | 'nano3s' | 'q'

/**
 * How a firmware generation lays out its replies: `lite` (Nano 3/3S, Mini 3: one `MM ID0` module
 * string), `q` (Avalon Q 25052801: the `MM ID0:Summary` form with its MCU versions and a per-board
 * `HBinfo` string; asic-rs captures), `a15` (AvalonMiner 15-194 24102401: three hash boards, the avalon10
 * driver's `MM ID0`; pyasic captures).
 */
type Layout = 'a15' | 'lite' | 'q'

interface ProfileData {
  /** Chips per hash board (`TA`). */
  chips: number
  /** The controller's DNA (16 hex digits; 32 on the Q). */
  dna: string
  fans: number
  /** The firmware build (`LVERSION`; the A15's `VERSION`). */
  firmware: string
  hashrate: number
  hwType: string
  layout: Layout
  model: string
  /** Standard work mode wall power, W. */
  power: number
  prod: string
  summaryWindow: '5s' | '30s'
}

const NANO_FIRMWARE = '25021401_56abae7'
const NANO_DNA = '020100003c0a1b2e'

const PROFILES: Record<AvalonProfile, ProfileData> = {
  'a15-194': {chips: 160, dna: '020100008c69b2e1', fans: 2, firmware: '24102401_25462b2_9ddf522', hashrate: 194e12, hwType: 'MM4v2_X3', layout: 'a15', model: '15-194', power: 3731, prod: 'AvalonMiner 15-194', summaryWindow: '30s'},
  mini3: {chips: 10, dna: NANO_DNA, fans: 2, firmware: NANO_FIRMWARE, hashrate: 37.5e12, hwType: 'MINI3_MM1v1_X1', layout: 'lite', model: 'Mini3', power: 800, prod: 'Avalon Mini3', summaryWindow: '30s'},
  nano3: {chips: 10, dna: NANO_DNA, fans: 1, firmware: NANO_FIRMWARE, hashrate: 4e12, hwType: 'N_MM1v1_X1', layout: 'lite', model: 'Nano3', power: 140, prod: 'Avalon Nano3', summaryWindow: '30s'},
  nano3s: {chips: 10, dna: NANO_DNA, fans: 1, firmware: NANO_FIRMWARE, hashrate: 6e12, hwType: 'N_MM1v1_X1', layout: 'lite', model: 'Nano3s', power: 140, prod: 'Avalon Nano3s', summaryWindow: '30s'},
  q: {chips: 160, dna: '0201000035a4c1d73e9f20b6c48d5a10', fans: 4, firmware: '25052801_14a19a2', hashrate: 90e12, hwType: 'Q_MM1v1_X1', layout: 'q', model: 'Q', power: 1674, prod: 'Avalon Q', summaryWindow: '5s'},
}

const DESCRIPTION = 'cgminer 4.11.1'
/** The network as the captured Q saw it (July 2025, when its pools report block 907089). */
const BLOCK_HASH = '00000000000000000001d0ccaffecb937ee444cb056356abc59b906666607cf1'
const NETWORK_DIFFICULTY = 126_271_255_279_306.98
/** The share tallies of the first pool. */
const DIFF1_SHARES = 37_512_704
const DIFFICULTY_ACCEPTED = 36_855_017.6
const DIFFICULTY_REJECTED = 78_643.2
const SHARE_DIFFICULTY = 65_536
const Q_HASH_MCU = 'Q_hb_v1.1'
const Q_FAN_MCU = 'Q_fb_v1.2'
/** Work modes 0 eco, 1 standard, 2 super: hashrate and power factors. */
const WORK_MODE_FACTORS = [0.7, 1, 1.15]
/** Wall power while soft-off, as a share of the standard mode's. */
const STANDBY_SHARE = 0.087
const ASCSET_OPTIONS =
  'help|voltage|fan-spd|lcd|hash-sn-read|hash-sn-write|volt-tuning|workmode|worklevel|work_mode_lvl|reboot|softon|softoff|filter-clean|facopts|faclock|activate|solo-allowed|frequency|loop|password|qr_auth|time|'
const NAN_MARKER = '__solominer_bare_nan__'

export interface AvalonPool {
  password: string
  url: string
  user: string
}

export interface AvalonSimState {
  adminPassword: string
  bestShare: number
  bootedAt: number
  /** -1 = automatic. */
  fanSpeed: number
  foundBlocks: number
  /** Pools saved by `setpool`, applied at the next reboot (null = nothing pending). */
  pendingPools: AvalonPool[] | null
  pools: AvalonPool[]
  reboots: number
  sharesAccepted: number
  sharesRejected: number
  /** When `ascset 0,softoff` / `softon` take effect (unix seconds; 0 = never): the later one that has come wins. */
  softOffTime: number
  softOnTime: number
  workMode: number
}

export interface AvalonSimOptions extends SimOptions {
  adminPassword?: string
  pools?: AvalonPool[]
  profile?: AvalonProfile
  quirks?: {bareNan?: boolean; legacySetpool?: boolean}
  /** How long a reboot keeps the device unreachable (default 3000 ms). */
  rebootDownMs?: number
}

export type AvalonSim = SimDevice & SimControls & {http: HttpSim; rpc: RpcSim; state: AvalonSimState}

/** A valid mainnet P2WSH address, so that status checks of the simulator find a proper solo setup. */
const DEFAULT_USER = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq.nano3s'
const DEFAULT_POOLS: AvalonPool[] = [
  {password: 'x', url: 'stratum+tcp://public-pool.io:21496', user: DEFAULT_USER},
  {password: 'x', url: 'stratum+tcp://solo.ckpool.org:3333', user: DEFAULT_USER},
  {password: 'x', url: 'stratum+tcp://eusolo.ckpool.org:3333', user: DEFAULT_USER},
]

export async function createAvalonSim(options: AvalonSimOptions): Promise<AvalonSim> {
  const profileName = options.profile ?? 'nano3s'
  const profile = PROFILES[profileName]
  const mac = options.mac ?? '02:ca:aa:00:3f:53'
  const state: AvalonSimState = {
    adminPassword: options.adminPassword ?? 'admin',
    bestShare: 8_231_994,
    bootedAt: Date.now(),
    fanSpeed: -1,
    foundBlocks: 0,
    pendingPools: null,
    pools: (options.pools ?? DEFAULT_POOLS).map((pool) => ({...pool})),
    reboots: 0,
    sharesAccepted: 1204,
    sharesRejected: 3,
    softOffTime: 0,
    softOnTime: 0,
    workMode: 1,
  }
  const model = new AvalonModel(profile, state, mac, options.quirks ?? {})
  const rpc = createCgminerServer({
    description: DESCRIPTION,
    handlers: model.handlers(() => reboot()),
    host: options.host,
    joinable: ['version', 'summary', 'pools', 'stats', 'estats', 'litestats', 'devs', 'devdetails', 'config', 'lcd', 'coin', 'check'],
    port: options.rpcPort ?? 0,
    writeCommands: ['setpool', 'ascset', 'restart', 'switchpool', 'enablepool', 'disablepool'],
  })
  const http = new HttpSim({host: options.host, port: options.httpPort ?? 0}, (request) =>
    request.path === '/' ? {body: loginPage(profile), headers: {'content-type': 'text/html'}, status: 200} : jsonReply({error: 'not found'}, 404),
  )
  const downMs = options.rebootDownMs ?? 3000
  const reboot = () => {
    rpc.restartAfterReply(downMs)
    http.restartAfterReply(downMs)
    // The new configuration is what the device comes back with.
    setTimeout(() => {
      if (state.pendingPools) state.pools = state.pendingPools
      state.pendingPools = null
      state.bootedAt = Date.now()
      state.reboots += 1
    }, 20)
  }
  await rpc.start()
  // A taken HTTP port must not leave the RPC listener behind (nobody could stop it).
  await http.start().catch(async (error: unknown) => {
    await rpc.stop()
    throw error
  })
  return {
    address: {host: options.host, httpPort: http.port, rpcPort: rpc.port},
    driver: 'avalon',
    http,
    journals: [rpc.journal, http.journal],
    mac,
    name: `Avalon ${profile.model} (Canaan cgminer ${profile.firmware})`,
    reboot,
    recordShare(difficulty, {block = false} = {}) {
      state.bestShare = Math.max(state.bestShare, difficulty)
      state.sharesAccepted += 1
      if (block) state.foundBlocks += 1
    },
    rpc,
    async start() {
      await rpc.start()
      await http.start()
    },
    state,
    async stop() {
      await rpc.stop()
      await http.stop()
    },
  }
}

function loginPage(profile: ProfileData): string {
  return `<!DOCTYPE html><html><head><title>${profile.prod}</title></head><body><div id="login">Avalon Family app: scan the QR code to log in</div></body></html>`
}

class AvalonModel {
  constructor(
    private readonly profile: ProfileData,
    private readonly state: AvalonSimState,
    private readonly mac: string,
    private readonly quirks: {bareNan?: boolean; legacySetpool?: boolean},
  ) {}

  handlers(reboot: () => void): Record<string, CgCommandHandler> {
    const handlers: Record<string, CgCommandHandler> = {
      ascset: (parameter) => this.ascset(parameter, reboot),
      // The block being mined; its time counts from boot, as every clock but `When` on this firmware.
      coin: () =>
        this.reply(78, 'CGMiner coin', 'COIN', [
          {'Hash Method': 'sha256', 'Current Block Time': Math.max(0, this.elapsed - 404) + 0.178_978, 'Current Block Hash': BLOCK_HASH, LP: true, 'Network Difficulty': NETWORK_DIFFICULTY},
        ]),
      config: () => this.reply(33, 'CGMiner config', 'CONFIG', [this.configSection()]),
      devdetails: () => this.reply(69, 'Device Details', 'DEVDETAILS', [{DEVDETAILS: 0, Name: this.driverName, ID: 0, Driver: 'avalon', Kernel: '', Model: '', 'Device Path': ''}]),
      devs: () => this.reply(9, '1 ASC(s)', 'DEVS', [this.devsSection()]),
      estats: () => this.reply(70, 'CGMiner stats', 'STATS', [this.moduleStats()]),
      lcd: () => this.reply(125, 'LCD', 'LCD', [this.lcdSection()]),
      litestats: () => this.reply(70, 'CGMiner stats', 'STATS', [{'MM ID0:Summary': this.summaryModule()}]),
      pools: () => this.reply(7, `${this.state.pools.length} Pool(s)`, 'POOLS', this.poolsSection()),
      restart: () => {
        reboot()
        return '{"STATUS":"RESTART","id":1}'
      },
      stats: () => this.reply(70, 'CGMiner stats', 'STATS', [this.moduleStats(), ...this.poolStats()]),
      summary: () => this.summary(),
      version: () => this.reply(22, 'CGMiner versions', 'VERSION', [this.versionSection()]),
    }
    if (!this.quirks.legacySetpool) handlers.setpool = (parameter) => this.setpool(parameter)
    // `check|<command>`: whether the command exists; this firmware lets every client use it (cgminer api.c).
    handlers.check = (parameter) => {
      const exists = parameter !== undefined && Object.hasOwn(handlers, parameter) ? 'Y' : 'N'
      return this.reply(72, 'Check command', 'CHECK', [{Exists: exists, Access: exists}])
    }
    return handlers
  }

  private reply(code: number, message: string, section?: string, items?: Record<string, unknown>[], letter: CgStatus['status'] = 'S'): Record<string, unknown> {
    return cgEnvelope(DESCRIPTION, {code, message, status: letter}, section, items)
  }

  private get elapsed(): number {
    return Math.max(1, Math.floor((Date.now() - this.state.bootedAt) / 1000))
  }

  private get factor(): number {
    return WORK_MODE_FACTORS[this.state.workMode] ?? 1
  }

  /** Soft-off (`ascset 0,softoff`): the unit keeps its controller up, its hash board stopped. */
  private get idle(): boolean {
    const {softOffTime, softOnTime} = this.state
    return softOffTime !== 0 && softOffTime <= cgNow() && (softOnTime < softOffTime || softOnTime > cgNow())
  }

  /** `SYSTEMSTATU`'s work state. */
  private get workState(): string {
    return this.idle ? 'In Idle' : 'In Work'
  }

  /** The work mode's hashrate in H/s: the expected rate, and the average since boot. */
  private get nominalHashrate(): number {
    return this.profile.hashrate * this.factor
  }

  /** Current hashrate in H/s. */
  private get hashrate(): number {
    return this.idle ? 0 : this.nominalHashrate
  }

  private versionSection(): Record<string, unknown> {
    const {dna, firmware, hwType, model, prod} = this.profile
    const bare = this.mac.replaceAll(':', '')
    switch (this.profile.layout) {
      case 'a15':
        return {CGMiner: '4.11.1', API: '3.7', STM8: '20.08.01', PROD: prod, MODEL: model, HWTYPE: hwType, SWTYPE: 'MM319', VERSION: firmware, LOADER: 'd0d779de.00', DNA: dna, MAC: bare, UPAPI: '2'}
      case 'q':
        // No UPAPI; the MCU versions; the MAC written with colons, upper case.
        return {
          CGMiner: '4.11.1',
          API: '3.7',
          PROD: prod,
          MODEL: model,
          HWTYPE: hwType,
          SWTYPE: 'MM319',
          LVERSION: firmware,
          BVERSION: firmware,
          CGVERSION: firmware,
          HBMCUVERSION: Q_HASH_MCU,
          FANMCUVERSION: Q_FAN_MCU,
          DNA: dna,
          MAC: this.mac.toUpperCase(),
        }
      case 'lite':
        return {CGMiner: '4.11.1', API: '3.7', PROD: prod, MODEL: model, HWTYPE: hwType, SWTYPE: 'MM319', LVERSION: firmware, BVERSION: firmware, CGVERSION: firmware, DNA: dna, MAC: bare, UPAPI: '2'}
    }
  }

  private summary(): string {
    const mhs = this.hashrate / 1e6
    const average = this.nominalHashrate / 1e6
    const window = `MHS ${this.profile.summaryWindow}`
    const section = {
      Elapsed: this.elapsed,
      'MHS av': this.quirks.bareNan ? NAN_MARKER : round(average * 0.998),
      [window]: round(mhs),
      'MHS 1m': round(mhs * 1.001),
      'MHS 5m': round(mhs * 0.999),
      'MHS 15m': round(mhs * 0.997),
      'Found Blocks': this.state.foundBlocks,
      Getworks: 675,
      Accepted: this.state.sharesAccepted,
      Rejected: this.state.sharesRejected,
      'Hardware Errors': 0,
      Utility: 1.42,
      Discarded: 0,
      Stale: 0,
      'Get Failures': 0,
      'Local Work': 191_427,
      'Remote Failures': 0,
      'Network Blocks': 68,
      'Total MH': round(average * this.elapsed),
      'Work Utility': 83_462.2,
      'Difficulty Accepted': DIFFICULTY_ACCEPTED,
      'Difficulty Rejected': DIFFICULTY_REJECTED,
      'Difficulty Stale': 0,
      'Best Share': this.state.bestShare,
      'Device Hardware%': 0,
      'Device Rejected%': 0.2007,
      'Pool Rejected%': 0.2129,
      'Pool Stale%': 0,
      'Last getwork': 0,
    }
    const json = JSON.stringify(this.reply(11, 'Summary', 'SUMMARY', [section]))
    // Some firmware prints a NaN average with printf, unquoted: the real reply is not valid JSON.
    return json.replace(`"${NAN_MARKER}"`, 'nan')
  }

  private poolsSection(): Record<string, unknown>[] {
    const {layout} = this.profile
    return this.state.pools.map((pool, index) => ({
      POOL: index,
      URL: pool.url,
      Status: 'Alive',
      Priority: index,
      Quota: 1,
      'Long Poll': 'N',
      Getworks: index === 0 ? 681 : 2,
      Accepted: index === 0 ? this.state.sharesAccepted : 0,
      Rejected: index === 0 ? this.state.sharesRejected : 0,
      Works: index === 0 ? 95_676 : 0,
      Discarded: 0,
      Stale: 0,
      'Get Failures': 0,
      'Remote Failures': 0,
      User: pool.user,
      // The A15 capture has no password.
      ...(layout === 'a15' ? {} : {Password: pool.password}),
      'Last Share Time': index === 0 ? this.lastShareTime : 0,
      'Diff1 Shares': index === 0 ? DIFF1_SHARES : 0,
      'Proxy Type': '',
      Proxy: '',
      'Difficulty Accepted': index === 0 ? DIFFICULTY_ACCEPTED : 0,
      'Difficulty Rejected': index === 0 ? DIFFICULTY_REJECTED : 0,
      'Difficulty Stale': 0,
      'Last Share Difficulty': index === 0 ? SHARE_DIFFICULTY : 0,
      'Work Difficulty': index === 0 ? SHARE_DIFFICULTY : 0,
      'Has Stratum': true,
      'Stratum Active': index === 0,
      // The Q names the whole URL, the A15 the host (as cgminer does); both for every slot.
      'Stratum URL': layout === 'q' ? pool.url : hostOf(pool.url),
      'Stratum Difficulty': index === 0 ? SHARE_DIFFICULTY : 0,
      'Has Vmask': true,
      'Has GBT': false,
      'Best Share': index === 0 ? this.state.bestShare : 0,
      'Pool Rejected%': index === 0 ? 0.2129 : 0,
      'Pool Stale%': 0,
      'Bad Work': 0,
      'Current Block Height': 907_089,
      'Current Block Version': 536_870_912,
    }))
  }

  /** cgminer's name of the device driver: the A15 runs the avalon10 driver, named AVA10. */
  private get driverName(): string {
    return this.profile.layout === 'a15' ? 'AVA10' : 'AVALON'
  }

  /** When the last share was found: the firmware counts it in seconds since boot (Q and A15 captures). */
  private get lastShareTime(): number {
    return Math.max(0, this.elapsed - 12)
  }

  private devsSection(): Record<string, unknown> {
    const mhs = this.hashrate / 1e6
    const average = this.nominalHashrate / 1e6
    const a15 = this.profile.layout === 'a15'
    return {
      ASC: 0,
      Name: this.driverName,
      ID: 0,
      Enabled: 'Y',
      Status: 'Alive',
      // The A15 reports no device temperature as -273.
      Temperature: a15 ? -273 : 0,
      'MHS av': round(average * 0.998),
      [`MHS ${this.profile.summaryWindow}`]: round(mhs),
      'MHS 1m': round(mhs),
      'MHS 5m': round(mhs),
      'MHS 15m': round(mhs),
      Accepted: this.state.sharesAccepted,
      Rejected: this.state.sharesRejected,
      'Hardware Errors': 0,
      Utility: 1.42,
      'Last Share Pool': 0,
      'Last Share Time': this.lastShareTime,
      'Total MH': round(average * this.elapsed),
      'Diff1 Work': DIFF1_SHARES,
      'Difficulty Accepted': DIFFICULTY_ACCEPTED,
      'Difficulty Rejected': DIFFICULTY_REJECTED,
      'Last Share Difficulty': SHARE_DIFFICULTY,
      'Last Valid Work': cgNow() - 12,
      'Device Hardware%': 0,
      'Device Rejected%': 0.2007,
      'Device Elapsed': this.elapsed,
    }
  }

  private configSection(): Record<string, unknown> {
    return {'ASC Count': 1, 'PGA Count': 0, 'Pool Count': this.state.pools.length, Strategy: 'Failover', 'Log Interval': 5, 'Device Code': 'AVALON', OS: 'Linux', Hotplug: 'None'}
  }

  private lcdSection(): Record<string, unknown> {
    const pool = this.state.pools[0]
    return {
      Elapsed: this.elapsed,
      'GHS av': round((this.nominalHashrate / 1e9) * 0.998),
      'GHS 30m': round(this.hashrate / 1e9),
      'Local Work': 191_427,
      Utility: 1.42,
      WU: 83_462.2,
      Temperature: this.hottestChip,
      'Last Share Difficulty': 65_536,
      'Best Share': this.state.bestShare,
      'Found Blocks': this.state.foundBlocks,
      'Current Pool': pool?.url ?? '',
      User: pool?.user ?? '',
    }
  }

  /** The hottest chip's last reading. */
  private chipTemperature(): number {
    return Math.round(58 + 8 * this.factor)
  }

  /** TMax: the hottest chip, 0 on a stopped board (the captured soft-off Q, whose chips keep their last readings). */
  private get hottestChip(): number {
    return this.idle ? 0 : this.chipTemperature()
  }

  private fanPercent(): number {
    if (this.idle) return 0
    return this.state.fanSpeed === -1 ? 45 : this.state.fanSpeed
  }

  /** The module figures every layout shares. */
  private figures() {
    const fanPercent = this.fanPercent()
    const rpm = Math.round(fanPercent * 45)
    return {
      fanPercent,
      fans: Array.from({length: this.profile.fans}, (_, index) => `Fan${index + 1}[${rpm === 0 ? 0 : rpm + index * 7}]`).join(' '),
      ghs: this.hashrate / 1e9,
      nominal: this.nominalHashrate / 1e9,
      // Soft-off, the captured Q still draws 146 W of its 1674.
      power: Math.round(this.profile.power * (this.idle ? STANDBY_SHARE : this.factor)),
      tmax: this.hottestChip,
    }
  }

  /** The Nano's and the Q's module string, in the firmware's field order (the Q adds its MCUs and clocks). */
  private liteModuleString(): string {
    const {dna, firmware, model} = this.profile
    const {fanPercent, fans, ghs, nominal, power, tmax} = this.figures()
    const q = this.profile.layout === 'q'
    return [
      `Ver[${model}-${firmware}] LVer[${firmware}] BVer[${firmware}]`,
      ...(q ? [`HashMcu0Ver[${Q_HASH_MCU}] FanMcuVer[${Q_FAN_MCU}] CPU[K230] FW[Release]`] : []),
      `DNA[${dna}] STATE[2] MEMFREE[67896] NETFAIL[0 0 0 0 0 0 0 0]`,
      // The captured Q is wired: no SSID, no signal.
      q ? 'SSID[] RSSI[0] NetDevType[0]' : 'SSID[home-wifi] RSSI[-52] NetDevType[1]',
      `SYSTEMSTATU[Work: ${this.workState}, Hash Board: 1] Elapsed[${this.elapsed}] BOOTBY[0x01.00000000] LW[191427] MH[0] DHW[0] HW[0] DH[1.112%]`,
      `ITemp[27] ${this.idle ? 'HBITemp[27] HBOTemp[28]' : 'HBITemp[41] HBOTemp[49]'} TMax[${tmax}] TAvg[${cooler(tmax, 6)}] TarT[70] ${fans} FanR[${fanPercent}%]`,
      `SoftOffTime[${this.state.softOffTime}] SoftOnTime[${this.state.softOnTime}] Filter[0] FanErr[0] SoloAllowed[1] PS[0 1212 ${Math.round(power / 12)} 0 0 ${power - 5} ${power}]`,
      `PCOMM_E[0] GHSspd[${fixed(ghs)}] DHspd[1.112%] GHSmm[${fixed(nominal * 1.01)}] GHSavg[${fixed(nominal * 0.998)}] WU[83462.20]`,
      `Freq[${fixed(500 * this.factor)}] MGHS[${fixed(nominal * 0.998)}] TA[${this.profile.chips}] Core[A3197S] BIN[36] PING[17] SoftOFF[${this.idle ? 4 : 0}] ECHU[0] ECMM[0]`,
      ...(q ? ['PLL0[8843 5769 5098 4610] SF0[258 276 297 318]'] : []),
      'CRC[0] COMCRC[0]',
      ...(q ? [`ATA0[${power}-65-2264-258-20]`] : []),
      `LcdOnoff[1] Activation[1] WORKMODE[${this.state.workMode}] WORKLEVEL[0] MPO[${power}] CALIALL[7] ADJ[1] Nonce Mask[25]`,
    ].join(' ')
  }

  /** The Q's per-board chip readings (`HBinfo`): temperatures, voltages, work counts. */
  private hashBoardInfo(): string {
    return `'HB0':{PVT_T0[${this.chipTemperatures(0)}] PVT_V0[${this.chipVoltages(0)}] MW0[${this.chipWork(0)}]}`
  }

  /** The A15's module string (the avalon10 driver): three boards, their chips and tuning options. */
  private a15ModuleString(): string {
    const {dna, firmware, model, chips} = this.profile
    const {fanPercent, fans, ghs, nominal, power, tmax} = this.figures()
    const boards = [0, 1, 2]
    const perBoard = (value: (board: number) => number | string) => boards.map((board) => value(board)).join(' ')
    const each = (prefix: string, value: (board: number) => string) => boards.map((board) => `${prefix}${board}[${value(board)}]`).join(' ')
    const freqs = (board: number) => (board === 0 ? '240:258:279:300' : '300:318:339:360')
    const volts = (board: number) => this.chipVoltages(board).split(' ').map(Number)
    return [
      `Ver[${model}-${firmware}] DNA[${dna}] MEMFREE[1392832.1381104] NETFAIL[0 0 0 0 0 0 0 0] SYSTEMSTATU[Work: ${this.workState}, Hash Board: 3 ]`,
      `Elapsed[${this.elapsed}] BOOTBY[0x04.00000000] LW[714031] MH[0 0 0] DHW[0] HW[0] DH[1.299%] Temp[31] TMax[${tmax}] TAvg[${cooler(tmax, 8)}]`,
      `${fans} FanR[${fanPercent}%] Vo[296] PS[0 1209 1187 297 ${power - 205} 1188 ${power}] WALLPOWER[${power}]`,
      each('PLL', (board) => `${3346 - board * 700} ${2549 - board * 260} ${4722 - board * 430} ${13_703 + board * 1480}`),
      `GHSspd[${fixed(ghs)}] DHspd[1.299%] GHSmm[${fixed(nominal * 1.01)}] GHSavg[${fixed(nominal * 0.998)}] WU[2570548.05] Freq[${fixed(345.94 * this.factor)}] Led[0]`,
      `MGHS[${perBoard((board) => fixed((nominal * (0.98 + board * 0.02)) / 3))}] MTmax[${perBoard(() => tmax)}] MTavg[${perBoard((board) => cooler(tmax, 8 - board))}]`,
      `MVavg[${perBoard((board) => (volts(board).reduce((total, volt) => total + volt, 0) / chips).toFixed(1))}]`,
      `TA[${chips * boards.length}] Core[A3197S] PING[131] POWS[0] EEPROM[${perBoard(() => chips)}] HASHS[0 0 0] POOLS[0] SoftOFF[0] ECHU[0 0 0] ECMM[0]`,
      each('SF', () => '300 318 339 360'),
      each('PVT_T', (board) => this.chipTemperatures(board)),
      each('PVT_V', (board) => this.chipVoltages(board)),
      `MW[${perBoard((board) => 238_147 + board * 31)}]`,
      each('MW', (board) => this.chipWork(board)),
      'CRC[0 0 0] COMCRC[0 0 0]',
      each('FACOPTS', () => ''),
      each('ATAOPTS', (board) => `--avalon10-freq ${freqs(board)} --avalon10-voltage-level ${board === 0 ? 1180 : 1188} --hash-asic ${chips}${board === 2 ? ' --power-level 0' : ''}`),
      `ADJ[1] COP[0 0 0] MPO[${power - 216}] MVL[87]`,
      each('ATABD', () => '300 318 339 360'),
      `WORKMODE[${this.state.workMode}]`,
    ].join(' ')
  }

  /** A board's chip temperatures (`%3d`, space-separated), the last readings: the hottest is TMax while it hashes. */
  private chipTemperatures(board: number): string {
    const tmax = this.chipTemperature()
    return this.perChip((chip) => String(tmax - ((chip * 7 + board * 3) % 12)).padStart(3))
  }

  /** A board's chip voltages, 10 mV. */
  private chipVoltages(board: number): string {
    return this.perChip((chip) => String(278 + ((chip * 5 + board) % 14)))
  }

  /** A board's per-chip work counts. */
  private chipWork(board: number): string {
    return this.perChip((chip) => String(15 + ((chip * 11 + board * 5) % 17)))
  }

  private perChip(value: (chip: number) => string): string {
    return Array.from({length: this.profile.chips}, (_, chip) => value(chip)).join(' ')
  }

  private moduleStats(): Record<string, unknown> {
    const base = {STATS: 0, ID: this.profile.layout === 'a15' ? 'AVA100' : 'AVALON0', Elapsed: this.elapsed, Calls: 0, Wait: 0, Max: 0, Min: 99_999_999}
    switch (this.profile.layout) {
      case 'a15':
        return {...base, 'MM ID0': this.a15ModuleString(), 'MM Count': 1, 'Smart Speed': 1, 'Voltage Level Offset': 0, 'Nonce Mask': 25}
      case 'q':
        return {...base, 'MM ID0:Summary': this.summaryModule(), HBinfo: this.hashBoardInfo()}
      case 'lite':
        return {...base, 'MM ID0': this.liteModuleString(), 'MM Count': 1, 'Nonce Mask': 25}
    }
  }

  /** The module string in the `MM ID0:Summary` form (the Q's stats, and litestats). */
  private summaryModule(): string {
    return `'STATS':{${this.liteModuleString()}}`
  }

  /** cgminer's per-pool stats entries. */
  private poolStats(): Record<string, unknown>[] {
    return this.state.pools.map((_, index) => {
      const [difficulty, sent, received] = index === 0 ? [SHARE_DIFFICULTY, 895, 1580] : [0, 3, 7]
      return {
        STATS: index + 1,
        ID: `POOL${index}`,
        Elapsed: this.elapsed,
        Calls: 0,
        Wait: 0,
        Max: 0,
        Min: 99_999_999,
        'Pool Calls': 0,
        'Pool Attempts': 0,
        'Pool Wait': 0,
        'Pool Max': 0,
        'Pool Min': 99_999_999,
        'Pool Av': 0,
        'Work Had Roll Time': false,
        'Work Can Roll': false,
        'Work Had Expire': false,
        'Work Roll Time': 0,
        'Work Diff': difficulty,
        'Min Diff': difficulty,
        'Max Diff': difficulty,
        'Min Diff Count': sent > 3 ? 1 : 0,
        'Max Diff Count': sent > 3 ? 60 : 0,
        'Times Sent': sent,
        'Bytes Sent': sent * 164,
        'Times Recv': received,
        'Bytes Recv': received * 555,
        'Net Bytes Sent': sent * 164,
        'Net Bytes Recv': received * 555,
      }
    })
  }

  /** `setpool|<webuser>,<webpass>,<slot>,<url>,<user>[,<pass>]` (NANO api.c; no escapes, commas split). */
  private setpool(parameter: string | undefined): Record<string, unknown> {
    const error = (message: string) => this.reply(132, `Pool set error: ${message}`, undefined, undefined, 'E')
    if (parameter === undefined || parameter === '') return error('no params')
    const fields = parameter.split(',')
    if (fields.length < 5 || fields.length > 6) return error('we need 5 | 6 arguments')
    const [webUser, webPassword, slotText, url, user, password = ''] = fields as [string, string, string, string, string, string?]
    if (webUser !== 'admin') return error('username err')
    if (webPassword !== this.state.adminPassword) return error('userpass err')
    const slot = Number(slotText)
    if (!Number.isInteger(slot) || slot < 0 || slot > 2) return error('pool num must between 0 and 2')
    this.storePool(slot, {password, url, user})
    return this.reply(
      133,
      `Pool set info: \npool ${slot} success set to ${url}\nworker is ${user}\nworkerpassword is ${password}\nPlease reboot miner to make config work.\n`,
      undefined,
      undefined,
      'I',
    )
  }

  private storePool(slot: number, pool: AvalonPool): void {
    const pending = this.state.pendingPools ?? this.state.pools.map((entry) => ({...entry}))
    while (pending.length <= slot) pending.push({password: '', url: '', user: ''})
    pending[slot] = pool
    this.state.pendingPools = pending
  }

  /** `ascset|0,<option>[,<value>...]`. */
  private ascset(parameter: string | undefined, reboot: () => void): Record<string, unknown> | string {
    const [device, option = '', ...values] = (parameter ?? '').split(',')
    const ok = () => this.reply(119, 'ASC 0 set OK')
    const failed = (why: string) => this.reply(120, `ASC 0 set failed: ${why}`, undefined, undefined, 'E')
    if (device !== '0') return this.reply(120, `ASC ${device ?? ''} set failed: invalid asc id`, undefined, undefined, 'E')
    switch (option) {
      case 'help':
        return this.reply(118, `ASC 0 set info: ${ASCSET_OPTIONS}`, undefined, undefined, 'I')
      case 'reboot': {
        reboot()
        return this.reply(118, `ASC 0 set info: success reboot:${values[0] ?? '0'}`, undefined, undefined, 'I')
      }
      case 'fan-spd': {
        const speed = Number(values[0])
        if (!Number.isInteger(speed) || (speed !== -1 && (speed < 15 || speed > 100))) return failed('invalid fan speed')
        this.state.fanSpeed = speed
        return ok()
      }
      case 'workmode': {
        const mode = Number(values[1])
        if (values[0] !== 'set' || !Number.isInteger(mode) || mode < 0 || mode > 2) return failed('invalid workmode')
        this.state.workMode = mode
        return ok()
      }
      case 'softoff':
      case 'softon': {
        // `1:<unix seconds>`: when to stop or resume hashing.
        const at = /^1:(\d+)$/.exec(values[0] ?? '')
        if (at === null) return failed(`invalid ${option}`)
        this.state[option === 'softoff' ? 'softOffTime' : 'softOnTime'] = Number(at[1])
        return this.reply(118, `ASC 0 set info: success ${option}:${at[1]}`, undefined, undefined, 'I')
      }
      case 'setpool':
        return this.quirks.legacySetpool ? this.legacySetpool(values) : failed('unknown option')
      default:
        return failed(`unknown option ${option}`)
    }
  }

  /** A10xx: `ascset|0,setpool,<user>,<pass>,<slot>,<url>,<worker>,<pw>`, a plain-text reply. */
  private legacySetpool(values: string[]): string {
    const [webUser, webPassword, slotText, url = '', user = '', password = ''] = values
    const slot = Number(slotText)
    if (webUser !== 'admin' || webPassword !== this.state.adminPassword || !Number.isInteger(slot) || slot < 0 || slot > 2) {
      return `STATUS=E,When=${cgNow()},Code=120,Msg=ASC 0 set failed: setpool,Description=${DESCRIPTION}|`
    }
    this.storePool(slot, {password, url, user})
    return `STATUS=I,When=${cgNow()},Code=118,Msg=ASC 0 set info:\npool success set to ${url}\nworker is ${user}\nworkerpassword is ${password}\nPlease reboot miner to make config work.\n,Description=${DESCRIPTION}`
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}

/** A reading `degrees` below `hottest`, 0 on a stopped board. */
function cooler(hottest: number, degrees: number): number {
  return Math.max(0, hottest - degrees)
}

function fixed(value: number): string {
  return value.toFixed(2)
}

function hostOf(url: string): string {
  return url.replace(/^[a-z+]+:\/\//i, '').replace(/:\d+$/, '')
}
