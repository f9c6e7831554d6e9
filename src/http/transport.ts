import type { IncomingMessage } from 'node:http'
import { HttpClient } from '@actions/http-client'
import type { Logger } from '../logging.js'
import { ConcurrencyLimit } from './concurrency-limit.js'
import { NetworkError } from './errors.js'
import { responseDiagnostics } from './response-diagnostics.js'
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  mayRetry,
  parseRetryAfterMs,
  type RetryPolicy
} from './retry-policy.js'
import { sleep } from './sleep.js'
import type { HttpRequest, HttpResponse, HttpTransport } from './types.js'
import { urlPath } from './url-path.js'

export interface HttpTransportOptions {
  userAgent: string
  logger: Logger
  retry?: Partial<RetryPolicy>
  /** Default per-attempt limit, from sending the request to the last byte of the body. */
  timeoutMs?: number
  /** Requests in flight at once; more wait their turn. Default 8. */
  maxConcurrent?: number
}

/** The transport, plus `dispose()` to close its keep-alive sockets when the run is over. */
export interface DisposableHttpTransport extends HttpTransport {
  dispose(): void
}

const DEFAULT_TIMEOUT_MS = 100_000
/**
 * Partner Center publishes no throttle (§3.9: a 429 exists, its limits do not). Eight calls in
 * flight cover the widest step (the offer reads plus the token) and keep many plans from
 * sending one call each at the same moment; the plans' chains still interleave.
 */
const DEFAULT_MAX_CONCURRENT = 8

type Outcome = { response: HttpResponse } | { error: NetworkError }

/**
 * The one HTTP layer: every Partner Center, Entra ID and package-upload call goes through the
 * transport made here, so they share one retry policy, one retry budget and one log format.
 */
export function createHttpTransport(options: HttpTransportOptions): DisposableHttpTransport {
  return new RetryingTransport(options)
}

class RetryingTransport implements DisposableHttpTransport {
  private readonly policy: RetryPolicy
  private readonly logger: Logger
  private readonly userAgent: string
  private readonly timeoutMs: number
  /** Bounds attempts, not requests: a request waiting out a backoff holds no slot. */
  private readonly inFlight: ConcurrencyLimit
  /** One client per distinct timeout: @actions/http-client fixes its socket timeout per client. */
  private readonly clients = new Map<number, HttpClient>()
  private retriesLeft: number
  private budgetSpentReported = false

