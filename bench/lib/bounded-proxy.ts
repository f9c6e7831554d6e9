/**
 * A loopback proxy that forwards at most `limit` requests at a time to `target` and queues the
 * rest in order. Put in front of the emulator, it shows what bounded concurrency would cost the
 * action before the action has it: queueing in the proxy delays a call exactly as a client-side
 * limiter would.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface BoundedProxy {
  url: string
  close(): Promise<void>
}

export async function startBoundedProxy(target: string, limit: number): Promise<BoundedProxy> {
  const waiting: (() => void)[] = []
  let inFlight = 0
  const acquire = async (): Promise<void> => {
    if (inFlight < limit) inFlight++
    else await new Promise<void>((resolve) => waiting.push(resolve))
  }
  // A queued request takes over the slot of the one that finished.
  const release = (): void => {
    const next = waiting.shift()
    if (next) next()
    else inFlight--
  }
  const server = createServer((incoming, outgoing) => {
    void acquire().then(() => {
      let released = false
      const done = (): void => {
        if (released) return
        released = true
        release()
      }
      const upstream = httpRequest(
        new URL(incoming.url ?? '/', target),
        { method: incoming.method, headers: incoming.headers },
        (response: IncomingMessage) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers)
          response.pipe(outgoing)
          response.on('end', done)
        }
      )
      upstream.on('error', () => {
        done()
        outgoing.destroy()
      })
      outgoing.on('close', done)
      incoming.pipe(upstream)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
