import {readFile} from 'node:fs/promises'

import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../command-helpers/base-command.js'
import {durationFlag} from '../command-helpers/duration-flags.js'
import {DEFAULT_MDNS_TIMEOUT_MS} from '../lib/discovery/mdns.js'
import {type ScanReport, DEFAULT_IDENTIFY_CONCURRENCY, runScan} from '../lib/discovery/scan.js'
import {DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_SWEEP_CONCURRENCY} from '../lib/discovery/sweep.js'
import {parseTargetsFile} from '../lib/discovery/targets.js'
import {SolominerError} from '../lib/errors.js'
import type {DurationRule} from '../lib/units.js'
import {renderScan, scanProgressLine} from '../ui/render-scan.js'

/** --connect-timeout: one TCP connect of the sweep. */
const CONNECT_TIMEOUT_RULE: DurationRule = {bareUnit: 'ms', example: '800', maxMs: 60_000, minMs: 20, name: '--connect-timeout'}
/** --mdns-timeout: how long the mDNS browse listens. */
const MDNS_TIMEOUT_RULE: DurationRule = {bareUnit: 'ms', example: '2000', maxMs: 60_000, minMs: 100, name: '--mdns-timeout'}

export default class Scan extends BaseCommand<typeof Scan> {
  static override args = {
    targets: Args.string({
      description: 'Subnets (192.168.1.0/24), ranges (10.0.0.1-50, 10.1-2.0.1-254), addresses, host:port or hostnames; none = the subnets of this computer\'s network interfaces',
      multiple: true,
    }),
  }
  static override description = `Finds miners in two stages: a fast TCP-connect sweep of the HTTP and cgminer RPC ports of every address (one retry for silent addresses), then identification of the hosts that answered (AxeOS/Bitaxe, NerdQAxe, Lucky Miner, Avalon, Antminer, Braiins OS, Whatsminer, Apollo, other cgminer). At the same time it browses mDNS on the scanned networks' own links. Found devices are saved to the inventory, so later commands accept their IP, hostname, MAC or alias.

Without targets it scans each non-internal IPv4 interface's subnet (a subnet wider than /22 is narrowed to the /24 around this computer unless --force). Only private, link-local and loopback addresses are scanned unless --include-public.

--timeout is the per-request deadline of the identification stage (reply included), and each host gets 3 × --timeout in all; --connect-timeout is the sweep's. Whatever the hosts do, a scan takes at most: --timeout to resolve target names, then max(ceil(2 × addresses / --concurrency) × 1.6 × --connect-timeout, --mdns-timeout) for the sweep, plus ceil(answering hosts / --identify-concurrency) × 3 × --timeout for identification.

Exit codes: 0 done (even when nothing was found), 2 invalid targets or flags.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> 192.168.1.0/24',
    '<%= config.bin %> <%= command.id %> 10.0.0.1-50 bitaxe.local --all',
    '<%= config.bin %> <%= command.id %> --interface eth0 --json',
    '<%= config.bin %> <%= command.id %> 127.0.0.1:8080 --no-mdns    # a simulator on a high port',
  ]
  static override flags = {
    all: Flags.boolean({default: false, summary: 'Also list responding hosts that are not recognised, with their open ports.'}),
    concurrency: Flags.integer({default: DEFAULT_SWEEP_CONCURRENCY, max: 4096, min: 1, summary: 'Sockets open at once during the sweep.'}),
    'connect-timeout': durationFlag(CONNECT_TIMEOUT_RULE, {default: DEFAULT_CONNECT_TIMEOUT_MS, summary: 'Sweep connect timeout:'}),
    force: Flags.boolean({default: false, summary: 'Scan an auto-detected subnet wider than /22 in full.'}),
    'http-port': Flags.integer({default: 80, max: 65_535, min: 1, summary: 'HTTP port to probe (non-standard setups and simulators).'}),
    'identify-concurrency': Flags.integer({default: DEFAULT_IDENTIFY_CONCURRENCY, min: 1, summary: 'Hosts identified at once.'}),
    'include-public': Flags.boolean({default: false, summary: 'Allow public addresses (only networks you own).'}),
    interface: Flags.string({summary: 'Scan only this network interface\'s subnet (e.g. eth0, wlan0).'}),
    mdns: Flags.boolean({allowNo: true, default: true, summary: 'Browse mDNS on the scanned networks\' links at the same time.'}),
    'mdns-timeout': durationFlag(MDNS_TIMEOUT_RULE, {default: DEFAULT_MDNS_TIMEOUT_MS, summary: 'How long to listen for mDNS answers:'}),
    'rpc-port': Flags.integer({default: 4028, max: 65_535, min: 1, summary: 'cgminer RPC port to probe.'}),
    save: Flags.boolean({allowNo: true, default: true, summary: 'Save found devices to the inventory.'}),
    subnet: Flags.string({multiple: true, summary: 'A subnet or range to scan (repeatable); same as a target argument.'}),
    'targets-file': Flags.string({summary: 'Read targets from a file (whitespace/comma separated, # comments).'}),
  }
  static override summary = 'Find the miners on your network (TCP sweep + mDNS) and save them to the inventory.'

  public async run(): Promise<ScanReport> {
    const targets = [...(this.args.targets ?? []), ...(this.flags.subnet ?? []), ...(await this.fileTargets())]
    const progress = this.interactive ? scanProgressLine(process.stderr) : {clear() {}, onEvent: undefined}
    const report = await runScan(this.ctx, {
      concurrency: this.flags.concurrency,
      connectTimeoutMs: this.flags['connect-timeout'],
      httpPort: this.flags['http-port'],
      identifyConcurrency: this.flags['identify-concurrency'],
      mdns: this.flags.mdns,
      mdnsTimeoutMs: this.flags['mdns-timeout'],
      onEvent: progress.onEvent,
      rpcPort: this.flags['rpc-port'],
      save: this.flags.save,
      targetOptions: {
        force: this.flags.force,
        includePublic: this.flags['include-public'],
        interfaceName: this.flags.interface,
      },
      targets,
    }).finally(() => progress.clear())
    this.log(renderScan(report, {all: this.flags.all}))
    return report
  }

  private async fileTargets(): Promise<string[]> {
    const path = this.flags['targets-file']
    if (path === undefined) return []
    try {
      return parseTargetsFile(await readFile(path, 'utf8'))
    } catch (error) {
      throw new SolominerError('INVALID_INPUT', `Cannot read the targets file ${path}: ${(error as Error).message}`)
    }
  }
}
