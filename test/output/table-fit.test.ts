/** The table renderer fits a width: columns narrowed to their minimum, then the lowest-ranked left out. */
import {describe, expect, it} from 'vitest'

import {type Column, cutEnd, renderTable, wrapText} from '../../src/ui/table.js'

interface Row {
  host: string
  ip: string
  model: string
  note: string
}

const rows: Row[] = [
  {host: 'bitaxe-living-room', ip: '192.168.1.50', model: 'Bitaxe Gamma 601 (BM1370)', note: 'sweep'},
  {host: 'nerd', ip: '192.168.1.51', model: 'NerdQAxe++ (BM1370)', note: 'mdns+sweep'},
]

const columns: Column<Row>[] = [
  {get: (row) => row.ip, header: 'ADDRESS'},
  {get: (row) => row.host, header: 'HOSTNAME', min: 10},
  {get: (row) => row.model, header: 'MODEL', min: 12},
  {dropRank: 1, get: (row) => row.note, header: 'FOUND BY'},
]

describe('renderTable', () => {
  it('keeps every column whole when the width allows it (no limit by default)', () => {
    expect(renderTable(rows, columns)).toBe(
      [
        'ADDRESS       HOSTNAME            MODEL                      FOUND BY',
        '192.168.1.50  bitaxe-living-room  Bitaxe Gamma 601 (BM1370)  sweep',
        '192.168.1.51  nerd                NerdQAxe++ (BM1370)        mdns+sweep',
      ].join('\n'),
    )
  })

  it('narrows the widest narrowable column first, with an ellipsis, before leaving any column out', () => {
    expect(renderTable(rows, columns, {maxWidth: 62}).split('\n')).toEqual([
      'ADDRESS       HOSTNAME           MODEL              FOUND BY',
      '192.168.1.50  bitaxe-living-ro…  Bitaxe Gamma 601…  sweep',
      '192.168.1.51  nerd               NerdQAxe++ (BM13…  mdns+sweep',
    ])
    expect(renderTable(rows, columns, {maxWidth: 50}).split('\n')).toEqual([
      'ADDRESS       HOSTNAME    MODEL         FOUND BY',
      '192.168.1.50  bitaxe-li…  Bitaxe Gamm…  sweep',
      '192.168.1.51  nerd        NerdQAxe++ …  mdns+sweep',
    ])
  })

  it('leaves out the lowest-ranked column when the minimums do not fit; an unnarrowable column is never cut', () => {
    expect(renderTable(rows, columns, {maxWidth: 44}).split('\n')).toEqual([
      'ADDRESS       HOSTNAME        MODEL',
      '192.168.1.50  bitaxe-living…  Bitaxe Gamma …',
      '192.168.1.51  nerd            NerdQAxe++ (B…',
    ])
    expect(renderTable(rows, columns, {maxWidth: 20}).split('\n')[1]).toMatch(/^192\.168\.1\.50 {2}/)
  })

  it('goes below the minimums (down to the header) when nothing is left to leave out', () => {
    expect(renderTable(rows, columns, {maxWidth: 36}).split('\n')).toEqual([
      'ADDRESS       HOSTNAME    MODEL',
      '192.168.1.50  bitaxe-li…  Bitaxe Ga…',
      '192.168.1.51  nerd        NerdQAxe+…',
    ])
  })

  it('a column fit keeps what must stay whole (the address) and cuts the rest', () => {
    const label: Column<Row> = {
      fit: (row, width) => `${cutEnd(row.host, width - row.ip.length - 3)} (${row.ip})`,
      get: (row) => `${row.host} (${row.ip})`,
      header: 'DEVICE',
      min: 20,
    }
    expect(renderTable(rows, [label, columns[2]!], {maxWidth: 42}).split('\n')).toEqual([
      'DEVICE                MODEL',
      'bita… (192.168.1.50)  Bitaxe Gamma 601 (B…',
      'nerd (192.168.1.51)   NerdQAxe++ (BM1370)',
    ])
  })
})

describe('cutEnd and wrapText', () => {
  it('cuts by visible width and keeps colour codes, so the colour still ends', () => {
    expect(cutEnd('\u001B[31mabcdef\u001B[39m', 4)).toBe('\u001B[31mabc…\u001B[39m')
    expect(cutEnd('abc', 3)).toBe('abc')
  })

  it('wraps prose at spaces with an indent, never splitting a word (an address stays whole)', () => {
    const address = 'bc1qnp980s5fpp8l94p5cvttmtdqy8rvrq74qly2yrfmzkdsntqzlc5qkc4rkq'
    expect(wrapText(`! garage (10.0.0.5): pays ${address}, not you`, 40)).toEqual(['! garage (10.0.0.5): pays', `  ${address},`, '  not you'])
  })
})
