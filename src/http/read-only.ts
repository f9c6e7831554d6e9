import type { HttpTransport } from './types.js'

/**
 * A transport that refuses every write: the safety net under `dry-run`, so that a write the
 * workflow forgot to skip fails loudly instead of changing Partner Center.
 */
export function readOnlyTransport(transport: HttpTransport): HttpTransport {
  return {
    send(request, signal) {
      if (request.method !== 'GET') {
        return Promise.reject(
          new Error(`dry-run: refused to send ${request.method} ${new URL(request.url).pathname}`)
        )
      }
      return transport.send(request, signal)
    }
  }
}
