/**
 * Notifications from the built CLI to loopback receivers (127.87.5.x): the exact requests `notify test`
 * sends for each URL scheme, and `serve --notify` queueing events on disk while a receiver is down, then
 * delivering every one once it is back (across a restart of serve), in order, none twice.
 */
import {type IncomingHttpHeaders, type Server, createServer} from 'node:http'
import {join} from 'node:path'

import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {type AxeosSim, createAxeosSim} from '../../src/sim/axeos.js'
import {runCli, tempConfig} from '../helpers/cli.js'
import {startServe, stopAll, waitHealthy} from './helpers.js'

interface Received {
  body: string
  headers: IncomingHttpHeaders
  method: string
  url: string
}

interface Receiver {
  received: Received[]
  /** The status it answers with (e.g. 503 while "down"). */
  status: number
  stop(): Promise<void>
  url: string
}

async function startReceiver(host: string): Promise<Receiver> {
  const receiver: Receiver = {received: [], status: 200, stop: async () => {}, url: ''}
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      if (receiver.status < 300) receiver.received.push({body, headers: request.headers, method: request.method!, url: request.url!})
      response.writeHead(receiver.status, {'content-type': 'application/json'}).end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  receiver.url = `${host}:${(server.address() as {port: number}).port}`
  receiver.stop = () => new Promise((resolve) => server.close(() => resolve()))
  return receiver
}

let receivers: Receiver[] = []
let gamma: AxeosSim
let config: ReturnType<typeof tempConfig>

beforeAll(async () => {
  gamma = await createAxeosSim({host: '127.87.5.1', hostname: 'gamma', httpPort: 0, jitter: false, liveIntervalMs: 100, profile: 'axeos-2.15'})
  config = tempConfig()
})

afterEach(async () => {
  await stopAll()
  await Promise.all(receivers.splice(0).map((receiver) => receiver.stop()))
})

afterAll(async () => {
  await gamma?.stop()
  config?.cleanup()
})

