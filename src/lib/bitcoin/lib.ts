/**
 * bitcoinjs-lib, loaded on first use: importing it costs 100–300 ms, and most commands that can validate
 * an address (status, config, switch) import this code without always needing it. One CommonJS instance
 * is shared, so the ECC library initialised for taproot is the one every caller uses.
 */
import type * as Bitcoin from 'bitcoinjs-lib'
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)
let library: typeof Bitcoin | null = null
let eccReady = false

export function bitcoinjs(): typeof Bitcoin {
  library ??= require('bitcoinjs-lib') as typeof Bitcoin
  return library
}

/** Taproot needs an ECC library (tiny-secp256k1, WASM, another ~20 ms): only when an address needs it. */
export function bitcoinjsWithEcc(): typeof Bitcoin {
  const lib = bitcoinjs()
  if (!eccReady) {
    lib.initEccLib(require('tiny-secp256k1'))
    eccReady = true
  }
  return lib
}
