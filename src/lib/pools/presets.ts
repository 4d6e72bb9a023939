/**
 * Pools a home miner picks from (from each pool's own site, facts as of 2026). `kind` decides the
 * payout-address rules: a solo pool's user must be a payout address; a pooled account is not one.
 * Fees are the operators' published/observed figures, null when unknown.
 */
import {invalidInput} from '../errors.js'
import {type PoolUrl, parsePoolUrl} from './url.js'

export type PoolKind = 'non-custodial' | 'pooled' | 'solo'

export interface PoolPreset {
  /** Name of another preset to use as the fallback pool (a second solo pool for solo presets). */
  fallback: string | null
  feePercent: number | null
  kind: PoolKind
  label: string
  name: string
  /** Stats page; `{address}` is replaced by the payout address / account. */
  statsUrl: string | null
  /** TLS endpoint, when the operator offers one. */
  tlsUrl: string | null
  /** The stratum user is the payout address (solo and OCEAN) rather than an account name. */
  userIsAddress: boolean
  url: string
}

function solo(
  name: string,
  label: string,
  url: string,
  extra: {fallback?: string; feePercent?: number; statsUrl?: string; tlsUrl?: string} = {},
): PoolPreset {
  return {
    fallback: extra.fallback ?? null,
    feePercent: extra.feePercent ?? null,
    kind: 'solo',
    label,
    name,
    statsUrl: extra.statsUrl ?? null,
    tlsUrl: extra.tlsUrl ?? null,
    userIsAddress: true,
    url,
  }
}

function pooled(name: string, label: string, url: string, extra: {feePercent?: number; tlsUrl?: string} = {}): PoolPreset {
  return {
    fallback: null,
    feePercent: extra.feePercent ?? null,
    kind: 'pooled',
    label,
    name,
    statsUrl: null,
    tlsUrl: extra.tlsUrl ?? null,
    userIsAddress: false,
    url,
  }
}

