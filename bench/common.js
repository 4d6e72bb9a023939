/**
 * What several benchmarks share: their command-line options and the simulated AxeOS fleet they read.
 * Every benchmark talks to its own simulators on 127.x only (the network guard, src/lib/net/guard.ts).
 */
process.env.SOLOMINER_NET_ALLOW ??= '127.0.0.0/8'

const args = process.argv.slice(2)

/** `--name VALUE` as given (a string), or `fallback` when absent. */
export function option(name, fallback) {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : args[index + 1]
}

/** `--name N` as a number, or `fallback` when absent. */
export const numberOption = (name, fallback) => Number(option(name, fallback))

/** First two octets of the loopback addresses a benchmark uses (`--net 127.83` keeps it in one /16). */
export const NET = option('net', '127.0')

/** True when `--name` is on the command line. */
export const hasFlag = (name) => args.includes(`--${name}`)

/**
 * `count` AxeOS 2.13 simulators, each on its own `${NET}.x.y` address and an ephemeral port, started 50 at a
 * time (hundreds of listens at once crowd the accept queue); `simOptions(host)` adds per-device options.
 */
export async function startAxeosFleet(count, simOptions = () => ({})) {
  const {createAxeosSim} = await import('../dist/sim/axeos.js')
  const hosts = Array.from({length: count}, (_, i) => `${NET}.${10 + Math.floor(i / 250)}.${1 + (i % 250)}`)
  const sims = []
  for (let i = 0; i < hosts.length; i += 50) {
    sims.push(...(await Promise.all(hosts.slice(i, i + 50).map((host) => createAxeosSim({host, httpPort: 0, profile: 'axeos-2.13', ...simOptions(host)})))))
  }
  return sims
}
