import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:net'
import { NetworkError } from '../../../src/http/errors.js'
import type { RetryPolicy } from '../../../src/http/retry-policy.js'
import { createHttpTransport, type DisposableHttpTransport } from '../../../src/http/transport.js'
import type { HttpRequest } from '../../../src/http/types.js'
import { recordingLogger } from '../../support/recording-logger.js'
import { startScriptedServer, type ScriptedServer } from '../../support/scripted-server.js'

// Small real delays: the policy's numbers, not an injected clock, keep the tests fast.
const FAST: Partial<RetryPolicy> = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 }

let server: ScriptedServer
const transports: DisposableHttpTransport[] = []

function transport(retry: Partial<RetryPolicy> = {}, timeoutMs?: number) {
  const logger = recordingLogger()
  const created = createHttpTransport({
    userAgent: 'pc-publish-test/1.0',
    logger,
    retry: { ...FAST, ...retry },
    timeoutMs
  })
  transports.push(created)
  return { transport: created, logger }
}

function get(path: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', url: `${server.url}${path}`, idempotent: true, ...extra }
}

function post(path: string): HttpRequest {
  return { method: 'POST', url: `${server.url}${path}`, body: '{}', idempotent: false }
}

/** A port on which nothing listens: connections to it are refused. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

beforeAll(async () => {
  server = await startScriptedServer()
})

afterEach(() => {
  server.reset()
  for (const t of transports.splice(0)) t.dispose()
})

afterAll(async () => {
  await server.close()
})

describe('createHttpTransport', () => {
  it('sends method, headers, body and user agent, and lower-cases response headers', async () => {
    server.enqueue({ status: 201, headers: { 'X-Thing': 'a', ETag: '"1"' }, body: { ok: true } })
    const { transport: t } = transport()
    const response = await t.send({
      method: 'PUT',
      url: `${server.url}/v1.0/x`,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'If-Match': '"0"' },
      body: '{"name":"é"}',
      idempotent: true
    })
    expect(response).toMatchObject({
      status: 201,
      headers: { 'x-thing': 'a', etag: '"1"' },
      body: '{"ok":true}'
    })
    const [sent] = server.requests
    expect(sent).toMatchObject({ method: 'PUT', url: '/v1.0/x', body: '{"name":"é"}' })
    expect(sent?.headers['if-match']).toBe('"0"')
    expect(sent?.headers['user-agent']).toContain('pc-publish-test/1.0')
  })

  it.each([408, 429, 500, 502, 503, 504])('retries a GET answered %i', async (status) => {
    server.enqueue({ status }, { status: 200, body: 'fine' })
    const { transport: t } = transport()
    const response = await t.send(get('/thing'))
    expect(response.status).toBe(200)
    expect(server.requests).toHaveLength(2)
  })

  it.each([400, 401, 403, 404, 409, 412])('does not retry a GET answered %i', async (status) => {
    server.enqueue({ status }, { status: 200 })
    const { transport: t } = transport()
    const response = await t.send(get('/thing'))
    expect(response.status).toBe(status)
    expect(server.requests).toHaveLength(1)
  })

  it('stops after maxAttempts and resolves with the last response', async () => {
    server.enqueue({ status: 503 }, { status: 503 }, { status: 502, body: 'last' })
    const { transport: t, logger } = transport()
    const response = await t.send(get('/thing'))
    expect(response).toMatchObject({ status: 502, body: 'last' })
    expect(server.requests).toHaveLength(3)
    expect(logger.lines.filter((line) => line.level === 'info')).toHaveLength(2)
  })

  it('logs each retry with status, ICH code and correlation id, and never the query string', async () => {
    server.enqueue(
      {
        status: 503,
        body: JSON.stringify(
          'ICH50503 - Service unavailable. {"faultCode":50503,"correlationId":"c0ffee-1"}'
        )
      },
      { status: 201 }
    )
    const { transport: t, logger } = transport()
    await t.send(get('/blob/c/pkg.zip?sv=2024&sig=SECRET%2Bsig&se=x'))
    expect(logger.lines).toHaveLength(1)
    expect(logger.lines[0]?.message).toMatch(
      /^GET \/blob\/c\/pkg\.zip: 503 ICH50503 \(correlation id c0ffee-1\), attempt 1 of 3, retrying in \d+\.\d s$/
    )
    expect(logger.text()).not.toContain('sig')
    expect(logger.text()).not.toContain('?')
  })

  it('waits at least the Retry-After seconds', async () => {
    server.enqueue({ status: 429, headers: { 'Retry-After': '1' } }, { status: 200 })
    const { transport: t, logger } = transport()
    await t.send(get('/thing'))
    const [first, second] = server.requests
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(1000)
    expect(logger.lines[0]?.message).toContain('retrying in 1.0 s')
  })

  it('waits until a Retry-After date', async () => {
    let retryAt = 0
    server.enqueue(
      () => {
        const date = new Date(Date.now() + 2000)
        retryAt = Math.floor(date.getTime() / 1000) * 1000 // HTTP dates have whole seconds
        return { status: 503, headers: { 'Retry-After': date.toUTCString() } }
      },
      { status: 200 }
    )
    const { transport: t } = transport()
    await t.send(get('/thing'))
    // The client may read the date a few ms after the server wrote it, never before.
    expect(server.requests[1]!.receivedAt).toBeGreaterThanOrEqual(retryAt - 5)
  })

  it('does not retry when Retry-After asks for more than the cap, and says so', async () => {
    server.enqueue({ status: 429, headers: { 'Retry-After': '30' } }, { status: 200 })
    const { transport: t, logger } = transport({ maxRetryAfterMs: 2000 })
    const response = await t.send(get('/thing'))
    expect(response.status).toBe(429)
    expect(server.requests).toHaveLength(1)
    expect(logger.lines[0]).toMatchObject({ level: 'warning' })
    expect(logger.lines[0]?.message).toContain('retry after 30 s')
  })

  it('does not retry a non-idempotent POST answered 503', async () => {
    server.enqueue({ status: 503 }, { status: 201 })
    const { transport: t } = transport()
    const response = await t.send(post('/v1.0/ingestion/products/p/packages'))
    expect(response.status).toBe(503)
    expect(server.requests).toHaveLength(1)
  })

  it('retries a non-idempotent POST answered 429', async () => {
    server.enqueue({ status: 429, headers: { 'Retry-After': '0' } }, { status: 201 })
    const { transport: t } = transport()
    const response = await t.send(post('/v1.0/ingestion/products/p/submissions'))
    expect(response.status).toBe(201)
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST'])
  })

  it('retries a GET whose connection was dropped', async () => {
    server.enqueue({ dropConnection: true }, { status: 200, body: 'again' })
    const { transport: t } = transport()
    const response = await t.send(get('/thing'))
    expect(response.body).toBe('again')
    expect(server.requests).toHaveLength(2)
  })

  it('does not retry a POST whose connection was dropped: it may have reached the server', async () => {
    server.enqueue({ dropConnection: true }, { status: 201 })
    const { transport: t } = transport()
    await expect(t.send(post('/v1.0/ingestion/products/p/packages'))).rejects.toMatchObject({
      name: 'NetworkError',
      code: 'ECONNRESET'
    })
    expect(server.requests).toHaveLength(1)
  })

  it('retries a POST whose connection was refused, then fails with a NetworkError and a hint', async () => {
    const port = await closedPort()
    const { transport: t, logger } = transport()
    const error = await t
      .send({
        method: 'POST',
        url: `http://127.0.0.1:${port}/v1.0/x?sig=SECRET`,
        body: '{}',
        idempotent: false
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error).toMatchObject({ code: 'ECONNREFUSED', path: '/v1.0/x' })
    expect((error as Error).message).toContain('self-hosted runner')
    expect((error as Error).message).not.toContain('SECRET')
    expect(logger.lines.filter((line) => line.message.includes('ECONNREFUSED'))).toHaveLength(2)
  })

  it('abandons an attempt after the timeout and retries an idempotent request', async () => {
    server.enqueue({ status: 200, delayMs: 3000, body: 'late' }, { status: 200, body: 'on time' })
    const { transport: t, logger } = transport({}, 300)
    const response = await t.send(get('/slow'))
    expect(response.body).toBe('on time')
    expect(logger.lines[0]?.message).toMatch(/^GET \/slow: TIMEOUT, attempt 1 of 3/)
  })

  it('applies a per-request timeout and does not retry a timed-out POST', async () => {
    server.enqueue({ status: 201, delayMs: 3000 })
    const { transport: t } = transport()
    await expect(
      t.send({ ...post('/v1.0/ingestion/products/p/packages'), timeoutMs: 300 })
    ).rejects.toMatchObject({ name: 'NetworkError', code: 'TIMEOUT' })
    expect(server.requests).toHaveLength(1)
  })

  it('rejects with the abort reason when aborted during a backoff sleep', async () => {
    server.enqueue({ status: 503, headers: { 'Retry-After': '60' } }, { status: 200 })
    const { transport: t } = transport({ maxRetryAfterMs: 120_000 })
    const controller = new AbortController()
    const sending = t.send(get('/thing'), controller.signal)
    await server.waitForRequests(1)
    controller.abort()
    await expect(sending).rejects.toMatchObject({ name: 'AbortError' })
    expect(server.requests).toHaveLength(1)
  })

  it('rejects at once when the signal is already aborted', async () => {
    const { transport: t } = transport()
    await expect(t.send(get('/thing'), AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError'
    })
    expect(server.requests).toHaveLength(0)
  })

  it('stops retrying once the run has spent its retry budget, and says so once', async () => {
    const { transport: t, logger } = transport({ budget: 2 })
    server.enqueue({ status: 503 }, { status: 503 }, { status: 503 })
    expect((await t.send(get('/first'))).status).toBe(503)
    expect(server.requests).toHaveLength(3)

    server.enqueue({ status: 500 }, { status: 200 })
    expect((await t.send(get('/second'))).status).toBe(500)
    expect(server.requests).toHaveLength(4)

    const warnings = logger.lines.filter((line) => line.level === 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.message).toContain('budget of 2 retries')
  })
})

describe('createHttpTransport concurrency', () => {
  function limited(maxConcurrent: number) {
    const created = createHttpTransport({
      userAgent: 'pc-publish-test/1.0',
      logger: recordingLogger(),
      retry: FAST,
      maxConcurrent
    })
    transports.push(created)
    return created
  }

  it('keeps at most maxConcurrent requests in flight and sends the rest as slots free', async () => {
    const t = limited(3)
    const held = Array.from({ length: 7 }, () => ({ status: 200, body: 'ok', delayMs: 300 }))
    server.enqueue(...held)
    const sent = held.map((_, index) => t.send(get(`/call/${index}`)))
    await server.waitForRequests(3)
    // The first three are held for 300 ms: none of the others may have left in the meantime.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(server.requests).toHaveLength(3)
    const responses = await Promise.all(sent)
    expect(responses.map((response) => response.status)).toEqual(held.map(() => 200))
    expect(server.requests.map((request) => request.url)).toEqual(
      held.map((_, index) => `/call/${index}`)
    )
  })

  it('a request marked ahead (a list page) leaves before the calls queued earlier', async () => {
    const t = limited(1)
    server.enqueue(...Array.from({ length: 5 }, () => ({ status: 200, delayMs: 100 })))
    const first = t.send(get('/first'))
    await server.waitForRequests(1)
    const sent = [
      t.send(get('/queued-1')),
      t.send(get('/queued-2')),
      t.send({ ...get('/page-1'), ahead: true }),
      t.send({ ...get('/page-2'), ahead: true })
    ]
    await Promise.all([first, ...sent])
    expect(server.requests.map((request) => request.url)).toEqual([
      '/first',
      '/page-1',
      '/page-2',
      '/queued-1',
      '/queued-2'
    ])
  })

  it('once disposed (the run is over) it sends nothing more: not a queued call, not a retry, not a new call', async () => {
    const t = limited(1)
    server.enqueue(
      { status: 200, delayMs: 5000 },
      { status: 503, headers: { 'Retry-After': '60' } }
    )
    const inFlight = t.send(get('/in-flight'))
    const queued = t.send(get('/queued'))
    await server.waitForRequests(1)
    const retrying = createHttpTransport({
      userAgent: 'pc-publish-test/1.0',
      logger: recordingLogger(),
      retry: { ...FAST, maxRetryAfterMs: 120_000 }
    })
    transports.push(retrying)
    const backingOff = retrying.send(get('/backing-off'))
    await server.waitForRequests(2)
    t.dispose()
    retrying.dispose()
    for (const call of [inFlight, queued, backingOff, t.send(get('/after'))]) {
      await expect(call).rejects.toMatchObject({ name: 'NetworkError' })
    }
    expect(server.requests.map((request) => request.url)).toEqual(['/in-flight', '/backing-off'])
  })

  it('a request aborted while it waits for a slot is never sent and frees its place', async () => {
    const t = limited(1)
    server.enqueue({ status: 200, delayMs: 200 }, { status: 200 })
    const first = t.send(get('/first'))
    const cancelled = new AbortController()
    const queued = t.send(get('/queued'), cancelled.signal)
    await server.waitForRequests(1)
    cancelled.abort(new Error('cancelled'))
    await expect(queued).rejects.toThrow('cancelled')
    expect((await first).status).toBe(200)
    expect((await t.send(get('/after'))).status).toBe(200)
    expect(server.requests.map((request) => request.url)).toEqual(['/first', '/after'])
  })
})
