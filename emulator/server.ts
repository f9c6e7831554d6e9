import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { BlobStore } from './blob-store.js'
import type { EntraTokenEndpoint } from './entra/token-endpoint.js'
import type { FaultInjector } from './faults.js'
import type { GithubOidc } from './github-oidc.js'
import { readBody, sendEmpty } from './http-util.js'
import type { IngestionRouter } from './ingestion/router.js'
import { ProductIngestionRoutes } from './product-ingestion.js'
import type { FaultRule, RecordedRequest } from './types.js'

export interface ServerParts {
  latencyMs: number
  requests: RecordedRequest[]
  faults: FaultInjector
  entra: EntraTokenEndpoint
  github: GithubOidc
  blobs: BlobStore
  ingestion: IngestionRouter
  productIngestion: ProductIngestionRoutes
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const TOKEN_V1 = /^\/([^/]+)\/oauth2\/token$/i
const TOKEN_V2 = /^\/([^/]+)\/oauth2\/v2\.0\/token$/i

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? '')
    ])
  )
}

/** Destroys the connection; for a request with a body, only once part of it has arrived. */
function dropConnection(req: IncomingMessage): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  if (!hasBody) {
    req.socket.destroy()
    return
  }
  req.once('data', () => req.socket.destroy())
  req.once('end', () => req.socket.destroy())
}

function answerFault(req: IncomingMessage, res: ServerResponse, rule: FaultRule): void {
  req.resume()
  const body = rule.body ?? ''
  res.writeHead(rule.status!, { 'content-length': Buffer.byteLength(body), ...rule.headers })
  res.end(body)
}

/** The one HTTP server: request log, latency, faults, then routing by path family. */
export function createEmulatorServer(parts: ServerParts): Server {
  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    record: RecordedRequest
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator')
    const pathname = record.path
    const method = (req.method ?? 'GET').toUpperCase()
    if (/^\/blob\//i.test(pathname)) return parts.blobs.handle(req, res, pathname, url.searchParams)

    const body = await readBody(req)
    record.body = body
    if (/^\/github\/idtoken$/i.test(pathname) && method === 'GET')
      return parts.github.handle(req, res, url.searchParams)
    const v1 = TOKEN_V1.exec(pathname)
    if (v1 && method === 'POST') return parts.entra.handle(res, body, v1[1], 'v1')
    const v2 = TOKEN_V2.exec(pathname)
    if (v2 && method === 'POST') return parts.entra.handle(res, body, v2[1], 'v2')
    if (/^\/v1\.0\/ingestion\//i.test(pathname))
      return parts.ingestion.handle(req, res, pathname, url.searchParams, body)
    if (ProductIngestionRoutes.matches(pathname))
      return parts.productIngestion.handle(req, res, pathname, url.searchParams)
    sendEmpty(res, 404)
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator')
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: safeDecode(url.pathname),
      query: url.search.replace(/^\?/, ''),
      headers: flattenHeaders(req),
      body: '',
      status: 0,
      receivedAt: Date.now()
    }
    parts.requests.push(record)
    res.on('finish', () => (record.status = res.statusCode))
    res.on('close', () => (record.status ||= res.statusCode))
    res.setHeader('request-id', randomUUID())

    const run = async (): Promise<void> => {
      if (parts.latencyMs > 0) await sleep(parts.latencyMs)
      const rule = parts.faults.fire(record.method, record.path)
      if (rule?.delayMs) {
        // A client that gives up on a hung request (or the emulator closing) ends the delay: the
        // request is then not served, and nothing is left running after a test.
        await delayUnlessClosed(req, rule.delayMs)
        if (req.socket.destroyed) return
      }
      if (rule?.dropConnection) return dropConnection(req)
      if (rule?.status !== undefined) return answerFault(req, res, rule)
      if (rule?.dropResponse) loseAnswer(req, res)
      await route(req, res, record)
    }
    run().catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      const body = JSON.stringify(`ICH50500 - Internal emulator error. ${String(error)}`)
      res.writeHead(500, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body)
      })
      res.end(body)
    })
  })
}

/**
 * The request is handled in full (a package or a submission really is created), but the answer
 * never arrives: the ambiguous failure after which a client must look before it creates again.
 */
function loseAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.write = (): boolean => {
    req.socket.destroy()
    return false
  }
  res.end = (): ServerResponse => {
    req.socket.destroy()
    return res
  }
}

function delayUnlessClosed(req: IncomingMessage, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      req.socket.removeListener('close', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    req.socket.once('close', done)
  })
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}
