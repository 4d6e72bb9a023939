/**
 * mDNS browsing against a responder that answers PTR questions only (no additional records), so the browser
 * must ask for SRV, TXT and A itself; device strings come back cleaned. Runs only inside network namespaces
 * this test creates (mDNS never goes out on a real link), root only.
 */
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {projectRoot} from '../helpers/cli.js'
import {type NetnsLan, createNetnsLan, netnsName, netnsUnavailable} from '../helpers/netns.js'

const unavailable = netnsUnavailable()
const dist = (path: string) => JSON.stringify(join(projectRoot, 'dist', path))

const responderScript = `
import {startMdnsResponder} from ${dist('sim/mdns-responder.js')}
const responder = await startMdnsResponder({interfaceAddress: '10.219.0.5', additionals: false, adverts: [
  {axeos: true, hostname: 'bitaxe-x', instance: 'Bitaxe Gamma 601 (ABCD)', ip: '10.219.0.5', port: 80,
   txt: {asic: 'BM1370', board: '601', family: 'Gamma', fw_version: 'v2.15.0'}},
  {axeos: false, hostname: 'printer', instance: 'Printer\\u001b[31m', ip: '10.219.0.6', port: 631, txt: {}}]})
console.log('ready')
process.stdin.on('end', async () => { await responder.stop(); process.exit(0) })
process.stdin.resume()
`
const browseScript = `
import {browseMdns} from ${dist('lib/discovery/mdns.js')}
console.log(JSON.stringify(await browseMdns({interfaceAddresses: ['10.219.0.1'], timeoutMs: 1000})))
`

let lan: NetnsLan | undefined
let responder: ReturnType<NetnsLan['spawnIn']> | undefined

describe.skipIf(unavailable !== null)(`mDNS browsing in a network namespace${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    lan = createNetnsLan({deviceAddresses: ['10.219.0.5', '10.219.0.6'], name: netnsName('smm'), prefix: 24, scannerAddress: '10.219.0.1'})
    responder = lan.spawnIn(lan.devices, process.execPath, ['--input-type=module', '-e', responderScript])
    await new Promise((resolve, reject) => {
      responder!.stdout?.once('data', resolve)
      responder!.once('close', reject)
    })
  })

  afterAll(() => {
    responder?.stdin?.end()
    responder?.kill()
    lan?.remove()
  })

  it('resolves PTR → SRV/TXT → A by asking, and cleans device strings', () => {
    const output = execFileSync('ip', ['netns', 'exec', lan!.scanner, process.execPath, '--input-type=module', '-e', browseScript], {
      encoding: 'utf8',
      env: {...process.env, SOLOMINER_NET_ALLOW: lan!.allow},
      timeout: 20_000,
    })
    expect(JSON.parse(output)).toEqual([
      {
        hostname: 'bitaxe-x',
        instance: 'Bitaxe Gamma 601 (ABCD)',
        ip: '10.219.0.5',
        port: 80,
        services: ['_axeos._sub._http._tcp.local', '_http._tcp.local'],
        txt: {asic: 'BM1370', board: '601', family: 'Gamma', fw_version: 'v2.15.0'},
      },
      {hostname: 'printer', instance: 'Printer', ip: '10.219.0.6', port: 631, services: ['_http._tcp.local'], txt: {}},
    ])
  })
})
