/**
 * The frame of every command that works on devices: TARGETS (resolved through the inventory), the ports
 * for IP/hostname targets, device credentials and concurrency. Commands that only read devices or act
 * on them without a configuration change extend it directly; those that push extend PushCommand.
 */
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'

import {DEFAULT_PUSH_CONCURRENCY} from '../lib/config/push.js'
import type {DeviceCredentials} from '../lib/devices/driver.js'
import {type ResolvedTarget, resolveTargets} from '../lib/inventory/resolve.js'
import {BaseCommand} from './base-command.js'
import {portFlags} from './port-flags.js'

export const targetFlags = {
  concurrency: Flags.integer({default: DEFAULT_PUSH_CONCURRENCY, min: 1, summary: 'Devices worked on at the same time.'}),
  'device-password': Flags.string({env: 'SOLOMINER_DEVICE_PASSWORD', summary: 'Device login password (Antminer web, Avalon admin, Braiins OS).'}),
  'device-user': Flags.string({summary: 'Device login user (Antminer web: root; Braiins OS: root).'}),
  ...portFlags,
  otp: Flags.string({summary: 'One-time password for NerdQAxe firmware with OTP enabled.'}),
}

type TargetFlags = {[K in keyof typeof targetFlags]?: unknown}

export abstract class DeviceCommand<T extends typeof Command> extends BaseCommand<T> {
  private get targetFlagValues(): TargetFlags & Record<string, unknown> {
    return this.flags as unknown as TargetFlags & Record<string, unknown>
  }

  protected credentials(): DeviceCredentials | undefined {
    const flags = this.targetFlagValues
    const credentials = {otp: flags.otp as string | undefined, password: flags['device-password'] as string | undefined, user: flags['device-user'] as string | undefined}
    return Object.values(credentials).some((value) => value !== undefined) ? credentials : undefined
  }

  protected async resolve(specs: string[]): Promise<ResolvedTarget[]> {
    const flags = this.targetFlagValues
    return resolveTargets(specs, this.ctx, {httpPort: flags['http-port'] as number | undefined, rpcPort: flags['rpc-port'] as number | undefined})
  }
}
