/**
 * An HTTP proxy on loopback, as a runner behind a corporate proxy has one, for the tests of the
 * action's proxy support. Nothing it does leaves loopback:
 *
 * - `CONNECT host:port` (how a client reaches an https origin through a proxy) is answered 200
 *   and the tunnel is joined to `tunnelPort` on 127.0.0.1, whatever host was asked for: there a
 *   TLS server plays that host (see `startTlsFront`). The host asked for is never resolved.
 * - A request in absolute form (`GET http://127.0.0.1:…/…`, how a client reaches an http origin
 *   through a proxy) is forwarded only when its host is loopback; any other gets 502.
 *
 * Each CONNECT target and each forwarded request is recorded, so a test can tell that the
 * traffic went through the proxy and not around it.
 */
import { once } from 'node:events'
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { connect, type AddressInfo, type Server, type Socket } from 'node:net'

export interface LoopbackProxy {
  /** http://127.0.0.1:port, the value for https_proxy / HTTP_PROXY. */
  url: string
  /** `host:port` of each CONNECT, in order. */
  tunnels: string[]
  /** `METHOD url` of each request forwarded in absolute form, in order. */
  forwarded: string[]
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

export async function startLoopbackProxy(tunnelPort: number): Promise<LoopbackProxy> {
  const tunnels: string[] = []
  const forwarded: string[] = []
  const sockets = new Set<Socket>()
  const server = createHttpServer((incoming, outgoing) => {
    const target = new URL(incoming.url ?? '/', 'http://invalid')
    if (!LOOPBACK.has(target.hostname)) {
      outgoing.writeHead(502).end('this test proxy forwards to loopback only')
      return
    }
    forwarded.push(`${incoming.method} ${incoming.url}`)
    forward(incoming, outgoing, target.origin)
  })
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push(request.url ?? '')
    const upstream = connect(tunnelPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
  })
  const url = await listen(server)
  return {
    url,
    tunnels,
    forwarded,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await closeServer(server)
    }
  }
}

export interface TlsFront {
  port: number
  close(): Promise<void>
}

/**
 * A TLS server on loopback with the given certificate, which forwards every request to `target`
 * (the emulator) over plain HTTP: the https origin a proxy tunnel ends at.
 */
export async function startTlsFront(
  target: string,
  certificate: { certificatePem: string; privateKeyPem: string }
): Promise<TlsFront> {
  const server = createHttpsServer(
    { cert: certificate.certificatePem, key: certificate.privateKeyPem },
    (incoming, outgoing) => forward(incoming, outgoing, target)
  )
  const url = await listen(server)
  return { port: Number(new URL(url).port), close: () => closeServer(server) }
}

function forward(incoming: IncomingMessage, outgoing: ServerResponse, origin: string): void {
  const target = new URL(incoming.url ?? '/', origin)
  const upstream = httpRequest(
    new URL(`${target.pathname}${target.search}`, origin),
    { method: incoming.method, headers: incoming.headers },
    (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers)
      response.pipe(outgoing)
    }
  )
  upstream.on('error', () => outgoing.destroy())
  incoming.pipe(upstream)
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function closeServer(server: Server & { closeAllConnections(): void }): Promise<void> {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}