describe('notifications', () => {
  it('notify test sends each scheme its request, and reports a receiver that is not there', async () => {
    const [hook, ntfy, discord, telegram] = (receivers = await Promise.all(['127.87.5.11', '127.87.5.12', '127.87.5.13', '127.87.5.14'].map(startReceiver)))
    const env = {...config.env, SOLOMINER_DISCORD_URL: `http://${discord!.url}`, SOLOMINER_NTFY_URL: `http://${ntfy!.url}`, SOLOMINER_TELEGRAM_URL: `http://${telegram!.url}`}
    const urls = [`json://${hook!.url}/hook`, 'ntfy://my-miners', 'discord://1234/webhook-token', 'tgram://123456:ABC-def/987654', 'json://127.87.5.15:9/nobody']
    const result = await runCli(['notify', 'test', ...urls.flatMap((url) => ['--notify', url]), '--json'], {env})
    expect(result.code).toBe(6)
    expect(result.json.results).toEqual([
      {ok: true, status: 200, target: `json://${hook!.url}/…`},
      // A bare ntfy topic is a secret too (anyone who knows it reads the messages).
      {ok: true, status: 200, target: 'ntfy://…'},
      {ok: true, status: 200, target: 'discord://…'},
      {ok: true, status: 200, target: 'tgram://…'},
      {error: expect.stringContaining('127.87.5.15'), ok: false, target: 'json://127.87.5.15:9/…'},
    ])
    const [posted] = hook!.received
    expect(posted).toMatchObject({headers: {'content-type': 'application/json'}, method: 'POST', url: '/hook'})
    const event = JSON.parse(posted!.body)
    expect(event).toEqual({at: expect.any(String), data: {}, device: null, event: 'test', id: `test:${event.at}`, message: 'solominer test notification: serve can reach you here', seq: 0})
    expect(ntfy!.received).toEqual([
      expect.objectContaining({body: 'solominer test notification: serve can reach you here', headers: expect.objectContaining({priority: '3', title: 'solominer: test'}), method: 'POST', url: '/my-miners'}),
    ])
    expect(discord!.received.map(({body, url}) => ({body: JSON.parse(body), url}))).toEqual([
      {body: {content: 'solominer test notification: serve can reach you here', username: 'solominer'}, url: '/api/webhooks/1234/webhook-token'},
    ])
    expect(telegram!.received.map(({body, url}) => ({body: JSON.parse(body), url}))).toEqual([
      {body: {chat_id: '987654', text: 'solominer test notification: serve can reach you here'}, url: '/bot123456:ABC-def/sendMessage'},
    ])
    // Secrets never reach the output.
    expect(result.stdout).not.toContain('webhook-token')
    expect(result.stdout).not.toContain('ABC-def')

    const bad = await runCli(['notify', 'test', '--notify', 'smtp://mail.example/x', '--json'], {env})
    expect(bad.code).toBe(2)
    expect(bad.json.error.message).toBe('Invalid --notify URL (smtp://mail.example/…): unknown scheme "smtp"')
  })

  it('keeps notify.urls and mqtt.url as settings, shown and reported without their secrets', async () => {
    const [hook] = (receivers = await Promise.all(['127.87.5.16'].map(startReceiver)))
    const settings = tempConfig()
    try {
      // The Telegram API "is down" (nothing listens there): the delivery error must not carry the bot token.
      const env = {...settings.env, SOLOMINER_TELEGRAM_URL: 'http://127.87.5.17:9'}
      const urls = `json://${hook!.url}/hook tgram://123456:SECRET-token/987654 ntfy://alice:hunter2@127.87.5.18:9/topic`
      expect((await runCli(['settings', 'set', 'notify.urls', urls], {env})).code).toBe(0)
      expect((await runCli(['settings', 'set', 'mqtt.url', 'mqtt://ha:hunter2@127.87.5.19:1883'], {env})).code).toBe(0)
      const listed = await runCli(['settings', 'list', '--json'], {env})
      const value = (key: string) => listed.json.settings.find((setting: {key: string}) => setting.key === key)
      expect(value('notify.urls')).toMatchObject({secret: true, set: true, value: `json://${hook!.url}/… tgram://… ntfy://127.87.5.18:9/…`})
      expect(value('mqtt.url')).toMatchObject({secret: true, set: true, value: 'mqtt://127.87.5.19:1883'})
      const human = await runCli(['settings', 'list'], {env})
      for (const output of [listed.stdout, human.stdout]) {
        expect(output).not.toContain('SECRET-token')
        expect(output).not.toContain('hunter2')
      }

      // notify test without --notify uses the setting.
      const result = await runCli(['notify', 'test', '--json'], {env})
      expect(result.code).toBe(6)
      expect(result.json.results).toEqual([
        {ok: true, status: 200, target: `json://${hook!.url}/…`},
        {error: expect.any(String), ok: false, target: 'tgram://…'},
        {error: expect.any(String), ok: false, target: 'ntfy://127.87.5.18:9/…'},
      ])
      expect(hook!.received).toHaveLength(1)
      for (const output of [result.stdout, result.stderr]) {
        expect(output).not.toContain('SECRET-token')
        expect(output).not.toContain('hunter2')
      }

      const bad = await runCli(['settings', 'set', 'notify.urls', 'smtp://alice:hunter2@mail.example/x'], {env})
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain('"smtp://mail.example/…" is not a notify URL')
      expect(bad.stderr).not.toContain('hunter2')
      expect((await runCli(['settings', 'set', 'mqtt.url', 'http://127.87.5.19'], {env})).code).toBe(2)
      expect((await runCli(['notify', 'test'], {env: config.env})).code).toBe(2)
    } finally {
      settings.cleanup()
    }
  })

  it('serve queues events on disk while a receiver is down and delivers each once, in order, when it is back', async () => {
    const [hook, ntfy] = (receivers = await Promise.all(['127.87.5.21', '127.87.5.22'].map(startReceiver)))
    hook!.status = 503
    const env = {...config.env, SOLOMINER_STATE_DIR: join(config.dir, 'state')}
    const args = [`${gamma.address.host}:${gamma.address.httpPort}`, '--listen', '127.87.5.10:0', '--interval', '1s', '--difficulty', '100T']
    const notify = ['--notify', `json://${hook!.url}/hook`, '--notify', `ntfy://${ntfy!.url}/miners`]
    let serve = await startServe([...args, ...notify], env)
    await waitHealthy(serve)
    gamma.recordShare(2e14, {block: true})
    await serve.waitFor((event) => event.event === 'block-found')
    gamma.recordShare(3e14, {block: true})
    await serve.waitFor((event) => event.event === 'block-found' && event.data.blocksFound === 2)
    // The second block's best-difficulty event is printed right after its block-found line.
    const deviceEvents = () => serve.events.filter((event) => event.device !== null)
    await until(() => deviceEvents().length >= 4)
    const raised = deviceEvents()
    expect(raised.map((event) => event.event)).toEqual(['block-found', 'best-difficulty', 'block-found', 'best-difficulty'])
    // A dead receiver does not hold the other one up, and is named (redacted) on stderr.
    await until(() => ntfy!.received.length === 4)
    expect(ntfy!.received.map((request) => request.headers.priority)).toEqual(['5', '3', '5', '3'])
    await until(() => serve.stderr().includes(`Warning: notify json://${hook!.url}/…: HTTP 503`))
    expect(await serve.stop()).toBe(0)
    expect(hook!.received).toEqual([])

    // Back up, and serve started again: the queue saved on disk is delivered.
    hook!.status = 200
    serve = await startServe([...args, ...notify], env)
    await until(() => hook!.received.length === 4)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(hook!.received.map((request) => JSON.parse(request.body))).toEqual(raised)
    expect(ntfy!.received).toHaveLength(4)
  }, 60_000)
})

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
