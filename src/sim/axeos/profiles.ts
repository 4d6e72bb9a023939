/**
 * The AxeOS / ESP-Miner firmware versions and forks the simulator can play. Facts from
 * ESP-Miner releases (main/http_server/http_server.c fields, PATCH, pools; main/asic ASIC tables) and the forks;
 * hardware figures (small cores, default clocks) from the boards' device tables.
 */

export type AxeosProfile =
  | 'axeos-2.0'
  | 'axeos-2.4'
  | 'axeos-2.9'
  | 'axeos-2.12'
  | 'axeos-2.13'
  | 'axeos-2.14'
  | 'axeos-2.15'
  | 'lv06'
  | 'nerdqaxe++'

/** 'axeos' = upstream ESP-Miner (and forks that keep its API); 'nerdqaxe' = shufps' NerdQAxe firmware. */
export type AxeosFamily = 'axeos' | 'nerdqaxe'

export interface AsicTable {
  defaultFrequency: number
  defaultVoltage: number
  frequencyOptions: number[]
  smallCoreCount: number
  voltageOptions: number[]
}

export interface AxeosProfileSpec {
  /** `GET /api/system/asic` since this firmware (null = never). */
  asicEndpoint: boolean
  asicCount: number
  asicModel: string
  /** Upstream board number, e.g. "601"; null on firmware that does not report it. */
  boardVersion: string | null
  /** `/api/system/asic` deviceModel (upstream), or NerdQAxe `deviceModel` in /info. */
  deviceModel: string
  family: AxeosFamily
  /** Upstream feature level as [major, minor] (forks: the upstream release they follow). */
  level: [number, number]
  /** Human label for `sim`/`demo`. */
  name: string
  /** Typical wall power at default clocks, W. */
  power: number
  swarmColor: string
  /** Title of the web UI at `GET /` (what identification looks for). */
  title: string
  /** The firmware's `version` string. */
  version: string
}

export const ASIC_TABLES: Record<string, AsicTable> = {
  BM1366: {
    defaultFrequency: 485,
    defaultVoltage: 1200,
    frequencyOptions: [400, 425, 450, 475, 485, 500, 525, 550, 575],
    smallCoreCount: 894,
    voltageOptions: [1100, 1150, 1200, 1250, 1300],
  },
  BM1368: {
    defaultFrequency: 490,
    defaultVoltage: 1166,
    frequencyOptions: [400, 425, 450, 475, 485, 490, 500, 525, 550, 575],
    smallCoreCount: 1276,
    voltageOptions: [1100, 1150, 1166, 1200, 1250, 1300],
  },
  BM1370: {
    defaultFrequency: 525,
    defaultVoltage: 1150,
    frequencyOptions: [400, 490, 525, 550, 600, 625],
    smallCoreCount: 2040,
    voltageOptions: [1000, 1060, 1100, 1150, 1200, 1250],
  },
  BM1397: {
    defaultFrequency: 425,
    defaultVoltage: 1400,
    frequencyOptions: [400, 425, 450, 475, 485, 500, 525, 550, 575, 600],
    smallCoreCount: 672,
    voltageOptions: [1100, 1150, 1200, 1250, 1300, 1350, 1400, 1450, 1500],
  },
}

/** NerdQAxe++ board table (shufps/ESP-Miner-NerdQAxePlus main/boards): its own option lists. */
export const NERDQAXE_PLUS_PLUS_TABLE: AsicTable = {
  defaultFrequency: 600,
  defaultVoltage: 1150,
  frequencyOptions: [500, 515, 525, 550, 575, 590, 600],
  smallCoreCount: 2040,
  voltageOptions: [1120, 1130, 1140, 1150, 1160, 1170, 1180, 1190, 1200],
}

const gamma = {asicCount: 1, asicModel: 'BM1370', boardVersion: '601', deviceModel: 'Gamma', power: 17.6, swarmColor: 'green'}

