/**
 * The trust boundary against a misbehaving server: the scripted loopback server answers what an
 * attacker in the middle (or a compromised proxy) would, and the tests check that no credential
 * leaves its origin, no size is unbounded, and no failure the run caused itself is retried.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { UnexpectedIdError } from '../../../src/boundary/ids.js'
import {
  MAX_RESPONSE_BYTES,
  RedirectRefusedError,
  ResponseRefusedError
} from '../../../src/boundary/responses.js'
import { createTokenProvider } from '../../../src/auth/index.js'
import { createHttpTransport, type DisposableHttpTransport } from '../../../src/http/transport.js'
import { PartnerCenterClient } from '../../../src/partner-center/client.js'
import { recordingLogger } from '../../support/recording-logger.js'
import { startScriptedServer, type ScriptedServer } from '../../support/scripted-server.js'

const PRODUCT = 'd12d2ea1-1fe4-4152-8b5e-c7ab22b70c7f'
const SECRET = 'client~secret value!'
const TOKEN = 'eyJ0eXAiOi.hostile-test-token.sig'

let server: ScriptedServer
/** Where a redirect points: it must never see a request. */
let elsewhere: ScriptedServer
const transports: DisposableHttpTransport[] = []

function transport(timeoutMs?: number) {
  const logger = recordingLogger()
  const created = createHttpTransport({
    userAgent: 'boundary-test/1.0',
    logger,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 },
    timeoutMs
  })
  transports.push(created)
  return { transport: created, logger }
}

function client(baseUrl = server.url) {
  const { transport: t, logger } = transport()
  const pc = new PartnerCenterClient({
    baseUrl,
    transport: t,
    logger,
    getToken: () => Promise.resolve(TOKEN)
  })
  return { pc, logger }
}

beforeAll(async () => {
  server = await startScriptedServer()
  elsewhere = await startScriptedServer()
})

afterEach(() => {
  server.reset()
  elsewhere.reset()
  for (const t of transports.splice(0)) t.dispose()
})

afterAll(async () => {
  await server.close()
  await elsewhere.close()
})

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])(
    'a %i from the token endpoint is an error naming the call and the target; the form is not resent',
    async (status) => {
      server.enqueue({
        status,
        headers: { location: `${elsewhere.url}/steal?x=1` }
      })
      const { transport: t, logger } = transport()
      const tokens = createTokenProvider({
        loginUrl: server.url,
        tenantId: 'contoso.onmicrosoft.com',
        clientId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
        credential: { kind: 'client-secret', secret: SECRET },
        transport: t,
        logger
      })
      const failure = tokens.getToken().then(
        () => undefined,
        (error: Error) => error
      )
      const error = await failure
      expect(error?.message).toContain(
        `POST /contoso.onmicrosoft.com/oauth2/v2.0/token on ${new URL(server.url).host} answered ${status}`
      )
      expect(error?.message).toContain(`a redirect to ${elsewhere.url}/steal`)
      expect(error?.message).not.toContain('x=1')
      expect(server.requests).toHaveLength(1)
      expect(elsewhere.requests).toHaveLength(0)
      expect(logger.text()).not.toMatch(/retrying/)
    }
  )

  it('a Partner Center call redirected to the same host on another port sends no bearer token there', async () => {
    server.enqueue({ status: 302, headers: { location: `${elsewhere.url}/v1.0/ingestion/x` } })
    const { pc } = client()
    await expect(pc.getProduct(PRODUCT)).rejects.toThrow(RedirectRefusedError)
    expect(elsewhere.requests).toHaveLength(0)
    expect(server.requests).toHaveLength(1)
  })

  it('a next-page link to another origin is not followed with the token', async () => {
    server.enqueue({ body: { value: [], nextLink: `${elsewhere.url}/v1.0/ingestion/products` } })
    const { pc } = client()
    await expect(pc.listSubmissions(PRODUCT)).rejects.toThrow(/another host/)
    expect(elsewhere.requests).toHaveLength(0)
  })
})

describe('ids in paths', () => {
  it.each(['..', '.', '../..', 'x/../..', '%2e%2e'])(
    'a submission id %j never turns a cancel into a call on another path',
    async (submissionId) => {
      const { pc } = client()
      await expect(pc.deleteSubmission(PRODUCT, submissionId)).rejects.toThrow(UnexpectedIdError)
      expect(server.requests).toHaveLength(0)
    }
  )
})

