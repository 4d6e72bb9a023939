/**
 * The offline fallback: the last network state embedded at build time. Refresh it with
 * `node scripts/refresh-snapshot.js --source mempool --url <mempool-compatible URL>`.
 * Source: a real Braiins Solo job of 2026-03-10 (nBits 1701f0cc, next height 940105).
 */
export const OFFLINE_SNAPSHOT = {
  asOf: '2026-03-10T10:13:30Z',
  bestBlockHash: '00000000000000000001c9d564f3dff144f7f570e3c185e7c382a3d992d2bc49',
  bits: '1701f0cc',
  chain: 'main',
  difficulty: 145_042_165_424_853.28,
  height: 940_104,
} as const
