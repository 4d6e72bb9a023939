import type {NetworkInterfaceInfo} from 'node:os'

import {describe, expect, it} from 'vitest'

import {localSubnets} from '../../src/lib/discovery/interfaces.js'
import {parseTargetsFile, planTargets} from '../../src/lib/discovery/targets.js'
import {SolominerError} from '../../src/lib/errors.js'

function iface(address: string, netmask: string, internal = false): NetworkInterfaceInfo {
  return {address, cidr: null, family: 'IPv4', internal, mac: '02:00:00:00:00:01', netmask}
}

// No test may query DNS: hostnames resolve through this stub.
const noLan = {
  interfaces: {},
  resolveHost: async (host: string) => {
    throw new Error(`unexpected lookup of ${host}`)
  },
}
const ips = async (specs: string[], options = {}) => (await planTargets(specs, {...noLan, ...options})).hosts.map((h) => h.ip)

describe('scan targets', () => {
  it('expands a /24 without network and broadcast addresses', async () => {
    const hosts = await ips(['192.168.1.77/24'])
    expect(hosts).toHaveLength(254)
    expect(hosts[0]).toBe('192.168.1.1')
    expect(hosts.at(-1)).toBe('192.168.1.254')
  })

  it('expands last-octet, full and octet ranges, sorted and deduplicated', async () => {
    expect(await ips(['10.0.0.1-3'])).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3'])
    expect(await ips(['10.0.0.254-10.0.1.1'])).toEqual(['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1'])
    expect(await ips(['10.1-2.0.1-2'])).toEqual(['10.1.0.1', '10.1.0.2', '10.2.0.1', '10.2.0.2'])
    expect(await ips(['10.0.0.3', '10.0.0.1-3', '10.0.0.2'])).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3'])
  })

  it('keeps a port given with a host and resolves hostnames', async () => {
    const plan = await planTargets(['127.0.0.2:8080', 'miner.lan'], {interfaces: {}, resolveHost: async () => '192.168.5.9'})
    expect(plan.hosts).toEqual([
      {ip: '127.0.0.2', port: 8080},
      {ip: '192.168.5.9', port: null},
    ])
  })

  it('refuses public addresses unless includePublic, and huge ranges', async () => {
    const error = await planTargets(['8.8.8.0/30'], noLan).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SolominerError)
    expect((error as SolominerError).code).toBe('INVALID_INPUT')
    expect((error as SolominerError).message).toContain('8.8.8.1 is a public address')
    expect(await ips(['8.8.8.0/30'], {includePublic: true})).toEqual(['8.8.8.1', '8.8.8.2'])
    await expect(planTargets(['10.0.0.0/8'], noLan)).rejects.toThrow(/16,777,214 addresses/)
  })

  it('rejects malformed targets with a usage error', async () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.300', '10.0.0.9-3', 'not a target', '10.0.0.1-2-3']) {
      const error = await planTargets([bad], noLan).catch((caught: unknown) => caught)
      expect((error as SolominerError).exitCode, bad).toBe(2)
    }
  })

  it('auto-detects non-internal IPv4 interfaces and narrows wide subnets to the /24 around the host', async () => {
    const interfaces = {
      eth0: [
        iface('10.20.30.40', '255.255.0.0'),
        {address: 'fe80::1', cidr: null, family: 'IPv6', internal: false, mac: '02:00:00:00:00:01', netmask: 'ffff:ffff:ffff:ffff::', scopeid: 2},
      ] as NetworkInterfaceInfo[],
      lo: [iface('127.0.0.1', '255.0.0.0', true)],
      wlan0: [iface('192.168.7.10', '255.255.252.0')],
    }
    const plan = await planTargets([], {...noLan, interfaces})
    expect(plan.hosts).toHaveLength(254 + 1022)
    expect(plan.hosts[0]!.ip).toBe('10.20.30.1')
    expect(plan.hosts.at(-1)!.ip).toBe('192.168.7.254')
    expect(plan.notes).toEqual([
      'eth0: 10.20.0.0/16 is wider than /22; scanning 10.20.30.0/24 around this host (use --force for all of it)',
    ])
    expect(plan.links.map((link) => link.interface)).toEqual(['eth0', 'wlan0'])
    expect((await planTargets([], {force: true, interfaceName: 'eth0', interfaces})).hosts).toHaveLength(65_534)
    await expect(planTargets([], {interfaceName: 'eth9', interfaces})).rejects.toThrow('No network interface named "eth9"')
  })

  it('says loopback is not scanned automatically (--interface lo) and how to name a loopback target', async () => {
    const interfaces = {eth0: [iface('192.168.1.5', '255.255.255.0')], lo: [iface('127.0.0.1', '255.0.0.0', true)]}
    await expect(planTargets([], {interfaceName: 'lo', interfaces})).rejects.toMatchObject({
      code: 'NO_DEVICES',
      exitCode: 2,
      message: 'lo is a loopback interface: loopback is not scanned automatically',
      suggestions: [
        'Name loopback targets explicitly, with the HTTP port after a colon: solominer scan 127.0.0.1:8080 --no-mdns',
        'Or a range with its ports, e.g. for `solominer sim`: solominer scan 127.77.0.11-18 --http-port 18080 --rpc-port 14028 --no-mdns',
      ],
    })
    // Explicit loopback targets with --interface lo still plan.
    expect((await planTargets(['127.0.0.2:8080'], {interfaceName: 'lo', interfaces})).hosts).toEqual([{ip: '127.0.0.2', port: 8080}])
  })

  it('skips auto-detected interfaces on public ranges (VPN, VPS) with a note instead of failing', async () => {
    const interfaces = {
      eth0: [iface('192.168.1.5', '255.255.255.0')],
      tailscale0: [{...iface('100.101.102.103', '255.255.255.255'), cidr: '100.101.102.103/32'}],
    }
    const plan = await planTargets([], {...noLan, interfaces})
    expect(plan.hosts).toHaveLength(254)
    expect(plan.notes).toEqual(['tailscale0: 100.101.102.103/32 is not a private range; skipped (--include-public scans it)'])
  })

  it('browses mDNS only on the links the targets are on (never for loopback targets)', async () => {
    const interfaces = {eth0: [iface('192.168.1.5', '255.255.255.0')]}
    expect((await planTargets(['192.168.1.50'], {interfaces})).links.map((l) => l.address)).toEqual(['192.168.1.5'])
    expect((await planTargets(['127.0.0.1-20'], {interfaces})).links).toEqual([])
  })

  it('reads the interface table as os.networkInterfaces() gives it', () => {
    expect(localSubnets({eth1: [{...iface('172.16.9.3', '255.240.0.0'), cidr: '172.16.9.3/12'}]})).toEqual([
      {address: '172.16.9.3', interface: 'eth1', network: '172.16.0.0', prefix: 12},
    ])
  })

  it('parses a targets file with comments and separators', () => {
    expect(parseTargetsFile('# garage\n10.0.0.5, 10.0.0.6\n\n192.168.1.0/24 # lan\n')).toEqual([
      '10.0.0.5',
      '10.0.0.6',
      '192.168.1.0/24',
    ])
  })
})
