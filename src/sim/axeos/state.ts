/**
 * The simulated device's state (what NVS stores, what is running) and the `GET /api/system/info`
 * document each firmware version renders from it: field names, types and presence per version
 * (axeos.md §4, §11.1).
 */
import {type AxeosProfileSpec, asicTable, atLeast} from './profiles.js'

export interface SimPool {
  password: string
  port: number
  protocol: 'SV1' | 'SV2'
  suggestedDifficulty: number
  /** 0 none, 1 bundled CA, 2 custom certificate. */
  tls: number
  /** Host only, as the firmware stores it. */
  url: string
  user: string
}

/** NVS settings: what PATCH writes and /info shows at once. */
export interface SimSettings {
  autofanspeed: number
  coreVoltage: number
  displayTimeout: number
  frequency: number
  hostname: string
  invertscreen: number
  manualFanSpeed: number
  minFanSpeed: number
  overclockEnabled: number
  /** 8 slots; legacy firmware keeps the primary in 0 and the fallback in 1. */
  pools: (SimPool | null)[]
  primaryPoolIndex: number
  rotation: number
  secondaryPoolIndex: number
  ssid: string
  statsFrequency: number
  temptarget: number
  useFallbackStratum: number
}

/** What the running firmware uses: pools are read at boot only. */
export interface SimRuntime {
  activePool: SimPool | null
  bestDiff: number
  bestSessionDiff: number
  blockFound: number
  bootTime: number
  identifying: boolean
  /** NerdQAxe OTP brute-force guard: recent failures and the end of a lockout (ms). */
  otpFailures: {blockedUntil: number; times: number[]}
  /** Fields merged into /info last (tests and demos inject faults or pin figures; undefined removes). */
  overrides: Record<string, unknown>
  /** 2.13+: a found block is announced (on the display and in /info) until dismissed. */
  showNewBlock: boolean
  usingFallback: boolean
}

export interface AxeosSimState {
  /** Random variation of the figures; off for deterministic tests. */
  jitter: boolean
  runtime: SimRuntime
  settings: SimSettings
}

export const DEFAULT_PRIMARY: SimPool = {
  password: 'x',
  port: 21_496,
  protocol: 'SV1',
  suggestedDifficulty: 1000,
  tls: 0,
  url: 'public-pool.io',
  user: 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq.bitaxe',
}

export const DEFAULT_FALLBACK: SimPool = {...DEFAULT_PRIMARY, port: 3333, url: 'solo.ckpool.org'}

export function initialState(spec: AxeosProfileSpec, hostname: string, jitter: boolean): AxeosSimState {
  const table = asicTable(spec)
  const pools: (SimPool | null)[] = Array.from({length: 8}, () => null)
  pools[0] = {...DEFAULT_PRIMARY}
  pools[1] = {...DEFAULT_FALLBACK}
  const settings: SimSettings = {
    autofanspeed: spec.family === 'nerdqaxe' ? 2 : 1,
    coreVoltage: table.defaultVoltage,
    displayTimeout: -1,
    frequency: table.defaultFrequency,
    hostname,
    invertscreen: 0,
    manualFanSpeed: 100,
    minFanSpeed: 25,
    overclockEnabled: 0,
    pools,
    primaryPoolIndex: 0,
    rotation: 0,
    secondaryPoolIndex: 1,
    ssid: 'home-wifi',
    statsFrequency: 120,
    temptarget: 60,
    useFallbackStratum: 0,
  }
  return {
    jitter,
    runtime: {
      activePool: {...DEFAULT_PRIMARY},
      bestDiff: 4_294_967_296 * 1.37,
      bestSessionDiff: 21_874_112,
      blockFound: 0,
      bootTime: Date.now() - 3_600_000,
      identifying: false,
      otpFailures: {blockedUntil: 0, times: []},
      overrides: {},
      showNewBlock: false,
      usingFallback: false,
    },
    settings,
  }
}

/** A reboot: pools and other boot-time settings take effect, session figures start again. */
export function reboot(state: AxeosSimState): void {
  const {runtime} = state
  applyPools(state)
  runtime.bootTime = Date.now()
  runtime.bestSessionDiff = 0
  runtime.identifying = false
}

