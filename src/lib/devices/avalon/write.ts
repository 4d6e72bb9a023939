/**
 * Avalon configuration writes over the cgminer RPC (Canaan cgminer fork `ascset`/`setpool`):
 * - pools: `setpool` with `<webuser>,<webpass>,<slot 0..2>,<url>,<user>[,<pass>]`, one slot per command,
 *   applied by the firmware only after a reboot. The firmware splits the parameter on commas with no
 *   escape, so a comma inside any value is refused before anything is sent.
 *   Older firmware (A10xx) only has `ascset|0,setpool,...` in the plain-text form.
 * - fan: `ascset 0,fan-spd,<-1 auto | 15..100>`.
 * - reboot: `ascset 0,reboot,0`.
 */
import type {AppContext} from '../../context.js'
import {SolominerError, invalidInput, isSolominerError} from '../../errors.js'
import {cgSectionList, cgminerCommand, cgminerPlainCommand} from '../../net/cgminer.js'
import {byPriority} from '../common/cgminer-fields.js'
import {type ConfigChange, type DeviceCredentials, type PoolSetting, UNKNOWN_PASSWORD, refuseUnwritable} from '../driver.js'
import type {DeviceAddress} from '../model.js'

/** The web user is fixed by the firmware; the password defaults to the factory one. */
export const AVALON_DEFAULT_USER = 'admin'
export const AVALON_DEFAULT_PASSWORD = 'admin'
export const AVALON_POOL_SLOTS = 3
export const AVALON_FAN_MIN_PERCENT = 15

/** The pool list as the firmware holds it after `setpool`: the slots past the list repeat its last pool. */
export function fillAvalonSlots(pools: PoolSetting[]): PoolSetting[] {
  if (pools.length === 0 || pools.length >= AVALON_POOL_SLOTS) return pools
  const last = pools.at(-1)!
  return [...pools, ...Array.from({length: AVALON_POOL_SLOTS - pools.length}, () => ({...last}))]
}

/** Field widths of the firmware's sscanf (`%65[^,],%65[^,],%d,%385[^,],%129[^,],%129[^,]`). */
const MAX_LENGTHS = {password: 129, url: 385, user: 129, webPassword: 65, webUser: 65}

interface WebLogin {
  password: string
  user: string
}

export function webLogin(credentials: DeviceCredentials | undefined): WebLogin {
  return {password: credentials?.password ?? AVALON_DEFAULT_PASSWORD, user: credentials?.user ?? AVALON_DEFAULT_USER}
}

/** Refuses a change the Avalon cannot apply, before anything is sent. */
export function validateAvalonChange(change: ConfigChange, login: WebLogin): void {
  refuseUnwritable(change, ['pools', 'fan'], 'Avalon miners')
  if (change.pools !== undefined) validatePools(change.pools, login)
  if (change.fan?.mode === 'manual') {
    const {percent} = change.fan
    if (!Number.isInteger(percent) || percent < AVALON_FAN_MIN_PERCENT || percent > 100) {
      throw invalidInput(`Avalon fan speed must be a whole percentage from ${AVALON_FAN_MIN_PERCENT} to 100 (got ${percent})`, 'Or use: fan auto')
    }
  }
}

function validatePools(pools: PoolSetting[], login: WebLogin): void {
  if (pools.length === 0 || pools.length > AVALON_POOL_SLOTS) {
    throw invalidInput(`Avalon miners take 1 to ${AVALON_POOL_SLOTS} pools (got ${pools.length})`)
  }
  checkValue('web user', login.user, MAX_LENGTHS.webUser)
  checkValue('admin password', login.password, MAX_LENGTHS.webPassword)
  pools.forEach((pool, index) => {
    checkValue(`pool ${index + 1} URL`, pool.url, MAX_LENGTHS.url)
    checkValue(`pool ${index + 1} user`, pool.user, MAX_LENGTHS.user)
    checkPassword(index, pool.password)
  })
}

function checkPassword(index: number, password: string | null): void {
  if (password !== null && password !== '') checkValue(`pool ${index + 1} password`, password, MAX_LENGTHS.password)
}

