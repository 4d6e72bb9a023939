/** A host that answers, but not as a miner: it says an SSH banner and hangs up, like many non-miner services. */
import {type AddressInfo, createServer} from 'node:net'

export async function startNotAMiner(host: string): Promise<{close(): Promise<void>; port: number}> {
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy())
    socket.end('SSH-2.0-OpenSSH_9.6\r\n', () => socket.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    port: (server.address() as AddressInfo).port,
  }
}
