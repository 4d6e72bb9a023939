/**
 * Identification of one host, as the reference tools do it: race `GET /` (page markers, digest realm,
 * redirect) with the RPC `version` command, match the signature table, and only when nothing matched ask
 * the families' second-chance questions (their discovery hooks, in the registry). The chosen driver then
 * completes the identity with its own queries.
 */
import type {AppContext} from '../context.js'
import type {DeviceCredentials, DiscoveryProbe, ProbeEvidence} from '../devices/driver.js'
import {type DeviceAddress, type DeviceIdentity, httpBase} from '../devices/model.js'
import {DISCOVERY_HOOKS, SIGNATURES, loadDriver} from '../devices/registry.js'
import {SolominerError, errorMessage} from '../errors.js'
import {startDeadline} from '../net/errors.js'
import {headerValue} from '../net/http.js'
import {tcpExchange} from '../net/tcp.js'
import {type Signature, type SignatureInputs, type SignatureSource, matchSignature} from '../devices/signatures.js'

/** Identification reads only page heads and short RPC replies: anything bigger is cut off. */
const MAX_IDENTIFY_BYTES = 256 * 1024

export interface IdentifyOptions {
  credentials?: DeviceCredentials
  /** Ports the sweep found open; when given, closed ports are not asked. */
  openPorts?: number[]
  signal?: AbortSignal
  /** Per-request timeout (default ctx.timeoutMs); the whole identification takes at most twice this. */
  timeoutMs?: number
}

interface Probe {
  evidence: ProbeEvidence
  inputs: SignatureInputs
  /** Nothing answered and at least one probe timed out (the others were refused): a silent host. */
  silent: boolean
}

/** Options of one probe; `failures` collects why probes got no answer. */
interface ProbeOptions {
  failures: unknown[]
  signal: AbortSignal
  timeoutMs: number
}

/**
 * The identity of the device at `address`, or null when it answers nothing we recognise. Throws TIMEOUT
 * when it accepted connections but never answered (hung, or busy restarting).
 */
export async function identifyAddress(
  address: DeviceAddress,
  ctx: AppContext,
  options: IdentifyOptions = {},
): Promise<DeviceIdentity | null> {
  const timeoutMs = options.timeoutMs ?? ctx.timeoutMs
  const deadline = startDeadline(timeoutMs * 2, [ctx.signal, options.signal])
  const probe = await gatherEvidence(address, ctx, {...options, signal: deadline.signal, timeoutMs}).finally(deadline.clear)
  if (probe.silent) {
    throw new SolominerError('TIMEOUT', `${address.host} accepts connections but did not answer within ${timeoutMs} ms`, {
      suggestions: ['Check that it is a miner and not hung or restarting', 'Allow more time with --timeout'],
    })
  }
  const signature = matchSignature(probe.inputs, SIGNATURES)
  if (!signature) return null
  return describe(signature, probe.evidence, ctx, options.credentials)
}

/** Collects everything the signature table can look at, in at most two rounds. */
export async function gatherEvidence(
  address: DeviceAddress,
  ctx: AppContext,
  options: IdentifyOptions & {signal: AbortSignal; timeoutMs: number},
): Promise<Probe> {
  const isOpen = (port: number) => options.openPorts === undefined || options.openPorts.includes(port)
  const probeOptions: ProbeOptions = {failures: [], signal: options.signal, timeoutMs: options.timeoutMs}
  const [root, version] = await Promise.all([
    isOpen(address.httpPort) ? getRoot(address, ctx, probeOptions) : undefined,
    isOpen(address.rpcPort) ? rpcRaw(address, 'version', probeOptions) : undefined,
  ])
  const silent = root === undefined && version === undefined && isSilence(probeOptions.failures)
  const evidence: ProbeEvidence = {
    address,
    http: root,
    openPorts: options.openPorts ?? answeredPorts(address, root !== undefined, version !== undefined),
    rpcVersion: version,
  }
  const inputs = rootInputs(root)
  if (version !== undefined) inputs.rpc = version.toUpperCase()
  if (silent || matchSignature(inputs, SIGNATURES)) return {evidence, inputs, silent}

  // A port that did not answer the first round is not asked again.
  const probe: DiscoveryProbe = {
    http: async (path, headers) => (root === undefined ? undefined : httpBody(address, path, headers, ctx, options)),
    rpc: async (command) => (version === undefined ? undefined : rpcRaw(address, command, probeOptions)),
  }
  const answers = await Promise.all(DISCOVERY_HOOKS.map(async (hook) => (hook.secondChance ? hook.secondChance(probe) : {})))
  for (const more of answers) {
    for (const [source, text] of Object.entries(more) as Array<[SignatureSource, string]>) {
      inputs[source] = inputs[source] === undefined ? text : `${inputs[source]}\n${text}`
    }
  }
  return {evidence, inputs, silent}
}