function checkValue(what: string, value: string, maxLength: number): void {
  if (value.includes(',')) {
    throw invalidInput(
      `The ${what} contains a comma, which Avalon firmware cannot store (it splits its setpool command on commas)`,
      `Remove the comma from the ${what}`,
    )
  }
  if (value === '' || value.length > maxLength) throw invalidInput(`The ${what} must be 1 to ${maxLength} characters`)
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalidInput(`The ${what} contains control characters`)
}

/**
 * Writes every slot, so no old pool is left behind: slots beyond the given list repeat the last pool
 * (the firmware cannot empty a slot). `setpool` always replaces the password, so a null one (keep) is
 * the password the `pools` reply shows for that slot now.
 */
export async function writeAvalonPools(address: DeviceAddress, pools: PoolSetting[], login: WebLogin, ctx: AppContext): Promise<void> {
  const resolved = await withCurrentPasswords(address, pools, ctx)
  for (let slot = 0; slot < AVALON_POOL_SLOTS; slot += 1) {
    const pool = resolved[Math.min(slot, resolved.length - 1)]!
    await setPool(address, slot, pool, login, ctx)
  }
}

async function withCurrentPasswords(address: DeviceAddress, pools: PoolSetting[], ctx: AppContext): Promise<PoolWrite[]> {
  const current = pools.some((pool) => pool.password === null) ? await currentPasswords(address, ctx) : []
  return pools.map((pool, index) => {
    const password = pool.password ?? current[index] ?? UNKNOWN_PASSWORD
    checkPassword(index, password)
    return {password, url: pool.url, user: pool.user}
  })
}

/** The password of each slot, primary first, as the `pools` reply shows it ('' where it does not). */
async function currentPasswords(address: DeviceAddress, ctx: AppContext): Promise<string[]> {
  const pools = byPriority(cgSectionList(await cgminerCommand(address, 'pools', ctx), 'POOLS'))
  return pools.map((pool) => (typeof pool.Password === 'string' ? pool.Password : ''))
}

type PoolWrite = PoolSetting & {password: string}

async function setPool(address: DeviceAddress, slot: number, pool: PoolWrite, login: WebLogin, ctx: AppContext): Promise<void> {
  const fields = [login.user, login.password, String(slot), pool.url, pool.user, ...(pool.password === '' ? [] : [pool.password])]
  try {
    await cgminerCommand(address, 'setpool', ctx, {parameter: fields.join(',')})
  } catch (error) {
    if (!isInvalidCommand(error)) throw asAuthError(error)
    ctx.debug(`${address.host}: no setpool command; using the older ascset|0,setpool form`)
    await cgminerPlainCommand(address, 'ascset', ctx, {parameter: `0,setpool,${fields.join(',')}`}).catch((legacyError: unknown) => {
      throw asAuthError(legacyError)
    })
  }
}

/** cgminer answers an unknown command with code 14 "Invalid command". */
function isInvalidCommand(error: unknown): boolean {
  return isSolominerError(error) && error.code === 'DEVICE_ERROR' && /invalid command/i.test(error.message)
}

/** The firmware's "username err" / "userpass err" refusals become AUTH_FAILED with a hint. */
function asAuthError(error: unknown): unknown {
  if (!isSolominerError(error) || !/user(?:name|pass) err/i.test(error.message)) return error
  return new SolominerError('AUTH_FAILED', `${error.message} (the Avalon admin password was not accepted)`, {
    cause: error,
    suggestions: ['Give the Avalon web admin password with --device-password (or SOLOMINER_DEVICE_PASSWORD)'],
  })
}

export async function setAvalonFan(address: DeviceAddress, fan: NonNullable<ConfigChange['fan']>, ctx: AppContext): Promise<void> {
  const speed = fan.mode === 'auto' ? -1 : fan.percent
  await cgminerCommand(address, 'ascset', ctx, {parameter: `0,fan-spd,${speed}`})
}

/**
 * Reboots the device. The firmware may drop the connection instead of answering, which is success
 * here (the device is going down as asked).
 */
export async function rebootAvalon(address: DeviceAddress, ctx: AppContext): Promise<void> {
  try {
    await cgminerCommand(address, 'ascset', ctx, {parameter: '0,reboot,0'})
  } catch (error) {
    if (isSolominerError(error) && error.code === 'BAD_RESPONSE') return
    throw error
  }
}
