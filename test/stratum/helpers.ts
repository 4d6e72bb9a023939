/** Shared pieces of the stratum tests: fixture jobs, a throwaway TLS certificate, the CLI call. */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {StratumJobSpec} from '../../src/sim/stratum-pool.js'
import {type CliResult, projectRoot, runCli, tempConfig} from '../helpers/cli.js'

export interface StratumFixture {
  expected: {outputs: Array<{address: string | null; is_user: boolean; script_hex: string; value_sats: string}>}
  extranonce1: string
  extranonce2_size: number
  notify: {params: unknown[]}
  user_address: string
}

export function stratumFixture(name: string): StratumFixture {
  return JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'stratum', name), 'utf8')) as StratumFixture
}

export function fixtureJob(fixture: StratumFixture): StratumJobSpec {
  return {extranonce1: fixture.extranonce1, extranonce2Size: fixture.extranonce2_size, notifyParams: fixture.notify.params}
}

/** The outputs as `pool check --json` must print them. */
export function expectedOutputs(fixture: StratumFixture) {
  return fixture.expected.outputs.map((output) => ({
    address: output.address,
    isUser: output.is_user,
    sats: output.value_sats,
    script: output.script_hex,
  }))
}

export interface TestCertificate {
  cert: string
  certPath: string
  cleanup(): void
  key: string
}

/** A self-signed certificate for 127.0.0.1, made with openssl at test time (null without openssl). */
export function makeCertificate(): TestCertificate | null {
  const dir = mkdtempSync(join(tmpdir(), 'solominer-tls-'))
  const certPath = join(dir, 'cert.pem')
  const keyPath = join(dir, 'key.pem')
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath],
      {stdio: 'ignore', timeout: 10_000},
    )
  } catch {
    rmSync(dir, {force: true, recursive: true})
    return null
  }
  return {
    cert: readFileSync(certPath, 'utf8'),
    certPath,
    cleanup: () => rmSync(dir, {force: true, recursive: true}),
    key: readFileSync(keyPath, 'utf8'),
  }
}

/** Public chain APIs must never be called: every default points at a closed loopback port. */
const NO_PUBLIC_APIS = {SOLOMINER_BLOCKCHAIN_URL: 'http://127.0.0.1:9', SOLOMINER_MEMPOOL_URL: 'http://127.0.0.1:9'}

/** `solominer pool check <args> --json` in a fresh config dir. */
export function poolCheck(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return poolCheckText([...args, '--json'], env)
}

/** `solominer pool check <args>` (human output) in a fresh config dir. */
export async function poolCheckText(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const config = tempConfig()
  try {
    return await runCli(['pool', 'check', ...args], {env: {...config.env, ...NO_PUBLIC_APIS, ...env}})
  } finally {
    config.cleanup()
  }
}
