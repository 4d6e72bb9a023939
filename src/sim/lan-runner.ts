/**
 * Runs simulators on real ports (80/4028) inside a network namespace, for the end-to-end scan test and
 * bench/scan: `ip netns exec <ns> node dist/sim/lan-runner.js '<spec JSON>'`. Prints one JSON line when
 * everything listens, and stops everything when its stdin closes or it gets SIGTERM.
 */
import {pathToFileURL} from 'node:url'

import {type AxeosProfile, type AxeosSim, createAxeosSim} from './axeos.js'
import type {SimDevice} from './device.js'
import {startHomeFleet} from './fleet.js'
import {type MdnsAdvert, type MdnsResponder, startMdnsResponder} from './mdns-responder.js'

export interface LanSpec {
  /** Extra AxeOS devices, one per address. */
  axeos?: Array<{host: string; profile: AxeosProfile}>
  /** Start the home fleet on `<base>.11` and up. */
  fleetHostBase?: string
  /** Advertise the AxeOS devices whose firmware has mDNS (2.15+, NerdQAxe) on this interface address. */
  mdnsInterface?: string
}

export interface RunningLan {
  devices: SimDevice[]
  stop(): Promise<void>
}

export async function startLan(spec: LanSpec): Promise<RunningLan> {
  const fleet = spec.fleetHostBase === undefined ? undefined : await startHomeFleet({hostBase: spec.fleetHostBase, ports: 'standard'})
  const extra = await Promise.all((spec.axeos ?? []).map(({host, profile}) => createAxeosSim({host, profile})))
  const devices = [...(fleet?.devices ?? []), ...extra]
  const adverts = devices.flatMap((device) => advertOf(device))
  const responder: MdnsResponder | undefined =
    spec.mdnsInterface === undefined ? undefined : await startMdnsResponder({adverts, interfaceAddress: spec.mdnsInterface})
  return {
    devices,
    async stop() {
      await responder?.stop()
      await fleet?.stop()
      await Promise.all(extra.map((device) => device.stop()))
    },
  }
}

/** What an AxeOS >= 2.15 or NerdQAxe device advertises (ESP-Miner mDNS, 2.15+); nothing for older firmware. */
export function advertOf(device: SimDevice): MdnsAdvert[] {
  if (device.driver !== 'axeos') return []
  const sim = device as AxeosSim
  const info = sim.info()
  const nerd = sim.profile.family === 'nerdqaxe'
  if (!nerd && !/^v?2\.(1[5-9]|[2-9]\d)/.test(String(info.version))) return []
  const hostname = String(info.hostname)
  const model = String(info.deviceModel ?? sim.profile.name)
  return [
    {
      axeos: true,
      hostname,
      instance: nerd ? hostname : `Bitaxe ${model} (${sim.mac.replaceAll(':', '').slice(-4).toUpperCase()})`,
      ip: device.address.host,
      port: device.address.httpPort,
      txt: {
        asic: String(info.ASICModel ?? ''),
        asic_count: String(info.asicCount ?? 1),
        board: String(info.boardVersion ?? ''),
        family: model,
        fw_version: String(info.version ?? ''),
      },
    },
  ]
}

async function main(): Promise<void> {
  const lan = await startLan(JSON.parse(process.argv[2] ?? '{}') as LanSpec)
  const stop = async () => {
    await lan.stop()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop())
  process.stdin.on('end', () => void stop())
  process.stdin.resume()
  process.stdout.write(
    `${JSON.stringify({devices: lan.devices.map((device) => ({driver: device.driver, host: device.address.host, mac: device.mac, name: device.name}))})}\n`,
  )
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
