/**
 * `serve --mqtt` against a real Mosquitto broker (Debian package `mosquitto`, started by the test on
 * 127.87.6.1 with a temporary config, anonymous, no persistence; always stopped): the exact Home
 * Assistant discovery configs, states and availability (topics, payloads, retained flags) a subscriber
 * sees, the last state when serve stops, and a device no longer served removed with empty retained
 * configs. Skipped when mosquitto is not installed.
 */
import {type ChildProcess, spawn, spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {connect} from 'node:net'
import {join} from 'node:path'

import {type MqttClient, connectAsync} from 'mqtt'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AvalonSim, createAvalonSim} from '../../src/sim/avalon.js'
import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {tempConfig} from '../helpers/cli.js'
import {PINNED_AXEOS_FIGURES, freePort, startServe, stopAll, stopProcess, waitHealthy} from './helpers.js'

const BROKER_HOST = '127.87.6.1'
const installed = spawnSync('mosquitto', ['-h'], {stdio: 'ignore'}).error === undefined

interface Message {
  payload: string
  retain: boolean
  topic: string
}

let broker: ChildProcess | undefined
let brokerLog = ''
let brokerUrl = ''
let gamma: AxeosSim
let nano: AvalonSim
let config: ReturnType<typeof tempConfig>
const subscribers: MqttClient[] = []

