/** Human rendering of `settings list`. */
import {sanitizeText} from '../lib/text/sanitize.js'
import {outputWidth, renderTable} from './table.js'
import {theme} from './theme.js'

export interface SettingRow {
  description: string
  key: string
  value: string | null
}

export function renderSettings(rows: SettingRow[], path: string, width = outputWidth()): string {
  const table = renderTable(
    rows,
    [
      {get: (row) => row.key, header: 'KEY'},
      {get: (row) => (row.value === null ? theme.dim('-') : sanitizeText(row.value)), header: 'VALUE', min: 16},
      {dropRank: 1, get: (row) => theme.dim(row.description), header: 'DESCRIPTION', min: 24},
    ],
    {headerStyle: theme.heading, maxWidth: width},
  )
  return `${table}\n\n${theme.dim(`Settings file: ${path}`)}`
}