export const POOL_PRESETS: PoolPreset[] = [
  solo('ckpool', 'CKPool Solo (US)', 'stratum+tcp://solo.ckpool.org:3333', {
    fallback: 'ckpool-eu',
    feePercent: 2,
    statsUrl: 'https://solostats.ckpool.org/users/{address}',
  }),
  solo('ckpool-eu', 'CKPool Solo (EU)', 'stratum+tcp://eusolo.ckpool.org:3333', {
    fallback: 'ckpool',
    feePercent: 2,
    statsUrl: 'https://eusolostats.ckpool.org/users/{address}',
  }),
  solo('ckpool-au', 'CKPool Solo (AU)', 'stratum+tcp://ausolo.ckpool.org:3333', {
    fallback: 'ckpool',
    feePercent: 2,
    statsUrl: 'https://ausolostats.ckpool.org/users/{address}',
  }),
  solo('public-pool', 'Public Pool', 'stratum+tcp://public-pool.io:21496', {
    fallback: 'ckpool',
    feePercent: 0,
    statsUrl: 'https://web.public-pool.io/#/app/{address}',
    tlsUrl: 'stratum+ssl://public-pool.io:4333',
  }),
  solo('atlaspool', 'AtlasPool Solo', 'stratum+tcp://solo.atlaspool.io:3333', {
    fallback: 'ckpool',
    feePercent: 2,
    statsUrl: 'https://atlaspool.io/dashboard.html?wallet={address}',
    tlsUrl: 'stratum+ssl://solo.atlaspool.io:4333',
  }),
  solo('braiins-solo', 'Braiins Solo', 'stratum+tcp://solo.stratum.braiins.com:3333', {
    fallback: 'ckpool',
    feePercent: 0.5,
    statsUrl: 'https://solo.braiins.com/stats/{address}',
  }),
  solo('solomining-de', 'solomining.de', 'stratum+tcp://pool.solomining.de:3333', {
    fallback: 'public-pool',
    statsUrl: 'https://pool.solomining.de/#/app/{address}',
    tlsUrl: 'stratum+ssl://pool.solomining.de:4333',
  }),
  solo('nerdminer-de', 'NerdMiner.de pool', 'stratum+tcp://pool.nerdminer.de:3333', {
    fallback: 'public-pool',
    statsUrl: 'https://pool.nerdminer.de/#/app/{address}',
  }),
  solo('blitzpool', 'Blitzpool', 'stratum+tcp://blitzpool.yourdevice.ch:3333', {
    fallback: 'public-pool',
    statsUrl: 'https://blitzpool.yourdevice.ch/#/app/{address}',
  }),
  solo('noderunners', 'Noderunners pool', 'stratum+tcp://pool.noderunners.network:1337', {
    fallback: 'ckpool-eu',
    statsUrl: 'https://noderunners.network/en/pool/user/{address}',
    tlsUrl: 'stratum+ssl://pool.noderunners.network:1336',
  }),
  solo('satoshiradio', 'Satoshi Radio pool', 'stratum+tcp://pool.satoshiradio.nl:3333', {
    fallback: 'ckpool-eu',
    statsUrl: 'https://pool.satoshiradio.nl/user/{address}',
  }),
  solo('solohash', 'SoloHash (UK)', 'stratum+tcp://solo.solohash.co.uk:3333', {
    fallback: 'ckpool-eu',
    statsUrl: 'https://solohash.co.uk/user/{address}',
  }),
  solo('sololuck', 'SoloLuck', 'stratum+tcp://stratum.sololuck.io:3333', {
    fallback: 'ckpool',
    statsUrl: 'https://sololuck.io/users/{address}',
  }),
  solo('solopool', 'SoloPool.com', 'stratum+tcp://stratum.solopool.com:3333', {fallback: 'ckpool', feePercent: 2}),
  {
    fallback: null,
    feePercent: 0,
    kind: 'non-custodial',
    label: 'OCEAN (TIDES, shared coinbase)',
    name: 'ocean',
    statsUrl: 'https://ocean.xyz/stats/{address}',
    tlsUrl: null,
    userIsAddress: true,
    url: 'stratum+tcp://mine.ocean.xyz:3334',
  },
  pooled('braiins', 'Braiins Pool (FPPS)', 'stratum+tcp://stratum.braiins.com:3333', {feePercent: 2.5}),
  pooled('foundry', 'Foundry USA (FPPS)', 'stratum+tcp://btc.foundryusapool.com:3333'),
  pooled('antpool', 'AntPool', 'stratum+tcp://stratum.antpool.com:3333'),
  pooled('f2pool', 'F2Pool (PPS+)', 'stratum+tcp://btc.f2pool.com:1314', {feePercent: 3}),
  pooled('viabtc', 'ViaBTC', 'stratum+tcp://btc.viabtc.io:3333'),
  pooled('spiderpool', 'SpiderPool (FPPS)', 'stratum+tcp://btc-eu.spiderpool.com:2309', {
    feePercent: 2,
    tlsUrl: 'stratum+ssl://btc-eu.spiderpool.com:2310',
  }),
  pooled('luxor', 'Luxor (FPPS)', 'stratum+tcp://btc.global.luxor.tech:700', {feePercent: 2.5}),
  pooled('emcd', 'EMCD', 'stratum+tcp://eu.emcd.io:3333'),
  pooled('binance', 'Binance Pool (FPPS+)', 'stratum+tcp://bs.poolbinance.com:3333'),
]

export function findPreset(name: string): PoolPreset | undefined {
  const wanted = name.trim().toLowerCase()
  return POOL_PRESETS.find((preset) => preset.name === wanted)
}

/** The preset whose plain or TLS endpoint is this normalised URL, so typed URLs get a kind too. */
export function presetForUrl(url: string): PoolPreset | null {
  return POOL_PRESETS.find((preset) => preset.url === url || preset.tlsUrl === url) ?? null
}

export interface ResolvedPool extends PoolUrl {
  preset: PoolPreset | null
}

/** A preset name (e.g. `ckpool`) or any URL form parsePoolUrl accepts. */
export function resolvePoolInput(input: string): ResolvedPool {
  const preset = findPreset(input)
  if (preset) return {...parsePoolUrl(preset.url), preset}
  if (/^[a-z0-9-]+$/i.test(input.trim())) {
    throw invalidInput(`Unknown pool preset "${input.trim()}"`, 'See `solominer pool list` for the presets, or give host:port')
  }
  const parsed = parsePoolUrl(input)
  return {...parsed, preset: presetForUrl(parsed.url)}
}

/** The preset's stats page for an address, or null. */
export function statsLink(preset: PoolPreset, address: string): string | null {
  return preset.statsUrl === null ? null : preset.statsUrl.replace('{address}', encodeURIComponent(address))
}
