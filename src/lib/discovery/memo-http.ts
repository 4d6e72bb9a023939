/**
 * Identifying one host asks the same read-only URL several times: AxeOS `/api/system/info` is the
 * second-chance question of identification, then the driver's describe reads it, then readStatus reads
 * it again for the hashrate. A context whose plain GETs are answered once per URL and headers spares the
 * small embedded web server the repeats (a scan of 400 Bitaxes sends 400 requests fewer per repeat).
 * Meant for one host and one short task: nothing expires.
 */
import type {AppContext} from '../context.js'
import type {HttpRequest, HttpResponse} from '../net/http.js'

export function withMemoisedGets(ctx: AppContext): AppContext {
  const answers = new Map<string, Promise<HttpResponse>>()
  const request = (req: HttpRequest): Promise<HttpResponse> => {
    // Authenticated or bodied requests may have effects or depend on a challenge: always sent.
    if ((req.method ?? 'GET') !== 'GET' || req.body !== undefined || req.auth !== undefined) return ctx.http.request(req)
    const key = `${req.url} ${JSON.stringify(Object.entries(req.headers ?? {}).sort())}`
    const known = answers.get(key)
    if (known) return known
    const answer = ctx.http.request(req)
    answers.set(key, answer)
    // A failure is not remembered: the next caller asks again, with its own timeout.
    answer.catch(() => answers.delete(key))
    return answer
  }
  return {...ctx, http: {...ctx.http, request}}
}
