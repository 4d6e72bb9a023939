/**
 * FutureBit Apollo simulator, for identification: its web UI answers `GET /` with a 308 to /overview
 * (FutureBit apolloapi-v2) and serves the dashboard page there.
 */
import type {SimDevice, SimOptions} from './device.js'
import {HttpSim, type SimResponse} from './http-sim.js'

export interface ApolloSim extends SimDevice {
  http: HttpSim
}

export async function createApolloSim(options: SimOptions): Promise<ApolloSim> {
  const http = new HttpSim({host: options.host, port: options.httpPort ?? 0}, (request): SimResponse => {
    if (request.path === '/') return {headers: {location: '/overview'}, status: 308}
    if (request.path === '/overview') {
      return {body: '<!DOCTYPE html><html><head><title>Apollo Web</title></head><body><div id="root"></div></body></html>', headers: {'content-type': 'text/html'}, status: 200}
    }
    return {body: 'Not Found', status: 404}
  })
  const device: ApolloSim = {
    get address() {
      return {host: options.host, httpPort: http.port, rpcPort: options.rpcPort ?? 4028}
    },
    driver: 'apollo',
    http,
    get journals() {
      return [http.journal]
    },
    mac: (options.mac ?? '02:00:f0:00:00:01').toLowerCase(),
    name: 'FutureBit Apollo',
    start: () => http.start(),
    stop: () => http.stop(),
  }
  await device.start()
  return device
}
