/**
 * Home Assistant over MQTT (--mqtt mqtt://user:pass@host:1883): MQTT discovery configs (retained) so each
 * miner appears as a device with sensors and a "block found" binary sensor, with no YAML; a state topic
 * per device (retained JSON of its last reading); availability per device and for serve itself (a last
 * will marks serve offline if it dies). Devices served before but not now get an empty retained config,
 * which removes them from Home Assistant. Uses the `mqtt` package, loaded only when --mqtt is given.
 */
import type {MqttClient} from 'mqtt'

import type {AppContext} from '../context.js'
import {SolominerError, errorMessage, invalidInput} from '../errors.js'
import {assertNetworkAllowed} from '../net/guard.js'
import {validateMqttUrl} from '../settings/store.js'
import type {DeviceStatusRow} from '../status/service.js'
import {redactUrl, redactUrls} from '../text/redact.js'
import {sanitizeText} from '../text/sanitize.js'

export const DISCOVERY_PREFIX = 'homeassistant'
export const TOPIC_ROOT = 'solominer'
export const SERVE_STATUS_TOPIC = `${TOPIC_ROOT}/status`

interface SensorSpec {
  device_class?: string
  name: string
  state_class?: string
  unit_of_measurement?: string
  /** Field of the state JSON. */
  value: string
}

/** The sensors each miner gets (the state JSON carries the same fields, in these units). */
const SENSORS: Record<string, SensorSpec> = {
  best_difficulty: {name: 'Best difficulty', state_class: 'measurement', value: 'bestDifficulty'},
  efficiency: {name: 'Efficiency', state_class: 'measurement', unit_of_measurement: 'J/TH', value: 'efficiency'},
  fan: {name: 'Fan', state_class: 'measurement', unit_of_measurement: 'RPM', value: 'fanRpm'},
  hashrate: {name: 'Hashrate', state_class: 'measurement', unit_of_measurement: 'TH/s', value: 'hashrate'},
  power: {device_class: 'power', name: 'Power', state_class: 'measurement', unit_of_measurement: 'W', value: 'power'},
  shares_accepted: {name: 'Accepted shares', state_class: 'total_increasing', value: 'sharesAccepted'},
  temperature: {device_class: 'temperature', name: 'Temperature', state_class: 'measurement', unit_of_measurement: '°C', value: 'temperature'},
  uptime: {device_class: 'duration', name: 'Uptime', state_class: 'measurement', unit_of_measurement: 's', value: 'uptimeSeconds'},
}

export interface HomeAssistantLink {
  close(): Promise<void>
  /** Publishes discovery (once per device) and the state of these readings. */
  publish(rows: DeviceStatusRow[]): Promise<void>
  /** Removes from Home Assistant the devices (node ids) not served any more. */
  forget(nodeIds: string[]): Promise<void>
}

/**
 * The broker URL of --mqtt or the mqtt.url setting (`source` names which, in the error): mqtt:// or
 * mqtts://, a host; the password never appears in errors.
 */
export function parseMqttUrl(text: string, source = '--mqtt'): URL {
  try {
    return new URL(validateMqttUrl(text))
  } catch (error) {
    throw invalidInput(`Invalid ${source} URL (${redactUrl(text)}): ${errorMessage(error)}`, 'e.g. --mqtt mqtt://homeassistant.local:1883')
  }
}

/** The node id of a device in topics: its MAC without colons, else its address. */
export function nodeId(row: Pick<DeviceStatusRow, 'httpPort' | 'ip' | 'mac'>): string {
  return `solominer_${(row.mac ?? `${row.ip}_${row.httpPort}`).replaceAll(/[^0-9a-zA-Z]/g, '')}`
}

