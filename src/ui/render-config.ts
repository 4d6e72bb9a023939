/** Human output of `config`, `pool list`, `profile`, `switch`, `restart` and `identify`. */
import type {RestartResult} from '../lib/actions/restart.js'
import type {ConfigDiff} from '../lib/config/plan.js'
import type {PushResult} from '../lib/config/push.js'
import type {BackupResult, ConfigReadResult, MiningRow} from '../lib/config/read.js'
import type {DeviceConfig, PoolSlot} from '../lib/devices/driver.js'
import type {PoolGateCheck} from '../lib/pools/gate.js'
import type {PoolPreset} from '../lib/pools/presets.js'
import type {PublicProfile} from '../lib/pools/profiles.js'
import {sanitizeText} from '../lib/text/sanitize.js'
import {type Column, type TableOptions, cutEnd, outputWidth, renderTable, visibleWidth, wrapText} from './table.js'
import {theme} from './theme.js'

const clean = (value: unknown) => (value === null || value === undefined || value === '' ? '-' : sanitizeText(value))

/**
 * "garage (10.0.0.5) Gamma 601", or "10.0.0.5:8080 Gamma 601" for a device with neither alias nor hostname;
 * given a width, the name is ellipsised to fit and the address kept.
 */
function deviceLabel(row: {ip: string; model: string | null; name: string | null; target: string}, width = Number.POSITIVE_INFINITY): string {
  const address = ` (${row.ip})`
  const where = row.name === null ? (row.target.startsWith(row.ip) ? clean(row.target) : row.ip) : `${cutEnd(clean(row.name), Math.max(2, width - address.length))}${address}`
  return row.model ? `${where} ${theme.dim(clean(row.model))}` : where
}

function statusText(status: string): string {
  if (status === 'changed' || status === 'saved' || status === 'restarted') return theme.good(status)
  if (status === 'failed') return theme.bad(status)
  if (status === 'interrupted') return theme.warn(status)
  if (status === 'planned') return theme.warn('would change')
  return theme.dim(status)
}

function diffLines(changes: ConfigDiff[]): string[] {
  return changes.map((diff) => `    ${diff.field}: ${clean(diff.before)} → ${theme.value(clean(diff.after))}`)
}

/** Warnings in full off a terminal (logs, pipes): only a terminal line is worth cutting short. */
function warningText(warning: string, stream: NodeJS.WriteStream): string {
  return stream.isTTY ? clean(warning) : sanitizeText(warning, Number.POSITIVE_INFINITY)
}

function pushNotes(result: PushResult): string {
  const notes: string[] = []
  if (result.restarted) notes.push(theme.dim('restarted'))
  // A change that could not be read back stands out: exit 0, but the user should look at it.
  if (result.status === 'changed') notes.push(result.verified ? theme.dim('verified') : theme.warn('not verified'))
  if (result.restored !== null) notes.push(theme.dim(result.restored ? 'its changes put back' : 'putting back failed'))
  return notes.join(theme.dim(', '))
}

/** `dry-run`: nothing will be sent; `preview`: shown before the confirmation; `done`: after the push. */
export type PushView = 'done' | 'dry-run' | 'preview'

/** One block per device: status, notes, the diff, information, warnings (marked "!") and the error. */
export function renderPushResults(results: PushResult[], view: PushView): string {
  const lines: string[] = []
  for (const result of results) {
    const notes = pushNotes(result)
    lines.push(`${deviceLabel(result)}  ${statusText(result.status)}${notes ? `  ${notes}` : ''}`)
    if (result.status !== 'unchanged') lines.push(...diffLines(result.changes))
    for (const note of result.notes) lines.push(`    ${theme.dim(warningText(note, process.stdout))}`)
    for (const warning of result.warnings) lines.push(`    ${theme.warn(`! ${warningText(warning, process.stdout)}`)}`)
    if (result.error) lines.push(`    ${theme.bad(clean(result.error.message))}`)
  }
  const counts = countBy(results.map((result) => result.status))
  const lead = {done: '', 'dry-run': 'Dry run, nothing sent: ', preview: 'Planned: '}[view]
  lines.push('', `${lead}${counts}`)
  return lines.join('\n')
}

function countBy(statuses: string[]): string {
  const counts = new Map<string, number>()
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1)
  return [...counts].map(([status, count]) => `${count} ${status === 'planned' ? 'to change' : status}`).join(', ')
}

/** What the pool check found, one line per pool (its verdict in the JSON's `poolChecks`). */
export function renderPoolChecks(checks: PoolGateCheck[]): string {
  return checks.map((check) => `Pool check: ${check.refused ? theme.warn(clean(check.detail)) : clean(check.detail)}`).join('\n')
}

export function renderWarnings(warnings: string[]): string {
  return warnings.map((warning) => theme.warn(`Warning: ${warningText(warning, process.stderr)}`)).join('\n')
}

/** A pool slot as [url, user]: printed on one line, or the user under the URL when the line would not fit. */
function poolText(slot: PoolSlot | undefined): string[] {
  if (!slot || slot.url === '') return ['-']
  return [clean(slot.url), `${clean(slot.user)}${slot.passwordSet ? theme.dim(' (password set)') : ''}`]
}

