/**
 * FutureBit Apollo / Apollo II: recognised by its web UI (`GET /` answers 308 to /overview). Its live
 * figures sit behind a password-protected GraphQL API on another port (FutureBit apolloapi-v2, github.com/jstefanop/apolloapi-v2), so solominer
 * identifies it and says clearly that status is not read.
 */
import {SolominerError} from '../../errors.js'
import type {Driver} from '../driver.js'
import {HASHBOARD_HEAT_LIMITS} from '../common/heat.js'
import {httpBase} from '../model.js'

export const driver: Driver = {
  capabilities: {configRead: false, configWrite: [], locate: false, liveStream: false, restart: false, status: false},
  async describe(evidence) {
    return {
      address: evidence.address,
      asic: null,
      driver: 'apollo',
      firmware: 'FutureBit Apollo OS',
      firmwareVersion: null,
      hostname: null,
      mac: null,
      make: 'FutureBit',
      model: 'Apollo',
    }
  },
  id: 'apollo',
  heatLimits: HASHBOARD_HEAT_LIMITS,
  label: 'FutureBit Apollo (identify only)',
  minPollMs: 10_000,
  async readStatus(address) {
    throw new SolominerError('UNSUPPORTED', `${address.host} is a FutureBit Apollo: solominer does not read its status yet`, {
      suggestions: [`Open ${httpBase(address)}/overview for its dashboard.`],
    })
  },
}
