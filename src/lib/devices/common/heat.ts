import type {HeatLimits} from '../driver.js'

/** Machines with many chips on hash boards (Antminer, Avalon, Whatsminer...) run hot and cut out around 90-95 °C. */
export const HASHBOARD_HEAT_LIMITS: HeatLimits = {chip: 90, vr: null}