export async function connectHomeAssistant(url: URL, ctx: AppContext): Promise<HomeAssistantLink> {
  assertNetworkAllowed(url.hostname)
  const {connectAsync} = await import('mqtt')
  let client: MqttClient
  try {
    // No retries for the first connection: a wrong address fails at start; later drops are reconnected.
    client = await connectAsync(
      url.toString(),
      {
        clientId: `solominer-serve-${process.pid}`,
        connectTimeout: ctx.timeoutMs,
        reconnectPeriod: 5000,
        will: {payload: Buffer.from('offline'), qos: 1, retain: true, topic: SERVE_STATUS_TOPIC},
      },
      false,
    )
  } catch (error) {
    throw new SolominerError('HOST_UNREACHABLE', `Cannot connect to the MQTT broker ${url.protocol}//${url.host}: ${redactUrls(errorMessage(error))}`, {
      cause: error,
      suggestions: ['Check the broker address, port, user and password in --mqtt'],
    })
  }
  const retained = (topic: string, payload: string) => client.publishAsync(topic, payload, {qos: 1, retain: true}).then(() => undefined)
  await retained(SERVE_STATUS_TOPIC, 'online')
  const announced = new Set<string>()

  return {
    async close() {
      await retained(SERVE_STATUS_TOPIC, 'offline').catch(() => {})
      await client.endAsync()
    },
    async forget(nodeIds) {
      for (const node of nodeIds) {
        const topics = [...Object.keys(SENSORS).map((object) => `${DISCOVERY_PREFIX}/sensor/${node}/${object}/config`), `${DISCOVERY_PREFIX}/binary_sensor/${node}/block_found/config`]
        await Promise.all(topics.map((topic) => retained(topic, '')))
      }
    },
    async publish(rows) {
      for (const row of rows) {
        const node = nodeId(row)
        if (!announced.has(node) && row.ok) {
          await Promise.all(discovery(row).map(([topic, config]) => retained(topic, JSON.stringify(config))))
          announced.add(node)
        }
        await retained(`${TOPIC_ROOT}/${node}/availability`, row.ok ? 'online' : 'offline')
        if (!row.ok) continue
        await retained(`${TOPIC_ROOT}/${node}/state`, JSON.stringify(stateOf(row)))
        await retained(`${TOPIC_ROOT}/${node}/block_found`, (row.blocksFound ?? 0) > 0 ? 'ON' : 'OFF')
      }
    },
  }
}

/** The retained discovery configs of one device: [topic, payload]. */
export function discovery(row: DeviceStatusRow): [string, Record<string, unknown>][] {
  const node = nodeId(row)
  const device = {
    configuration_url: `http://${row.ip}${row.httpPort === 80 ? '' : `:${row.httpPort}`}/`,
    ...(row.mac ? {connections: [['mac', row.mac]]} : {}),
    identifiers: [row.mac ?? node],
    manufacturer: sanitizeText(row.make ?? 'unknown'),
    model: sanitizeText(row.model ?? 'unknown'),
    name: sanitizeText(row.alias ?? row.hostname ?? row.ip),
    sw_version: sanitizeText([row.firmware, row.firmwareVersion].filter(Boolean).join(' ')),
  }
  const availability = {availability: [{topic: SERVE_STATUS_TOPIC}, {topic: `${TOPIC_ROOT}/${node}/availability`}], availability_mode: 'all'}
  const sensors = Object.entries(SENSORS).map(([object, {value, ...spec}]): [string, Record<string, unknown>] => [
    `${DISCOVERY_PREFIX}/sensor/${node}/${object}/config`,
    {...spec, ...availability, device, object_id: `${node}_${object}`, state_topic: `${TOPIC_ROOT}/${node}/state`, unique_id: `${node}_${object}`, value_template: `{{ value_json.${value} }}`},
  ])
  const blockFound: [string, Record<string, unknown>] = [
    `${DISCOVERY_PREFIX}/binary_sensor/${node}/block_found/config`,
    {...availability, device, name: 'Block found', object_id: `${node}_block_found`, payload_off: 'OFF', payload_on: 'ON', state_topic: `${TOPIC_ROOT}/${node}/block_found`, unique_id: `${node}_block_found`},
  ]
  return [...sensors, blockFound]
}

/** The state JSON: canonical units but hashrate in TH/s (what Home Assistant users read). */
function stateOf(row: DeviceStatusRow): Record<string, number | null> {
  return {
    bestDifficulty: row.bestDifficulty,
    efficiency: row.efficiency,
    fanRpm: row.fanRpm,
    hashrate: row.hashrate === null ? null : Math.round(row.hashrate / 1e9) / 1000,
    power: row.power,
    sharesAccepted: row.sharesAccepted,
    temperature: row.temperature,
    uptimeSeconds: row.uptimeSeconds,
  }
}
