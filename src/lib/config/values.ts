/**
 * Parsing of the values `config set` accepts, done before anything is sent: what no device could take
 * (not a number, not a DNS label, volts given for millivolts) never leaves the machine. What one firmware
 * accepts (its ranges, its name length) is its driver's `checkChange`, asked before the push.
 */
import type {ConfigChange} from '../devices/driver.js'
import {invalidInput} from '../errors.js'
import {refuseHiddenCharacters} from '../text/sanitize.js'

export type FanSetting = NonNullable<ConfigChange['fan']>

/** `auto`, or a manual speed `0`-`100` with an optional `%`. */
export function parseFanSetting(input: string): FanSetting {
  const text = input.trim().toLowerCase()
  if (text === 'auto') return {mode: 'auto'}
  const match = /^(\d{1,3})\s*%?$/.exec(text)
  const percent = match ? Number(match[1]) : Number.NaN
  if (!(percent >= 0 && percent <= 100)) throw invalidInput(`Invalid fan setting "${input}"`, 'Use auto or a speed from 0 to 100 (percent)')
  return {mode: 'manual', percent}
}

const TEMP_TARGET_RANGE = {max: 90, min: 35}

/** Target chip temperature for automatic fan control, whole degrees C. */
export function parseTempTarget(input: string): number {
  const value = parseWholeNumber(input.replace(/\s*°?c$/i, ''))
  if (value === null || value < TEMP_TARGET_RANGE.min || value > TEMP_TARGET_RANGE.max) {
    throw invalidInput(
      `Invalid target temperature "${input}"`,
      `Give whole degrees C from ${TEMP_TARGET_RANGE.min} to ${TEMP_TARGET_RANGE.max}`,
    )
  }
  return value
}

/** ASIC frequency in MHz; fractions are kept (some firmware stores them). */
export function parseFrequency(input: string): number {
  const value = Number(input.trim().replace(/\s*mhz$/i, ''))
  if (!Number.isFinite(value) || value <= 0 || value > 2000) {
    throw invalidInput(`Invalid frequency "${input}"`, 'Give the ASIC frequency in MHz, e.g. 525')
  }
  return value
}

/** Core voltage in whole mV; a value that looks like volts is refused rather than guessed. */
export function parseVoltage(input: string): number {
  const value = parseWholeNumber(input.replace(/\s*mv$/i, ''))
  if (value === null || value < 100 || value > 5000) {
    throw invalidInput(`Invalid core voltage "${input}"`, 'Give the core voltage in millivolts, e.g. 1150 (not 1.15)')
  }
  return value
}

const HOSTNAME_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i

/** One DNS label, 1-63 characters (RFC 1035); a trailing `.local` (the mDNS domain) is dropped. */
export function parseHostname(input: string): string {
  const text = refuseHiddenCharacters(input, 'hostname').trim().replace(/\.local\.?$/i, '')
  if (!HOSTNAME_LABEL.test(text)) {
    throw invalidInput(
      `Invalid hostname "${input}"`,
      'Use 1-63 letters, digits and "-", not starting or ending with "-" (no dots or spaces)',
    )
  }
  return text
}

function parseWholeNumber(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : null
}
