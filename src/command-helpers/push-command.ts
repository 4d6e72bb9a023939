/**
 * The shared frame of every command that writes to devices (`config set …`, `config restore`, `switch
 * solo|pool`, `restart`): on top of DeviceCommand's targets and credentials, the consent rules (dry run,
 * TTY prompt, --yes; no TTY and no --yes → refuse before anything is sent) and one rendering of the
 * per-device results.
 */
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'

import {DeviceCommand, targetFlags} from './device-command.js'
import type {PushRequest} from '../lib/config/plan.js'
import {type PlannedPush, type Prepare, type PushOptions, type PushResult, applyPush, markUntouched, planPush, prepareChange, pushExitCode} from '../lib/config/push.js'
import {DEFAULT_RESTART_WAIT_MS} from '../lib/config/restart.js'
import {BITCOIN_NETWORKS, type BitcoinNetworkName} from '../lib/bitcoin/address.js'
import type {PoolInput} from '../lib/config/pools.js'
import {SolominerError} from '../lib/errors.js'
import {type GateOutcome, type PoolGateCheck, gatePool, skippedGate} from '../lib/pools/gate.js'
import {canPrompt, confirm} from '../ui/prompt.js'
import {renderPoolChecks, renderPushResults, renderWarnings} from '../ui/render-config.js'
import {durationFlag} from './duration-flags.js'
import type {DurationRule} from '../lib/units.js'

export interface PushReport {
  dryRun: boolean
  /** Ctrl-C stopped the push: see each device's `status` (`interrupted`, `untouched`) and `stage`. */
  interrupted: boolean
  /** What the pool check found for each pool checked before the push (empty when none was). */
  poolChecks: PoolGateCheck[]
  results: PushResult[]
  warnings: string[]
}

/** --wait: how long a restarting device may take to answer again (half an hour at most). */
const RESTART_WAIT_RULE: DurationRule = {bareUnit: 's', example: '180', maxMs: 1_800_000, minMs: 1000, name: '--wait'}

export const writeFlags = {
  ...targetFlags,
  'dry-run': Flags.boolean({default: false, summary: 'Show what would change on each device and send nothing.'}),
  'lock-wait': Flags.integer({
    max: 3600,
    min: 0,
    summary: 'Seconds to wait for another solominer writing to the same device (default: 2 × --wait + 60; 0: refuse at once).',
  }),
  restart: Flags.boolean({allowNo: true, default: true, summary: 'Restart devices whose change needs it (--no-restart: saved, applied at the next restart).'}),
  wait: durationFlag(RESTART_WAIT_RULE, {default: DEFAULT_RESTART_WAIT_MS, summary: 'How long a restarting device may take to answer again:'}),
  yes: Flags.boolean({char: 'y', default: false, summary: 'Do not ask for confirmation (required without a terminal).'}),
}

export const poolFlags = {
  chain: Flags.boolean({allowNo: true, default: true, summary: "Compare the pool's job with the chain tip in the pool check (--no-chain skips the tip lookup)."}),
  force: Flags.boolean({default: false, summary: 'Push even when the pool check refuses the pool (it does not pay your address, pays it only partly, or is not on your chain), with a warning.'}),
  network: Flags.string({default: 'mainnet', options: [...BITCOIN_NETWORKS], summary: 'Bitcoin network of the payout address.'}),
  password: Flags.string({summary: 'Pool password (default "x").'}),
  user: Flags.string({char: 'u', summary: 'Pool user: <address>[.worker] for solo pools, <account>[.worker] for pooled ones. Default: <payout.address>.{hostname} (`solominer settings set payout.address`).'}),
  verify: Flags.boolean({allowNo: true, summary: 'Check that the pool pays your address before pushing (default: for solo pools). --no-verify skips it.'}),
}

/** The pools to check before the push (the switch gate). */
export interface PushGate {
  /** Check every pool, not only solo presets (unless --no-verify). */
  alwaysVerify: boolean
  inputs: PoolInput[]
  /** Default: --network. */
  network?: BitcoinNetworkName
}

export interface RunPushExtras {
  /** The pool gate: needs the network but no device, so it runs before any device is read. */
  gate?: PushGate
  /** The command name when the change only makes sense for one device (hostname). */
  oneDevice?: string
  /** Input warnings to report with the results. */
  warnings?: string[]
}

type WriteFlags = {[K in keyof typeof writeFlags]?: unknown}

export abstract class PushCommand<T extends typeof Command> extends DeviceCommand<T> {
  private get writeFlagValues(): WriteFlags & Record<string, unknown> {
    return this.flags as unknown as WriteFlags & Record<string, unknown>
  }

  protected pushOptions(): PushOptions {
    const flags = this.writeFlagValues
    return {
      backMs: (flags.wait as number | undefined) ?? DEFAULT_RESTART_WAIT_MS,
      concurrency: flags.concurrency as number | undefined,
      credentials: this.credentials(),
      dryRun: flags['dry-run'] === true,
      lockWaitMs: typeof flags['lock-wait'] === 'number' ? flags['lock-wait'] * 1000 : undefined,
      // On stderr even under --json: a wait of minutes needs its reason.
      onDeviceWait: (message) => process.stderr.write(`${message}\n`),
      purpose: this.id?.replaceAll(':', ' ') ?? 'writing to the device',
      restart: flags.restart !== false,
      unsafe: flags.unsafe === true,
    }
  }

