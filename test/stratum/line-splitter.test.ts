import {describe, expect, it} from 'vitest'

import {LineSplitter} from '../../src/lib/net/stratum.js'

const bytes = (text: string) => Buffer.from(text)

describe('LineSplitter (the stratum framing)', () => {
  it('joins a line split across packets and splits several lines in one packet', () => {
    const splitter = new LineSplitter(1024)
    expect(splitter.push(bytes('{"id":1,"res'))).toEqual([])
    expect(splitter.push(bytes('ult":true}\n{"id":"2"}\r\n\n{"method":"x"'))).toEqual([
      {kind: 'message', message: {id: 1, result: true}},
      {kind: 'message', message: {id: '2'}},
    ])
    expect(splitter.push(bytes('}\n'))).toEqual([{kind: 'message', message: {method: 'x'}}])
  })

  it('reports non-JSON and non-object lines as garbage', () => {
    const splitter = new LineSplitter(1024)
    expect(splitter.push(bytes('HTTP/1.1 400 Bad Request\n[1,2]\n'))).toEqual([
      {kind: 'garbage', text: 'HTTP/1.1 400 Bad Request'},
      {kind: 'garbage', text: '[1,2]'},
    ])
  })

  it('cuts off an over-long line, counting its bytes, and carries on with the next', () => {
    const splitter = new LineSplitter(16)
    expect(splitter.push(bytes('x'.repeat(10)))).toEqual([])
    expect(splitter.push(bytes('x'.repeat(10)))).toEqual([])
    expect(splitter.push(bytes(`${'x'.repeat(5)}\n{"id":3}\n`))).toEqual([
      {bytes: 25, kind: 'oversized'},
      {kind: 'message', message: {id: 3}},
    ])
    expect(splitter.push(bytes(`${'y'.repeat(20)}\n`))).toEqual([{bytes: 20, kind: 'oversized'}])
  })
})
