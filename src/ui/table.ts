/** A plain aligned text table (ANSI-aware widths), light enough to keep start-up fast. */

// eslint-disable-next-line no-control-regex
const ansi = /\u001B\[[0-9;]*m/g

export function visibleWidth(text: string): number {
  return [...text.replaceAll(ansi, '')].length
}

export interface Column<Row> {
  align?: 'left' | 'right'
  get: (row: Row) => string
  header: string
}

export function renderTable<Row>(rows: Row[], columns: Column<Row>[], headerStyle = (s: string) => s): string {
  const cells = rows.map((row) => columns.map((column) => column.get(row)))
  const widths = columns.map((column, index) =>
    Math.max(visibleWidth(column.header), ...cells.map((line) => visibleWidth(line[index]!))),
  )
  const pad = (text: string, index: number) => {
    const gap = ' '.repeat(widths[index]! - visibleWidth(text))
    return columns[index]!.align === 'right' ? gap + text : text + gap
  }
  const header = columns.map((column, index) => headerStyle(pad(column.header, index))).join('  ')
  const body = cells.map((line) => line.map((text, index) => pad(text, index)).join('  ').trimEnd())
  return [header.trimEnd(), ...body].join('\n')
}
