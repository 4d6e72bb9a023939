/**
 * Safe frequency/core-voltage lists. The firmware itself accepts anything from 1 to 65535 (ESP-Miner
 * PATCH /api/system), so the lists are enforced client-side: from `/api/system/asic` (2.7+, NerdQAxe
 * 1.0.32+), or else these built-in tables (upstream main/device_config.h; the NerdQAxe boards' own).
 */
import type {SafeOptions} from '../driver.js'
import {type AxeosInfo, flavourOf} from './parse.js'

const BY_ASIC: Record<string, SafeOptions> = {
  BM1366: {coreVoltages: [1100, 1150, 1200, 1250, 1300], frequencies: [400, 425, 450, 475, 485, 500, 525, 550, 575]},
  BM1368: {coreVoltages: [1100, 1150, 1166, 1200, 1250, 1300], frequencies: [400, 425, 450, 475, 485, 490, 500, 525, 550, 575]},
  BM1370: {coreVoltages: [1000, 1060, 1100, 1150, 1200, 1250], frequencies: [400, 490, 525, 550, 600, 625]},
  BM1397: {
    coreVoltages: [1100, 1150, 1200, 1250, 1300, 1350, 1400, 1450, 1500],
    frequencies: [400, 425, 450, 475, 485, 500, 525, 550, 575, 600],
  },
}

const steps = (from: number, to: number, step: number) => Array.from({length: (to - from) / step + 1}, (_, i) => from + i * step)

const BY_NERD_MODEL: Record<string, SafeOptions> = {
  NerdAxe: {coreVoltages: steps(1100, 1300, 50), frequencies: [400, 425, 450, 475, 485, 500, 525, 550, 575]},
  NerdAxeGamma: {coreVoltages: steps(1120, 1200, 10), frequencies: [500, 515, 525, 550, 575]},
  'NerdQAxe+': {coreVoltages: steps(1100, 1350, 50), frequencies: [400, 425, 450, 475, 490, 500, 525, 550, 575]},
  'NerdQAxe++': {coreVoltages: steps(1120, 1200, 10), frequencies: [500, 515, 525, 550, 575, 590, 600]},
}

/** The device's own lists from `/api/system/asic`, when it has usable ones. */
export function optionsFromAsic(asic: Record<string, unknown> | null): SafeOptions | null {
  const numbers = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [])
  const frequencies = numbers(asic?.frequencyOptions)
  const coreVoltages = numbers(asic?.voltageOptions)
  return frequencies.length > 0 && coreVoltages.length > 0 ? {coreVoltages, frequencies} : null
}

/** The built-in lists for this device (NerdQAxe by board, others by ASIC); null when unknown. */
export function builtInOptions(info: AxeosInfo): SafeOptions | null {
  if (flavourOf(info) === 'nerdqaxe') {
    const model = typeof info.deviceModel === 'string' ? BY_NERD_MODEL[info.deviceModel] : undefined
    if (model) return model
  }
  return typeof info.ASICModel === 'string' ? (BY_ASIC[info.ASICModel] ?? null) : null
}