/** The saved pools become the ones mined on (at boot; NerdQAxe at once). */
export function applyPools(state: AxeosSimState): void {
  const {settings, runtime} = state
  const primary = settings.pools[settings.primaryPoolIndex] ?? null
  const secondary = settings.pools[settings.secondaryPoolIndex] ?? null
  runtime.usingFallback = settings.useFallbackStratum === 1 && secondary !== null
  runtime.activePool = runtime.usingFallback ? {...secondary!} : primary && {...primary}
}

/** ESP-Miner's difficulty string: three significant digits and an SI suffix ("483k", "4.29G"). */
export function suffixString(value: number): string {
  const suffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E']
  let scaled = value
  let index = 0
  while (scaled >= 1000 && index < suffixes.length - 1) {
    scaled /= 1000
    index++
  }
  if (index === 0) return String(Math.floor(value))
  const digits = scaled < 10 ? 2 : scaled < 100 ? 1 : 0
  return `${scaled.toFixed(digits)}${suffixes[index]}`
}

interface Telemetry {
  current: number
  expected: number
  fanrpm: number
  fanspeed: number
  hashRate: number
  power: number
  sharesAccepted: number
  sharesRejected: number
  temp: number
  uptimeSeconds: number
  vrTemp: number
}

/** Moving figures: hashrate around the expected value, shares ticking with uptime. */
function telemetry(spec: AxeosProfileSpec, state: AxeosSimState): Telemetry {
  const {settings, runtime} = state
  const wobble = (spread: number) => (state.jitter ? (Math.random() * 2 - 1) * spread : 0)
  const table = asicTable(spec)
  const expected = (settings.frequency * table.smallCoreCount * spec.asicCount) / 1000
  const uptimeSeconds = Math.max(0, Math.floor((Date.now() - runtime.bootTime) / 1000))
  const power = round(spec.power * (settings.frequency / table.defaultFrequency) * (1 + wobble(0.01)), 2)
  const fanspeed = settings.autofanspeed === 0 ? settings.manualFanSpeed : 48
  // A share every ~11 s at this hashrate and difficulty; one reject in ~400.
  const sharesAccepted = Math.floor(uptimeSeconds / 11)
  return {
    current: round((power / 5.1) * 1000, 2),
    expected: round(expected, 2),
    fanrpm: Math.round(fanspeed * 88 + wobble(40)),
    fanspeed,
    hashRate: round(expected * (0.985 + wobble(0.03)), 2),
    power,
    sharesAccepted,
    sharesRejected: Math.floor(sharesAccepted / 400),
    temp: round(58.25 + wobble(0.75), 3),
    uptimeSeconds,
    vrTemp: Math.round(52 + wobble(1)),
  }
}

/**
 * A share of `difficulty` was found: the session best and the all-time best (kept in NVS) rise to it;
 * one that met the network target is a block (`blockFound` counts them, axeos.md §4).
 */
export function recordShare(runtime: SimRuntime, difficulty: number, block: boolean): void {
  runtime.bestSessionDiff = Math.max(runtime.bestSessionDiff, difficulty)
  runtime.bestDiff = Math.max(runtime.bestDiff, difficulty)
  if (!block) return
  runtime.blockFound += 1
  runtime.showNewBlock = true
}