const isTimeout = (error: unknown) => error instanceof SolominerError && error.code === 'TIMEOUT'

/** Some probe timed out and the others were refused: the host accepts connections but says nothing. */
function isSilence(failures: unknown[]): boolean {
  const refused = (error: unknown) => error instanceof SolominerError && (error.cause as {code?: string} | undefined)?.code === 'ECONNREFUSED'
  return failures.some(isTimeout) && failures.every((error) => isTimeout(error) || refused(error))
}

function answeredPorts(address: DeviceAddress, http: boolean, rpc: boolean): number[] {
  return [...(http ? [address.httpPort] : []), ...(rpc ? [address.rpcPort] : [])]
}

function rootInputs(root: ProbeEvidence['http']): SignatureInputs {
  if (!root) return {}
  const inputs: SignatureInputs = {'http-body': root.body}
  const realm = headerValue(root.headers['www-authenticate'])
  if (root.status === 401 && realm !== undefined) inputs['http-realm'] = realm
  const location = headerValue(root.headers.location)
  if (root.status >= 300 && root.status < 400 && location !== undefined) {
    inputs['http-redirect'] = `${root.status} ${location}`
  }
  return inputs
}

async function getRoot(address: DeviceAddress, ctx: AppContext, options: ProbeOptions): Promise<ProbeEvidence['http']> {
  try {
    const response = await ctx.http.request({
      maxBytes: MAX_IDENTIFY_BYTES,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      url: `${httpBase(address)}/`,
    })
    return {body: response.body, headers: response.headers, status: response.status}
  } catch (error) {
    ctx.debug(`identify ${address.host}: GET / failed: ${errorMessage(error)}`)
    options.failures.push(error)
    return undefined
  }
}

async function rpcRaw(address: DeviceAddress, command: string, options: ProbeOptions): Promise<string | undefined> {
  try {
    const reply = await tcpExchange({
      host: address.host,
      maxBytes: MAX_IDENTIFY_BYTES,
      payload: JSON.stringify({command}),
      port: address.rpcPort,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      until: 'nul',
    })
    if (reply === '') options.failures.push(new Error('closed without a reply'))
    return reply === '' ? undefined : reply
  } catch (error) {
    options.failures.push(error)
    return undefined
  }
}

/** A second-chance GET (a discovery hook's): the body of a 2xx answer, else undefined. */
async function httpBody(
  address: DeviceAddress,
  path: string,
  headers: Record<string, string> | undefined,
  ctx: AppContext,
  options: {signal: AbortSignal; timeoutMs: number},
): Promise<string | undefined> {
  try {
    const response = await ctx.http.request({
      headers,
      maxBytes: MAX_IDENTIFY_BYTES,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      url: `${httpBase(address)}${path}`,
    })
    return response.status >= 200 && response.status <= 299 ? response.body : undefined
  } catch {
    return undefined
  }
}

/**
 * The driver's full identity; when its own queries fail (wrong credentials, a flaky device) the host is
 * still reported with what the signature established, because knowing "an Antminer is at .23" matters.
 */
async function describe(
  signature: Signature,
  evidence: ProbeEvidence,
  ctx: AppContext,
  credentials: DeviceCredentials | undefined,
): Promise<DeviceIdentity> {
  try {
    const driver = await loadDriver(signature.driver)
    return await driver.describe(evidence, ctx, {credentials})
  } catch (error) {
    // Ctrl-C ends the command; a device budget that ran out still leaves what the signature established.
    if (ctx.signal.aborted && !isTimeout(ctx.signal.reason)) throw error
    ctx.debug(`identify ${evidence.address.host}: ${signature.driver} describe failed: ${errorMessage(error)}`)
    return signatureIdentity(signature, evidence.address)
  }
}

export function signatureIdentity(signature: Signature, address: DeviceAddress): DeviceIdentity {
  return {
    address,
    asic: null,
    driver: signature.driver,
    firmware: signature.firmware,
    firmwareVersion: null,
    hostname: null,
    mac: null,
    make: signature.make,
    model: signature.model,
  }
}