  /** No terminal to ask on and no --yes: refuse before anything is sent. */
  protected requireConsentPossible(): void {
    const flags = this.writeFlagValues
    if (flags['dry-run'] === true || flags.yes === true || canPrompt()) return
    throw new SolominerError('ABORTED', 'This changes your devices and needs confirmation, but there is no terminal to ask on: nothing was sent', {
      suggestions: ['Add --yes to confirm in scripts', 'Add --dry-run to see the changes first'],
    })
  }

  /** Asks on the terminal unless --yes; a "no" aborts with exit 10. */
  protected async confirmOrAbort(preview: string, question: string): Promise<void> {
    if (this.writeFlagValues.yes === true) return
    // On stderr even under --json: the person answering must see what they confirm.
    process.stderr.write(`${preview}\n`)
    if (!(await confirm(question))) throw new SolominerError('ABORTED', 'Nothing was changed.', {informational: true})
  }

  /**
   * The switch gate: checks the pools that pay an address (solo presets, or all with --verify);
   * --no-verify skips it with a warning, --force turns a refusal into a warning, and a dry run marks a
   * pool it cannot reach as not verified.
   */
  private async runGate(gate: PushGate | undefined): Promise<GateOutcome[]> {
    if (!gate) return []
    const flags = this.writeFlagValues
    if (flags.verify === false) return gate.inputs.map((input) => skippedGate(input.pool.url))
    const network = gate.network ?? (flags.network as BitcoinNetworkName)
    const wanted = gate.inputs.filter((input) => flags.verify === true || gate.alwaysVerify || input.pool.preset?.kind === 'solo')
    const outcomes: GateOutcome[] = []
    for (const input of wanted) {
      const check = {chain: flags.chain === false ? (false as const) : undefined, network, password: input.password, pool: input.pool.url, user: input.user}
      outcomes.push(await gatePool(check, this.ctx, {dryRun: flags['dry-run'] === true, force: flags.force === true}))
    }
    return outcomes
  }

  /**
   * The whole write: consent → (gate) → plan → dry-run output or confirmation → apply → results.
   * The pool gate runs first: it needs the network but no device.
   */
  protected async runPush(specs: string[], prepare: (options: PushOptions) => Prepare, extra: RunPushExtras = {}): Promise<PushReport> {
    this.requireConsentPossible()
    const options = this.pushOptions()
    const gate = await this.runGate(extra.gate)
    const warnings = [...(extra.warnings ?? []), ...gate.flatMap((outcome) => outcome.warnings)]
    const targets = await this.resolve(specs)
    if (extra.oneDevice && targets.length !== 1) {
      throw new SolominerError('USAGE', `${extra.oneDevice} takes exactly one device; ${targets.length} were given`, {suggestions: ['Name one device by IP, hostname, MAC or alias']})
    }
    const prepareDevice = prepare(options)
    const spinner = (await this.spinner(`Reading ${targets.length} device${targets.length === 1 ? '' : 's'}`)).start()
    const plans = await planPush(targets, prepareDevice, this.ctx, options).finally(() => spinner.stop())
    const planned = plans.map((plan) => plan.result)
    const results = options.dryRun ? planned : this.ctx.signal.aborted ? markUntouched(planned) : await this.confirmAndApply(plans, prepareDevice, options)
    const poolChecks = gate.map((outcome) => outcome.check)
    return this.finish({dryRun: options.dryRun === true, interrupted: this.ctx.signal.aborted, poolChecks, results, warnings})
  }

  /** `runPush` for a `config set` / `switch` change written through the driver. */
  protected pushChange(specs: string[], request: PushRequest, extra: RunPushExtras = {}): Promise<PushReport> {
    return this.runPush(specs, (options) => prepareChange(request, this.ctx, options), extra)
  }

  private async confirmAndApply(plans: PlannedPush[], prepare: Prepare, options: PushOptions): Promise<PushResult[]> {
    const planned = plans.filter((plan) => plan.result.status === 'planned').length
    if (planned > 0) {
      await this.confirmOrAbort(renderPushResults(plans.map((plan) => plan.result), 'preview'), `Apply these changes to ${planned} device${planned === 1 ? '' : 's'}?`)
    }
    const spinner = (await this.spinner(`Writing to ${planned} device${planned === 1 ? '' : 's'}`)).start()
    return applyPush(plans, prepare, this.ctx, options).finally(() => spinner.stop())
  }

  protected finish(report: PushReport): PushReport {
    if (report.warnings.length > 0) this.logToStderr(renderWarnings(report.warnings))
    if (report.poolChecks.length > 0) this.log(renderPoolChecks(report.poolChecks))
    this.log(renderPushResults(report.results, report.dryRun ? 'dry-run' : 'done'))
    process.exitCode = pushExitCode(report.results)
    return report
  }
}