/** Now and then a share beats the session best (and sometimes the all-time best), as on a real miner. */
function luckyShare(runtime: SimRuntime): void {
  if (Math.random() >= 0.02) return
  runtime.bestSessionDiff = Math.max(runtime.bestSessionDiff * (1.2 + Math.random()), 50_000)
  runtime.bestDiff = Math.max(runtime.bestDiff, runtime.bestSessionDiff)
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

const emptyPool: SimPool = {...DEFAULT_PRIMARY, password: '', port: 0, url: '', user: ''}

/** The `GET /api/system/info` document of this firmware version. */
export function renderInfo(spec: AxeosProfileSpec, state: AxeosSimState, mac: string, ip: string, otp = false): Record<string, unknown> {
  if (state.jitter) luckyShare(state.runtime)
  const doc = spec.family === 'nerdqaxe' ? nerdInfo(spec, state, mac, ip, otp) : upstreamInfo(spec, state, mac, ip)
  for (const [key, value] of Object.entries(state.runtime.overrides)) {
    if (value === undefined) delete doc[key]
    else doc[key] = value
  }
  return doc
}

function upstreamInfo(spec: AxeosProfileSpec, state: AxeosSimState, mac: string, ip: string): Record<string, unknown> {
  const {settings, runtime} = state
  const since = (minor: number) => atLeast(spec, 2, minor)
  const t = telemetry(spec, state)
  const primary = settings.pools[settings.primaryPoolIndex] ?? emptyPool
  const fallback = settings.pools[settings.secondaryPoolIndex] ?? emptyPool
  const bool = (value: boolean) => (since(14) ? value : value ? 1 : 0)
  const table = asicTable(spec)
  const doc: Record<string, unknown> = {
    power: t.power,
    voltage: 5100 + (state.jitter ? Math.round(Math.random() * 50) : 0),
    current: t.current,
    temp: t.temp,
    coreVoltageActual: settings.coreVoltage + 6,
    hashRate: t.hashRate,
    sharesAccepted: t.sharesAccepted,
    sharesRejected: t.sharesRejected,
    bestDiff: since(11) ? Math.round(runtime.bestDiff) : suffixString(runtime.bestDiff),
    uptimeSeconds: t.uptimeSeconds,
    freeHeap: 8_443_612,
    version: spec.version,
    ASICModel: spec.asicModel,
    runningPartition: 'ota_0',
    ssid: settings.ssid,
    wifiStatus: 'Connected!',
    stratumURL: primary.url,
    stratumPort: primary.port,
    stratumUser: primary.user,
    coreVoltage: settings.coreVoltage,
    frequency: settings.frequency,
    invertscreen: settings.invertscreen,
  }
  if (!since(1)) {
    doc.fanSpeed = t.fanspeed
    doc.wifiPass = 'hunter22'
    return doc
  }
  Object.assign(doc, {boardVersion: spec.boardVersion, fanspeed: t.fanspeed, autofanspeed: settings.autofanspeed})
  if (since(2)) {
    Object.assign(doc, {
      vrTemp: t.vrTemp,
      fanrpm: t.fanrpm,
      bestSessionDiff: since(11) ? Math.round(runtime.bestSessionDiff) : suffixString(runtime.bestSessionDiff),
      hostname: settings.hostname,
      smallCoreCount: table.smallCoreCount,
      overheat_mode: 0,
    })
  }
  if (since(2) && !since(9)) doc.asicCount = spec.asicCount
  if (!since(9)) doc.flipscreen = 1
  if (!since(7)) doc.invertfanpolarity = 1
  if (since(3)) {
    Object.assign(doc, {
      macAddr: mac.toUpperCase(),
      fallbackStratumURL: fallback.url,
      fallbackStratumPort: fallback.port,
      fallbackStratumUser: fallback.user,
      isUsingFallbackStratum: runtime.usingFallback ? 1 : 0,
    })
  }
  // The captured 2.4.5 build already reports these two (asic-rs fixture).
  if (since(4)) doc.idfVersion = 'v5.4'
  if (since(4) && !since(9)) doc.stratumDiff = 0
  if (since(6)) {
    Object.assign(doc, {
      maxPower: 40,
      nominalVoltage: 5,
      isPSRAMAvailable: 1,
      apEnabled: 0,
      wifiRSSI: -58,
      sharesRejectedReasons: t.sharesRejected > 0 ? [{message: 'Above target', count: t.sharesRejected}] : [],
      overclockEnabled: settings.overclockEnabled,
    })
  }
  if (since(7)) Object.assign(doc, {temptarget: settings.temptarget, displayTimeout: settings.displayTimeout})
  if (since(8)) Object.assign(doc, {expectedHashrate: t.expected, display: 'SSD1306 (128x32)'})
  if (since(9)) {
    Object.assign(doc, {
      axeOSVersion: spec.version,
      rotation: settings.rotation,
      poolDifficulty: 1000,
      responseTime: 42.7,
      statsFrequency: settings.statsFrequency,
      stratumSuggestedDifficulty: primary.suggestedDifficulty,
      stratumExtranonceSubscribe: bool(false),
      fallbackStratumSuggestedDifficulty: fallback.suggestedDifficulty,
      fallbackStratumExtranonceSubscribe: bool(false),
    })
  }
  if (since(10)) doc.minFanSpeed = settings.minFanSpeed
  if (since(11)) {
    Object.assign(doc, {
      temp2: round(t.temp - 1.5, 3),
      fan2rpm: 0,
      errorPercentage: 0.21,
      blockFound: runtime.blockFound,
      manualFanSpeed: settings.manualFanSpeed,
      ipv4: ip,
      ipv6: 'fe80::1',
      freeHeapInternal: 120_000,
    })
  }
  if (since(12)) {
    Object.assign(doc, {
      hashRate_1m: t.expected,
      hashRate_10m: t.expected,
      hashRate_1h: t.expected,
      resetReason: 'Power on reset',
    })
  }
  if (since(11) && !since(13)) doc.poolAddrFamily = 4
  if (since(13)) {
    Object.assign(doc, {
      poolConnectionInfo: 'IPv4',
      showNewBlock: runtime.showNewBlock,
      stratumTLS: primary.tls,
      stratumCert: '',
      stratumDecodeCoinbase: bool(true),
      fallbackStratumTLS: fallback.tls,
      fallbackStratumCert: '',
      fallbackStratumDecodeCoinbase: bool(true),
    })
  }
  if (since(14)) {
    Object.assign(doc, {
      actualFrequency: settings.frequency,
      cpuUsage: 18,
      miningPaused: false,
      statsLimit: 720,
      responseShareBatch: 1,
      processTime: 3,
      stratumProtocol: primary.protocol,
      stratumV2AuthorityPubkey: '',
      stratumV2ChannelType: 'extended',
      fallbackStratumProtocol: fallback.protocol,
      fallbackStratumV2AuthorityPubkey: '',
      fallbackStratumV2ChannelType: 'extended',
    })
  }
  if (since(15)) {
    Object.assign(doc, {
      sharesPending: 0,
      workReceived: t.uptimeSeconds * 2,
      totalUptimeSeconds: t.uptimeSeconds + 864_000,
      useFallbackStratum: settings.useFallbackStratum,
      primaryPoolIndex: settings.primaryPoolIndex,
      secondaryPoolIndex: settings.secondaryPoolIndex,
      pools: settings.pools.flatMap((pool, id) => (pool && pool.url !== '' ? [renderPool(pool, id)] : [])),
      useCustomWWW: 0,
      axeOSVersion: 'Unified',
    })
  }
  return doc
}

/** A `pools[]` entry of 2.15: the password is always masked. */
function renderPool(pool: SimPool, id: number): Record<string, unknown> {
  return {
    id,
    stratumURL: pool.url,
    stratumPort: pool.port,
    stratumUser: pool.user,
    stratumPassword: '*****',
    stratumProtocol: pool.protocol,
    stratumSuggestedDifficulty: pool.suggestedDifficulty,
    stratumExtranonceSubscribe: false,
    stratumTLS: pool.tls,
    stratumCert: '',
    stratumDecodeCoinbase: true,
    stratumV2ChannelType: 'extended',
    stratumV2AuthorityPubkey: '',
    stratumV2RequireAuth: false,
  }
}

/**
 * NerdQAxe v1 `/api/system/info` (handler_system.cpp): its own names, a `stratum` object, and the key
 * order and types of a real NerdQAxe++ on v1.1.0-beta1 (bitaxeorg/ESP-Miner issue #1769).
 */
function nerdInfo(spec: AxeosProfileSpec, state: AxeosSimState, mac: string, ip: string, otp: boolean): Record<string, unknown> {
  const {settings, runtime} = state
  const t = telemetry(spec, state)
  const primary = settings.pools[0] ?? emptyPool
  const fallback = settings.pools[1] ?? emptyPool
  const table = asicTable(spec)
  return {
    asicCount: spec.asicCount,
    smallCoreCount: table.smallCoreCount,
    deviceModel: spec.deviceModel,
    hostip: ip,
    macAddr: mac.toUpperCase(),
    wifiRSSI: -63,
    power: t.power,
    maxPower: 100,
    minPower: 52,
    maxVoltage: 13,
    minVoltage: 11,
    current: t.current,
    currentA: round(t.current / 1000, 4),
    minCurrentA: 0,
    maxCurrentA: 8,
    temp: t.temp + 1.5,
    vrTemp: t.vrTemp,
    vrTempInt: t.vrTemp + 3,
    hashRateTimestamp: t.uptimeSeconds * 1000,
    hashRate: t.hashRate,
    hashRate_1m: t.expected,
    hashRate_10m: t.expected,
    hashRate_1h: t.expected,
    hashRate_1d: t.expected,
    coreVoltage: settings.coreVoltage,
    defaultCoreVoltage: table.defaultVoltage,
    coreVoltageActual: settings.coreVoltage,
    fanspeed: t.fanspeed,
    manualFanSpeed: settings.manualFanSpeed,
    fanrpm: t.fanrpm,
    fanrpm2: 0,
    fanspeed2: 0,
    fanCount: 1,
    lastpingrtt: 1.29,
    recentpingloss: 0,
    shutdown: false,
    duplicateHWNonces: 0,
    stratum: {
      poolMode: 0,
      activePoolMode: 0,
      poolBalance: 50,
      totalBestDiff: Math.round(runtime.bestDiff),
      usingFallback: runtime.usingFallback,
      pools: [{connected: true, accepted: t.sharesAccepted, rejected: t.sharesRejected, bestDiff: Math.round(runtime.bestSessionDiff), encrypted: false}],
    },
    poolDifficulty: 16_384,
    networkDifficulty: 129_435_235_580_344,
    foundBlocks: runtime.blockFound,
    totalFoundBlocks: runtime.blockFound,
    sharesAccepted: t.sharesAccepted,
    sharesRejected: t.sharesRejected,
    bestDiff: Math.round(runtime.bestDiff),
    bestSessionDiff: Math.round(runtime.bestSessionDiff),
    asicTemps: Array.from({length: spec.asicCount}, () => 0),
    pidTargetTemp: settings.temptarget,
    pidP: 6,
    pidI: 0.1,
    pidD: 10,
    fans: [
      {
        label: 'M2',
        mode: settings.autofanspeed,
        manualSpeed: settings.manualFanSpeed,
        overheatTemp: 70,
        rpm: t.fanrpm,
        speedPerc: t.fanspeed,
        pid: {targetTemp: settings.temptarget, p: 6, i: 0.1, d: 10},
      },
    ],
    hostname: settings.hostname,
    ssid: settings.ssid,
    stratumURL: primary.url,
    stratumPort: primary.port,
    stratumUser: primary.user,
    stratumEnonceSubscribe: true,
    stratumTLS: primary.tls > 0,
    fallbackStratumURL: fallback.url,
    fallbackStratumPort: fallback.port,
    fallbackStratumUser: fallback.user,
    fallbackStratumEnonceSubscribe: true,
    fallbackStratumTLS: fallback.tls > 0,
    stratumProtocol: 0,
    fallbackStratumProtocol: 0,
    sv2AuthorityPubkey: '',
    fallbackSv2AuthorityPubkey: '',
    sv2ChannelType: 0,
    fallbackSv2ChannelType: 0,
    voltage: 12_250,
    frequency: settings.frequency,
    defaultFrequency: table.defaultFrequency,
    jobInterval: 500,
    stratumDifficulty: 1000,
    overheat_temp: 70,
    flipscreen: 0,
    invertscreen: settings.invertscreen,
    autoscreenoff: 1,
    invertfanpolarity: 0,
    autofanspeed: settings.autofanspeed,
    stratum_keep: 1,
    vrFrequency: 25_011,
    defaultVrFrequency: 25_011,
    otp,
    ASICModel: spec.asicModel,
    uptimeSeconds: t.uptimeSeconds,
    lastResetReason: 'SYSTEM.RESET_SOFTWARE',
    wifiStatus: 'WiFi Connected!',
    freeHeap: 6_890_556,
    freeHeapInt: 148_248,
    version: spec.version,
    runningPartition: 'ota_0',
    defaultTheme: 'cosmic',
  }
}