describe.skipIf(!installed)(`serve --mqtt with a real Mosquitto${installed ? '' : ' (skipped: mosquitto not installed; apt-get install mosquitto)'}`, () => {
  beforeAll(async () => {
    config = tempConfig()
    const port = await freePort(BROKER_HOST)
    const conf = join(config.dir, 'mosquitto.conf')
    writeFileSync(conf, [`listener ${port} ${BROKER_HOST}`, 'allow_anonymous true', 'persistence false', 'log_dest stderr', ''].join('\n'))
    broker = spawn('mosquitto', ['-c', conf], {stdio: ['ignore', 'ignore', 'pipe']})
    broker.stderr!.on('data', (chunk) => (brokerLog += chunk))
    await listening(BROKER_HOST, port)
    brokerUrl = `mqtt://${BROKER_HOST}:${port}`
    gamma = await createAxeosSim({host: '127.87.6.2', hostname: 'gamma', httpPort: 0, jitter: false, profile: 'axeos-2.13'})
    gamma.setTelemetry(PINNED_AXEOS_FIGURES)
    nano = await createAvalonSim({host: '127.87.6.3', httpPort: 0, profile: 'nano3s', rpcPort: 0})
  })

  afterAll(async () => {
    await stopAll()
    await Promise.all(subscribers.map((client) => client.endAsync()))
    await stopProcess(broker)
    await Promise.all([gamma?.stop(), nano?.stop()])
    config?.cleanup()
  })

  it('announces every device to Home Assistant, keeps its state and availability, and removes a device no longer served', async () => {
    const env = {...config.env, SOLOMINER_STATE_DIR: join(config.dir, 'state')}
    const target = (sim: AxeosSim | AvalonSim) => `${sim.address.host}:${sim.address.httpPort}`
    const common = ['--rpc-port', String(nano.address.rpcPort), '--interval', '1s', '--difficulty', '100T', '--mqtt', brokerUrl]
    let serve = await startServe([target(gamma), target(nano), '--listen', '127.87.6.10:0', ...common], env)
    await waitHealthy(serve)

    const node = `solominer_${gamma.mac.replaceAll(':', '')}`
    const messages = await subscribe()
    await until(() => last(messages, `solominer/${node}/state`) !== undefined && last(messages, 'solominer/solominer_02caaa003f53/state') !== undefined, messages)
    const device = {
      configuration_url: `http://127.87.6.2:${gamma.address.httpPort}/`,
      connections: [['mac', gamma.mac]],
      identifiers: [gamma.mac],
      manufacturer: 'Bitaxe',
      model: 'Gamma 601',
      name: 'gamma',
      sw_version: 'AxeOS v2.13.0',
    }
    const availability = [{topic: 'solominer/status'}, {topic: `solominer/${node}/availability`}]
    expect(last(messages, `homeassistant/sensor/${node}/hashrate/config`)).toEqual({
      payload: JSON.stringify({
        name: 'Hashrate',
        state_class: 'measurement',
        unit_of_measurement: 'TH/s',
        availability,
        availability_mode: 'all',
        device,
        object_id: `${node}_hashrate`,
        state_topic: `solominer/${node}/state`,
        unique_id: `${node}_hashrate`,
        value_template: '{{ value_json.hashrate }}',
      }),
      retain: true,
      topic: `homeassistant/sensor/${node}/hashrate/config`,
    })
    expect(JSON.parse(last(messages, `homeassistant/sensor/${node}/temperature/config`)!.payload)).toMatchObject({device_class: 'temperature', unit_of_measurement: '°C', value_template: '{{ value_json.temperature }}'})
    expect(JSON.parse(last(messages, `homeassistant/binary_sensor/${node}/block_found/config`)!.payload)).toEqual({
      availability,
      availability_mode: 'all',
      device,
      name: 'Block found',
      object_id: `${node}_block_found`,
      payload_off: 'OFF',
      payload_on: 'ON',
      state_topic: `solominer/${node}/block_found`,
      unique_id: `${node}_block_found`,
    })
    const configs = messages.filter((message) => message.topic.startsWith(`homeassistant/`) && message.topic.includes(node)).map((message) => message.topic)
    expect([...new Set(configs)].sort()).toEqual([
      `homeassistant/binary_sensor/${node}/block_found/config`,
      ...['best_difficulty', 'efficiency', 'fan', 'hashrate', 'power', 'shares_accepted', 'temperature', 'uptime'].map((object) => `homeassistant/sensor/${node}/${object}/config`),
    ])
    expect(last(messages, `solominer/${node}/state`)).toEqual({
      payload: JSON.stringify({bestDifficulty: 5e9, efficiency: 16.61, fanRpm: 4100, hashrate: 1.235, power: 20.5, sharesAccepted: 500, temperature: 61.5, uptimeSeconds: 7200}),
      retain: true,
      topic: `solominer/${node}/state`,
    })
    expect(last(messages, `solominer/${node}/availability`)).toMatchObject({payload: 'online', retain: true})
    // The Avalon reports a session best only: Home Assistant gets the all-time best serve keeps.
    await until(() => last(messages, 'solominer/solominer_02caaa003f53/state') !== undefined, messages)
    expect(JSON.parse(last(messages, 'solominer/solominer_02caaa003f53/state')!.payload).bestDifficulty).toBe(8_231_994)
    expect(last(messages, `solominer/${node}/block_found`)).toMatchObject({payload: 'OFF', retain: true})
    expect(last(messages, 'solominer/status')).toMatchObject({payload: 'online', retain: true})

    gamma.recordShare(2e14, {block: true})
    await until(() => last(messages, `solominer/${node}/block_found`)?.payload === 'ON', messages)

    expect(await serve.stop()).toBe(0)
    await until(() => last(messages, 'solominer/status')?.payload === 'offline', messages)

    // The Bitaxe is no longer served: Home Assistant is told to remove it (empty retained configs).
    serve = await startServe([target(nano), '--listen', '127.87.6.11:0', ...common], env)
    await until(() => last(messages, `homeassistant/sensor/${node}/hashrate/config`)?.payload === '', messages)
    await until(() => configs.every((topic) => last(messages, topic)?.payload === ''), messages)
    expect(last(messages, 'homeassistant/sensor/solominer_02caaa003f53/hashrate/config')!.payload).not.toBe('')
  }, 60_000)
})

async function subscribe(): Promise<Message[]> {
  const client = await connectAsync(brokerUrl, {clientId: 'solominer-test-subscriber'})
  subscribers.push(client)
  const messages: Message[] = []
  client.on('message', (topic, payload, packet) => messages.push({payload: payload.toString(), retain: packet.retain, topic}))
  await client.subscribeAsync(['homeassistant/#', 'solominer/#'], {qos: 1})
  return messages
}

function last(messages: Message[], topic: string): Message | undefined {
  return messages.findLast((message) => message.topic === topic)
}

async function until(condition: () => boolean, messages: Message[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms; topics: ${[...new Set(messages.map((m) => m.topic))].join(', ')}; broker: ${brokerLog}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}


async function listening(host: string, port: number): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host, () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${host}:${port}: ${brokerLog}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
