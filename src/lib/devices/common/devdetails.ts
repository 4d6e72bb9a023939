/**
 * The model a cgminer-dialect miner names in its RPC `devdetails` reply, for the families whose
 * `version` reply does not carry it: btminer (Whatsminer, "M31SV10") and bosminer (Braiins OS, one
 * entry per hash board, "Antminer S9"; some builds write "Bitmain Antminer S9", early ones nothing).
 */
import type {AppContext} from '../../context.js'
import {errorMessage} from '../../errors.js'
import {cgSectionList, cgminerCommand} from '../../net/cgminer.js'
import {deviceString} from '../../text/sanitize.js'
import type {DeviceAddress} from '../model.js'

/** The first non-empty DEVDETAILS[].Model without a "Bitmain " maker prefix; null when none or no answer. */
export async function devdetailsModel(address: DeviceAddress, ctx: AppContext): Promise<string | null> {
  try {
    const entries = cgSectionList(await cgminerCommand(address, 'devdetails', ctx), 'DEVDETAILS')
    const model = entries.map((entry) => deviceString(entry.Model, 40)).find((value) => value !== null && value !== '')
    return model?.replace(/^Bitmain\s+/i, '') ?? null
  } catch (error) {
    ctx.debug(`${address.host}: devdetails failed: ${errorMessage(error)}`)
    return null
  }
}
