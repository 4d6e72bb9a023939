/**
 * HTTP to AxeOS-family devices: plain HTTP, no auth, never an Origin header (the firmware rejects
 * cross-origin requests), and the one access rule users trip over: AxeOS answers 401 to any client whose
 * address is not RFC1918 (VPN, Tailscale, public), which we turn into a message that says so.
 */
import type {AppContext} from '../../context.js'
import {SolominerError} from '../../errors.js'
import type {HttpResponse} from '../../net/http.js'
import {sanitizeText} from '../../text/sanitize.js'
import type {DeviceCredentials} from '../driver.js'
import {type DeviceAddress, httpBase} from '../model.js'

/** `http://host:port/path`, with brackets around IPv6 literals. */
export function axeosUrl(address: DeviceAddress, path: string): string {
  return `${httpBase(address)}${path}`
}

export interface AxeosRequest {
  body?: unknown
  credentials?: DeviceCredentials
  method: 'DELETE' | 'GET' | 'PATCH' | 'POST' | 'PUT'
  path: string
}

/** Sends one request; a 401 becomes an explanation, any other status is returned to the caller. */
export async function axeosRequest(address: DeviceAddress, request: AxeosRequest, ctx: AppContext): Promise<HttpResponse> {
  const headers: Record<string, string> = {accept: 'application/json'}
  if (request.body !== undefined) headers['content-type'] = 'application/json'
  // NerdQAxe with OTP enabled wants the current code on every write.
  if (request.credentials?.otp && request.method !== 'GET') headers['x-totp'] = request.credentials.otp
  const response = await ctx.http.request({
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    headers,
    method: request.method,
    url: axeosUrl(address, request.path),
  })
  if (response.status === 401) throw unauthorized(address, request, response)
  return response
}

/** GET and parse a JSON object; anything else is BAD_RESPONSE/API_ERROR. */
export async function axeosGetJson(address: DeviceAddress, path: string, ctx: AppContext): Promise<Record<string, unknown>> {
  const response = await axeosRequest(address, {method: 'GET', path}, ctx)
  if (response.status !== 200) throw statusError(address, path, response)
  let value: unknown
  try {
    value = JSON.parse(response.body)
  } catch (error) {
    throw new SolominerError('BAD_RESPONSE', `${address.host} ${path} did not answer with JSON`, {cause: error})
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SolominerError('BAD_RESPONSE', `${address.host} ${path} did not answer with a JSON object`)
  }
  return value as Record<string, unknown>
}

/** Sends a write and requires a 2xx; the device's own error text (e.g. "Wrong API input") is kept. */
export async function axeosWrite(address: DeviceAddress, request: AxeosRequest, ctx: AppContext): Promise<HttpResponse> {
  const response = await axeosRequest(address, request, ctx)
  if (response.status < 200 || response.status > 299) throw statusError(address, request.path, response, request.method)
  return response
}

export function statusError(address: DeviceAddress, path: string, response: HttpResponse, method = 'GET'): SolominerError {
  const detail = sanitizeText(response.body.trim(), 120)
  const code = response.status === 404 ? 'UNSUPPORTED' : 'DEVICE_ERROR'
  return new SolominerError(code, `${address.host} answered HTTP ${response.status} to ${method} ${path}${detail ? `: ${detail}` : ''}`)
}

function unauthorized(address: DeviceAddress, request: AxeosRequest, response: HttpResponse): SolominerError {
  if (/blocked for/i.test(response.body)) {
    return new SolominerError('AUTH_FAILED', `${address.host} blocks writes for a few minutes after repeated wrong one-time passwords (NerdQAxe OTP)`, {
      suggestions: ['Wait 5 minutes, then pass a fresh code with --otp'],
    })
  }
  if (/otp|session required/i.test(response.body)) {
    return new SolominerError(
      'AUTH_FAILED',
      request.credentials?.otp
        ? `${address.host} refused the one-time password for ${request.method} ${request.path} (NerdQAxe OTP): it may have expired`
        : `${address.host} wants a one-time password for ${request.method} ${request.path} (NerdQAxe OTP is enabled): pass the current code with --otp`,
      {suggestions: ['Pass the current code from your authenticator app with --otp 123456']},
    )
  }
  return new SolominerError(
    'AUTH_FAILED',
    `${address.host} refused the request (HTTP 401): AxeOS only answers clients with a private LAN address ` +
      '(10.x, 172.16-31.x, 192.168.x). Requests over a VPN or Tailscale (100.64.x) or from a public address are rejected.',
    {
      suggestions: [
        'Run solominer on a machine in the same LAN as the miner',
        'Or route to the miner through a host on that LAN whose address is RFC1918 (e.g. SSH to it)',
      ],
    },
  )
}