describe('limits', () => {
  it('a body announced larger than the limit is refused at once, naming the call', async () => {
    server.enqueue({
      status: 200,
      headers: { 'content-length': String(MAX_RESPONSE_BYTES + 1) },
      dropConnection: false,
      body: 'x'.repeat(MAX_RESPONSE_BYTES + 1)
    })
    const { pc } = client()
    const error = await pc.getProduct(PRODUCT).catch((caught: Error) => caught)
    expect(error).toBeInstanceOf(ResponseRefusedError)
    expect((error as Error).message).toContain(`GET /v1.0/ingestion/products/${PRODUCT}`)
    expect((error as Error).message).toContain(`larger than ${MAX_RESPONSE_BYTES} bytes`)
  })

  it('a refused body leaves nothing of its attempt behind: its socket is closed and no timer is left', async () => {
    const closed: Promise<void>[] = []
    const oversized: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(MAX_RESPONSE_BYTES + 1) })
      res.end('x'.repeat(MAX_RESPONSE_BYTES + 1))
    })
    oversized.on('connection', (socket: Socket) => {
      closed.push(new Promise((resolve) => socket.once('close', () => resolve())))
    })
    await new Promise<void>((resolve) => oversized.listen(0, '127.0.0.1', resolve))
    // Only the timers are fake (the sockets and their ticks stay real), to count what is left.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
    try {
      const { pc } = client(`http://127.0.0.1:${(oversized.address() as AddressInfo).port}`)
      await expect(pc.getProduct(PRODUCT)).rejects.toThrow(ResponseRefusedError)
      // The keep-alive socket is destroyed, not returned to the pool (the server sees it close),
      await Promise.all(closed)
      await new Promise((resolve) => setImmediate(resolve))
      // and a chunk the socket had buffered re-arms no idle timeout after the refusal.
      expect(jest.getTimerCount()).toBe(0)
    } finally {
      jest.useRealTimers()
      oversized.closeAllConnections()
      await new Promise<void>((resolve) => oversized.close(() => resolve()))
    }
  })

  it('an endless body is cut at the limit instead of filling memory', async () => {
    let sent = 0
    const endless: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
    })
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}`
      const { pc } = client(url)
      await expect(pc.getProduct(PRODUCT)).rejects.toThrow(ResponseRefusedError)
      // Socket buffers let a little more through than was read, never the 100 MiB/s of before.
      expect(sent).toBeLessThan(MAX_RESPONSE_BYTES * 4)
    } finally {
      endless.closeAllConnections()
      await new Promise<void>((resolve) => endless.close(() => resolve()))
    }
  })

  it('malformed JSON is an error naming the call, without quoting the body', async () => {
    server.enqueue({ status: 200, body: `{"id": "${TOKEN}", ` })
    const { pc } = client()
    const error = await pc.getProduct(PRODUCT).catch((caught: Error) => caught)
    expect(error).toBeInstanceOf(ResponseRefusedError)
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Partner Center answered GET /v1.0/ingestion/products/${PRODUCT} on 127\\.0\\.0\\.1:\\d+ with a body that is not valid JSON`
      )
    )
    expect((error as Error).message).not.toContain(TOKEN)
  })

  it('a response that stalls fails after the idle timeout, a bounded number of times', async () => {
    server.enqueue({ delayMs: 5000, body: {} }, { delayMs: 5000, body: {} })
    const { transport: t, logger } = transport(200)
    await expect(
      t.send({ method: 'GET', url: `${server.url}/stalled`, idempotent: true })
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('nothing arrived for 0.2 s')
    })
    expect(server.requests).toHaveLength(2)
    expect(logger.lines.filter((line) => /retrying/.test(line.message))).toHaveLength(1)
  })

  it('a body that keeps arriving is not cut by the idle timeout', async () => {
    const slow: Server = createServer((_req, res) => {
      res.writeHead(200)
      let left = 5
      const tick = setInterval(() => {
        res.write('x')
        if (--left === 0) {
          clearInterval(tick)
          res.end()
        }
      }, 100)
    })
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow`
      const { transport: t } = transport(300)
      const response = await t.send({ method: 'GET', url, idempotent: true })
      expect(response.body).toBe('xxxxx')
    } finally {
      slow.closeAllConnections()
      await new Promise<void>((resolve) => slow.close(() => resolve()))
    }
  })

  it('a body trickled forever is cut at the attempt deadline, a bounded number of times', async () => {
    let requests = 0
    const trickle: Server = createServer((_req, res) => {
      requests++
      res.writeHead(200)
      const tick = setInterval(() => res.write('x'), 50)
      res.on('close', () => clearInterval(tick))
    })
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}/trickle`
      const { transport: t } = transport(200)
      await expect(t.send({ method: 'GET', url, idempotent: true })).rejects.toMatchObject({
        code: 'TIMEOUT',
        message: expect.stringContaining('did not finish within 0.8 s')
      })
      expect(requests).toBe(2)
    } finally {
      trickle.closeAllConnections()
      await new Promise<void>((resolve) => trickle.close(() => resolve()))
    }
  })

  it('a request cut because the run disposed the transport is not retried nor logged as retrying', async () => {
    server.enqueue({ delayMs: 5000, body: {} })
    const { transport: t, logger } = transport()
    const pending = t.send({ method: 'GET', url: `${server.url}/slow`, idempotent: true })
    await server.waitForRequests(1)
    t.dispose()
    await expect(pending).rejects.toMatchObject({ name: 'NetworkError' })
    expect(server.requests).toHaveLength(1)
    expect(logger.text()).not.toMatch(/retrying/)
  })
})
