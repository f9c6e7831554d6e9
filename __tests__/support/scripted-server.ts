import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One scripted answer. A function receives the request, for answers that depend on it. */
export type Script = ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse)

export interface ScriptedResponse {
  /** Default 200. */
  status?: number
  headers?: Record<string, string>
  /** A string is sent as is; anything else as JSON. */
  body?: unknown
  /** Destroy the socket instead of answering (after `delayMs`). */
  dropConnection?: boolean
  /** Wait this long before answering. */
  delayMs?: number
}

export interface RecordedRequest {
  method: string
  /** Path and query, as sent. */
  url: string
  /** Lower-case names. */
  headers: Record<string, string>
  body: string
  /** Date.now() when the request had fully arrived. */
  receivedAt: number
}

export interface ScriptedServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string
  requests: RecordedRequest[]
  /** Queue answers, used in order; when the queue is empty the server answers 501. */
  enqueue(...scripts: Script[]): void
  /** Forgets the recorded requests and the unused scripts (between tests). */
  reset(): void
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void>
  close(): Promise<void>
}

/**
 * A loopback HTTP server that answers a queue of scripted responses and records every request:
 * real sockets for the transport's retries, timeouts and dropped connections.
 */
export async function startScriptedServer(): Promise<ScriptedServer> {
  const queue: Script[] = []
  const requests: RecordedRequest[] = []
  const waiters: { count: number; resolve: () => void }[] = []
  const timers = new Set<NodeJS.Timeout>()

  const answer = (res: ServerResponse, response: ScriptedResponse): void => {
    if (response.dropConnection) {
      res.socket?.destroy()
      return
    }
    const body =
      response.body === undefined
        ? ''
        : typeof response.body === 'string'
          ? response.body
          : JSON.stringify(response.body)
    const headers: Record<string, string> = {
      ...(typeof response.body === 'object' ? { 'content-type': 'application/json' } : {}),
      ...response.headers
    }
    res.writeHead(response.status ?? 200, headers)
    res.end(body)
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(', ') : (value ?? '')
          ])
        ),
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now()
      }
      requests.push(recorded)
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
      const script = queue.shift()
      const response: ScriptedResponse =
        script === undefined
          ? {
              status: 501,
              body: `no scripted response left for ${recorded.method} ${recorded.url}`
            }
          : typeof script === 'function'
            ? script(recorded)
            : script
      if (!response.delayMs) {
        answer(res, response)
        return
      }
      const timer = setTimeout(() => {
        timers.delete(timer)
        answer(res, response)
      }, response.delayMs)
      timers.add(timer)
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...scripts) => queue.push(...scripts),
    reset: () => {
      queue.length = 0
      requests.length = 0
    },
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve()))
      )
    }
  }
}