function fanText(config: DeviceConfig): string {
  const {fan} = config
  if (!fan) return '-'
  const speed = fan.mode === 'auto' ? 'auto' : `${fan.percent ?? '?'} %`
  const target = fan.targetTemperature === null ? '' : `, target ${fan.targetTemperature} °C`
  const minimum = fan.minPercent === null ? '' : `, min ${fan.minPercent} %`
  return `${speed}${target}${minimum}`
}

/** The uniform configuration as `key: value` lines (or one key's value), fitted to `width`. */
export function configLines(config: DeviceConfig, key?: string, width = outputWidth()): string[] {
  const extra = config.pools.slice(2).map((slot, index) => [`pool ${index + 3}`, poolText(slot)] as const)
  const rows: (readonly [string, string[]])[] = [
    ['pool', poolText(config.pools[0])],
    ['fallback', poolText(config.pools[1])],
    ...extra,
    ['fan', [fanText(config)]],
    ['temp-target', [config.fan?.targetTemperature == null ? '-' : `${config.fan.targetTemperature} °C`]],
    ['frequency', [config.frequency === null ? '-' : `${config.frequency} MHz`]],
    ['voltage', [config.coreVoltage === null ? '-' : `${config.coreVoltage} mV`]],
    ['hostname', [clean(config.hostname)]],
  ]
  const isPoolRow = (name: string) => name.startsWith('pool') || name === 'fallback'
  const wanted = rows.filter(([name]) => key === undefined || name === key || (key === 'pools' && isPoolRow(name)))
  const indent = wanted.length > 1 ? 15 : 2
  return wanted.flatMap(([name, parts]) => {
    const lead = wanted.length > 1 ? `  ${name.padEnd(12)} ` : '  '
    const line = lead + parts.join('  ')
    // A payout address is never cut: the user goes on its own line, under the URL.
    return visibleWidth(line) <= width ? [line] : [lead + parts[0], ...parts.slice(1).map((part) => ' '.repeat(indent) + part)]
  })
}

export function renderConfigs(results: ConfigReadResult[], key?: string, width = outputWidth()): string {
  return results
    .map((result) => {
      const body = result.config ? configLines(result.config, key, width) : wrapText(`  ${theme.bad(clean(result.error?.message))}`, width, 4)
      return [theme.heading(deviceLabel(result)), ...body].join('\n')
    })
    .join('\n\n')
}

/** The small tables of config, pool list, profile, switch and restart, fitted to the terminal. */
function fittedTable<Row>(rows: Row[], columns: Column<Row>[], options: TableOptions = {}): string {
  return renderTable(rows, columns, {headerStyle: theme.heading, maxWidth: outputWidth(), ...options})
}

export function renderBackups(results: BackupResult[]): string {
  return fittedTable(results, [
    {get: (row) => deviceLabel(row), header: 'DEVICE'},
    {get: (row) => statusText(row.status), header: 'STATUS'},
    {get: (row) => clean(row.file ?? row.error?.message), header: 'FILE'},
  ])
}

export function renderPresets(presets: PoolPreset[]): string {
  return fittedTable(presets, [
    {get: (preset) => preset.name, header: 'NAME'},
    {get: (preset) => preset.kind, header: 'KIND'},
    {get: (preset) => preset.url, header: 'URL'},
    {dropRank: 1, get: (preset) => preset.tlsUrl ?? '-', header: 'TLS'},
    {align: 'right', get: (preset) => (preset.feePercent === null ? '?' : `${preset.feePercent} %`), header: 'FEE'},
    {get: (preset) => preset.label, header: 'OPERATOR', min: 12},
  ])
}

export function renderProfiles(profiles: PublicProfile[]): string {
  if (profiles.length === 0) return 'No profiles yet: add one with `solominer profile add <name> --pool <preset|URL> --user <user>`'
  return fittedTable(profiles, [
    {get: (profile) => clean(profile.name), header: 'NAME'},
    {get: (profile) => clean(profile.pool.url), header: 'POOL'},
    {get: (profile) => clean(profile.pool.user), header: 'USER'},
    {get: (profile) => clean(profile.fallback?.url), header: 'FALLBACK'},
    {get: (profile) => clean(profile.fallback?.user), header: 'FALLBACK USER'},
  ])
}

export function renderMining(rows: MiningRow[]): string {
  return fittedTable(rows, [
    {get: (row) => deviceLabel(row), header: 'DEVICE'},
    {get: (row) => (row.error ? theme.bad('error') : clean(row.mode)), header: 'MODE'},
    {get: (row) => clean(row.preset ?? row.pool), header: 'POOL'},
    {get: (row) => clean(row.error ? row.error.message : (row.address ?? row.user)), header: 'PAYS / USER'},
  ])
}

export function renderRestarts(results: RestartResult[]): string {
  return fittedTable(results, [
    {get: (row) => deviceLabel(row), header: 'DEVICE'},
    {get: (row) => statusText(row.status), header: 'STATUS'},
    {get: (row) => clean(row.error?.message ?? (row.back === true ? 'back online' : '')), header: 'NOTE', min: 20},
  ])
}
