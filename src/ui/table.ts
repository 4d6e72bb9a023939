/**
 * A plain aligned text table that fits the terminal: ANSI-aware widths, columns narrowed (ellipsised)
 * down to their minimum and, when that is not enough, the least useful columns left out. Hand-written
 * rather than @oclif/table (ink + React): that one costs seconds of start-up and cuts any column,
 * addresses included. Loops only, no spread of rows into arguments: an inventory of 200,000 devices
 * must not overflow the stack.
 */

// eslint-disable-next-line no-control-regex
const ansi = /\u001B\[[0-9;]*m/g
// One SGR escape sequence, or one code point.
// eslint-disable-next-line no-control-regex
const token = /\u001B\[[0-9;]*m|[\s\S]/gu

const GAP = '  '
const ELLIPSIS = '…'

/** Columns a string takes on a terminal (escape sequences take none; one per code point). */
export function visibleWidth(text: string): number {
  let width = 0
  for (const _ of text.includes('\u001B') ? text.replaceAll(ansi, '') : text) width++
  return width
}

/**
 * The width output is fitted to: `COLUMNS` when set (an explicit wish, as for `ls`), else the terminal's
 * width (80 when a terminal reports none), else no limit: a pipe or a file gets whole lines (documented).
 */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const fromEnvironment = Number.parseInt(process.env.COLUMNS ?? '', 10)
  if (fromEnvironment > 0) return fromEnvironment
  if (stream.isTTY) return stream.columns > 0 ? stream.columns : 80
  return Number.POSITIVE_INFINITY
}

/** Cuts `text` to `width` visible columns, ending in "…"; escape sequences are all kept, so colours still close. */
export function cutEnd(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text
  let kept = ''
  let trailingEscapes = ''
  let used = 0
  for (const [part] of text.matchAll(token)) {
    if (part.startsWith('\u001B')) {
      if (used < width) kept += part
      else trailingEscapes += part
    } else if (used < width - 1) {
      kept += part
      used++
    } else if (used === width - 1) {
      kept += ELLIPSIS
      used++
    }
  }
  return kept + trailingEscapes
}

/**
 * Prose that wraps at word boundaries to `width`, continuation lines indented by `indent` spaces
 * (a word longer than a line stays whole: an address or a URL is never split).
 */
export function wrapText(text: string, width: number, indent = 2): string[] {
  if (visibleWidth(text) <= width) return [text]
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`
    if (line !== '' && line.trim() !== '' && visibleWidth(candidate) > width) {
      lines.push(line)
      line = `${' '.repeat(indent)}${word}`
    } else {
      line = candidate
    }
  }
  lines.push(line)
  return lines
}

export interface Column<Row> {
  align?: 'left' | 'right'
  /** When the table cannot fit even with every column at its minimum, columns with a rank are left out, lowest first. */
  dropRank?: number
  /** Shortens this row's cell to `width` columns (default: the end cut with "…"); what it keeps (an address) stays whole. */
  fit?: (row: Row, width: number) => string
  get: (row: Row) => string
  header: string
  /** The narrowest this column may be made to fit the table; absent: never narrowed. */
  min?: number
}

export interface TableOptions {
  headerStyle?: (text: string) => string
  /** Total width to fit in (default: no limit). */
  maxWidth?: number
}

interface Layout {
  shown: number[]
  widths: number[]
}

export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], options: TableOptions = {}): string {
  const {headerStyle = (text: string) => text, maxWidth = Number.POSITIVE_INFINITY} = options
  const cells = rows.map((row) => columns.map((column) => column.get(row)))
  const natural = columns.map((column) => visibleWidth(column.header))
  for (const line of cells) {
    for (let index = 0; index < line.length; index++) natural[index] = Math.max(natural[index]!, visibleWidth(line[index]!))
  }
  const {shown, widths} = layout(columns, natural, maxWidth)
  const fitted = (text: string, row: Row | undefined, index: number) => {
    const width = widths[index]!
    if (visibleWidth(text) <= width) return text
    const column = columns[index]!
    return row !== undefined && column.fit ? column.fit(row, width) : cutEnd(text, width)
  }
  const pad = (text: string, index: number) => {
    const gap = ' '.repeat(Math.max(0, widths[index]! - visibleWidth(text)))
    return columns[index]!.align === 'right' ? gap + text : text + gap
  }
  const header = shown.map((index) => headerStyle(pad(fitted(columns[index]!.header, undefined, index), index))).join(GAP)
  const lines = [header.trimEnd()]
  for (const [rowIndex, line] of cells.entries()) {
    lines.push(shown.map((index) => pad(fitted(line[index]!, rows[rowIndex], index), index)).join(GAP).trimEnd())
  }
  return lines.join('\n')
}

/**
 * Which columns are shown, and how wide: the widest narrowed first down to their minimum; when that is not
 * enough, the lowest-ranked column left out and the rest tried again; with nothing left to leave out, the
 * narrowable columns go below their minimum (down to their header; a column's own fit may keep more).
 */
function layout<Row>(columns: readonly Column<Row>[], natural: number[], maxWidth: number): Layout {
  const shown = columns.map((_, index) => index)
  for (;;) {
    const widths = narrowed(columns, shown, natural, maxWidth, (column) => Math.max(column.min!, visibleWidth(column.header)))
    const droppable = shown.filter((index) => columns[index]!.dropRank !== undefined)
    if (total(shown, widths) <= maxWidth) return {shown, widths}
    if (droppable.length === 0) return {shown, widths: narrowed(columns, shown, widths, maxWidth, hardFloor)}
    const lowest = droppable.reduce((best, index) => (columns[index]!.dropRank! < columns[best]!.dropRank! ? index : best))
    shown.splice(shown.indexOf(lowest), 1)
  }
}

/** `widths` with the widest narrowable column made one narrower at a time until the table fits or none can shrink. */
function narrowed<Row>(
  columns: readonly Column<Row>[],
  shown: number[],
  widths: number[],
  maxWidth: number,
  floor: (column: Column<Row>) => number,
): number[] {
  const result = [...widths]
  for (let excess = total(shown, result) - maxWidth; excess > 0; excess--) {
    let widest: number | undefined
    for (const index of shown) {
      const column = columns[index]!
      if (column.min === undefined || result[index]! <= floor(column)) continue
      if (widest === undefined || result[index]! > result[widest]!) widest = index
    }
    if (widest === undefined) break
    result[widest]!--
  }
  return result
}

function hardFloor<Row>(column: Column<Row>): number {
  return visibleWidth(column.header)
}

function total(shown: number[], widths: number[]): number {
  let sum = GAP.length * Math.max(0, shown.length - 1)
  for (const index of shown) sum += widths[index]!
  return sum
}