export const AXEOS_PROFILES: Record<AxeosProfile, AxeosProfileSpec> = {
  'axeos-2.0': {
    asicCount: 1,
    asicEndpoint: false,
    asicModel: 'BM1397',
    boardVersion: null,
    deviceModel: 'Max',
    family: 'axeos',
    level: [2, 0],
    name: 'Bitaxe Max (AxeOS 2.0.3)',
    power: 12.4,
    swarmColor: 'red',
    title: 'AxeOS',
    version: 'v2.0.3',
  },
  'axeos-2.4': {
    asicCount: 1,
    asicEndpoint: false,
    asicModel: 'BM1368',
    boardVersion: '401',
    deviceModel: 'Supra',
    family: 'axeos',
    level: [2, 4],
    name: 'Bitaxe Supra 401 (AxeOS 2.4.5)',
    power: 13.1,
    swarmColor: 'blue',
    title: 'AxeOS',
    version: 'v2.4.5-3-gb5d1e36-dirty',
  },
  'axeos-2.9': {
    asicCount: 1,
    asicEndpoint: true,
    asicModel: 'BM1368',
    boardVersion: '401',
    deviceModel: 'Supra',
    family: 'axeos',
    level: [2, 9],
    name: 'Bitaxe Supra 401 (AxeOS 2.9.0)',
    power: 13.4,
    swarmColor: 'blue',
    title: 'AxeOS',
    version: 'v2.9.0',
  },
  'axeos-2.12': {...gamma, asicEndpoint: true, family: 'axeos', level: [2, 12], name: 'Bitaxe Gamma 601 (AxeOS 2.12.0)', title: 'AxeOS', version: 'v2.12.0'},
  'axeos-2.13': {...gamma, asicEndpoint: true, family: 'axeos', level: [2, 13], name: 'Bitaxe Gamma 601 (AxeOS 2.13.0)', title: 'AxeOS', version: 'v2.13.0'},
  'axeos-2.14': {...gamma, asicEndpoint: true, family: 'axeos', level: [2, 14], name: 'Bitaxe Gamma 601 (AxeOS 2.14.2)', title: 'AxeOS', version: 'v2.14.2'},
  'axeos-2.15': {...gamma, asicEndpoint: true, family: 'axeos', level: [2, 15], name: 'Bitaxe Gamma 601 (AxeOS 2.15.0)', title: 'AxeOS', version: 'v2.15.0'},
  // BitsForPeople ESP-Miner-LVXX: an upstream ~2.9 fork; LV06 = BM1366, board "301_".
  lv06: {
    asicCount: 1,
    asicEndpoint: true,
    asicModel: 'BM1366',
    boardVersion: '301_',
    deviceModel: 'LV06',
    family: 'axeos',
    level: [2, 9],
    name: 'Lucky Miner LV06 (ESP-Miner-LVXX)',
    power: 11.8,
    swarmColor: 'red',
    title: 'AxeOS',
    version: 'v2.9.0-lvxx',
  },
  'nerdqaxe++': {
    asicCount: 4,
    asicEndpoint: true,
    asicModel: 'BM1370',
    boardVersion: null,
    deviceModel: 'NerdQAxe++',
    family: 'nerdqaxe',
    level: [2, 11],
    name: 'NerdQAxe++ (NerdOS 1.1.0-beta1)',
    power: 76.5,
    swarmColor: '#e700d8',
    title: 'NerdQAxe++ Dashboard',
    version: 'v1.1.0-beta1',
  },
}

/** True when the profile's upstream feature level is at least `major.minor`. */
export function atLeast(spec: AxeosProfileSpec, major: number, minor: number): boolean {
  const [ownMajor, ownMinor] = spec.level
  return ownMajor > major || (ownMajor === major && ownMinor >= minor)
}

export function asicTable(spec: AxeosProfileSpec): AsicTable {
  return spec.family === 'nerdqaxe' ? NERDQAXE_PLUS_PLUS_TABLE : ASIC_TABLES[spec.asicModel]!
}