  constructor(options: HttpTransportOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry }
    this.logger = options.logger
    this.userAgent = options.userAgent
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.inFlight = new ConcurrencyLimit(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT)
    this.retriesLeft = this.policy.budget
  }

  async send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    // The id the caller correlates its calls with (Client-Request-ID on Partner Center calls)
    // stays the same across the attempts of one request: the log ties them together with it.
    const requestId = headerValue(request.headers, 'client-request-id')
    const target = `${request.method} ${urlPath(request.url)}${requestId ? ` [client request id ${requestId}]` : ''}`
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted()
      let outcome: Outcome
      try {
        outcome = {
          response: await this.inFlight.run(() => this.attempt(request, signal), signal)
        }
      } catch (error) {
        if (signal?.aborted) throw signal.reason
        outcome = { error: NetworkError.from(error, request) }
      }
      const waitMs = this.retryWait(request, outcome, attempt, target)
      if (waitMs === undefined) {
        if ('error' in outcome) throw outcome.error
        return outcome.response
      }
      this.retriesLeft--
      this.logger.info(
        `${target}: ${describeOutcome(outcome)}, attempt ${attempt} of ` +
          `${this.policy.maxAttempts}, retrying in ${(waitMs / 1000).toFixed(1)} s`
      )
      await sleep(waitMs, signal)
    }
  }

  dispose(): void {
    for (const client of this.clients.values()) client.dispose()
    this.clients.clear()
  }

  /** How long to wait before the next attempt, or undefined to stop with this outcome. */
  private retryWait(
    request: HttpRequest,
    outcome: Outcome,
    attempt: number,
    target: string
  ): number | undefined {
    const failure =
      'error' in outcome ? { networkCode: outcome.error.code } : { status: outcome.response.status }
    if (!mayRetry(failure, request.idempotent, this.policy)) return undefined
    if (attempt >= this.policy.maxAttempts) return undefined
    if (this.retriesLeft <= 0) {
      if (!this.budgetSpentReported) {
        this.budgetSpentReported = true
        this.logger.warning(
          `${target}: ${describeOutcome(outcome)}; not retrying, because this run has used its ` +
            `budget of ${this.policy.budget} retries. Further failures fail at once.`
        )
      }
      return undefined
    }
    if ('error' in outcome) return backoffDelayMs(attempt, this.policy)
    const retryAfterMs = parseRetryAfterMs(outcome.response.headers['retry-after'])
    if (retryAfterMs === undefined) return backoffDelayMs(attempt, this.policy)
    if (retryAfterMs > this.policy.maxRetryAfterMs) {
      this.logger.warning(
        `${target}: ${describeOutcome(outcome)}; the server asks to retry after ` +
          `${Math.ceil(retryAfterMs / 1000)} s, more than the ${this.policy.maxRetryAfterMs / 1000} s ` +
          `this action waits, so it does not retry.`
      )
      return undefined
    }
    return retryAfterMs
  }

  private clientFor(timeoutMs: number): HttpClient {
    let client = this.clients.get(timeoutMs)
    if (!client) {
      // Its own retries stay off: this class is the only retry policy.
      client = new HttpClient(this.userAgent, [], {
        allowRetries: false,
        maxRetries: 0,
        socketTimeout: timeoutMs,
        keepAlive: true
      })
      this.clients.set(timeoutMs, client)
    }
    return client
  }

  /**
   * One attempt, bounded by the timeout and the signal. @actions/http-client cannot cancel a
   * request, so on timeout or abort the attempt is abandoned: its response stream, if any, is
   * destroyed and whatever arrives later is ignored.
   */
  private attempt(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs
    const client = this.clientFor(timeoutMs)
    return new Promise<HttpResponse>((resolve, reject) => {
      let message: IncomingMessage | undefined
      const finish = (settle: () => void): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        settle()
      }
      const abandon = (error: unknown): void =>
        finish(() => {
          message?.destroy()
          reject(error)
        })
      const onAbort = (): void => abandon(signal?.reason)
      const timer = setTimeout(
        () =>
          abandon(
            new NetworkError({
              code: 'TIMEOUT',
              method: request.method,
              url: request.url,
              detail: `no complete response within ${timeoutMs / 1000} s`
            })
          ),
        timeoutMs
      )
      signal?.addEventListener('abort', onAbort, { once: true })
      client
        .request(request.method, request.url, request.body ?? null, { ...request.headers })
        .then(async (res) => {
          message = res.message
          const body = await readBody(res.message)
          finish(() => resolve(toHttpResponse(res.message, body)))
        })
        .catch((error: unknown) => finish(() => reject(error)))
    })
  }
}

/**
 * Reads the whole body. Unlike HttpClientResponse.readBody, it rejects when the connection
 * breaks mid-body instead of never settling.
 */
async function readBody(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of message) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function toHttpResponse(message: IncomingMessage, body: string): HttpResponse {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return { status: message.statusCode ?? 0, headers, body }
}

function headerValue(headers: HttpRequest['headers'], name: string): string | undefined {
  return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1]
}

function describeOutcome(outcome: Outcome): string {
  if ('error' in outcome) return outcome.error.code
  const { status } = outcome.response
  const { code, correlationId } = responseDiagnostics(outcome.response)
  return `${status}${code ? ` ${code}` : ''}${correlationId ? ` (correlation id ${correlationId})` : ''}`
}
