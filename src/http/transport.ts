import type { IncomingMessage } from 'node:http'
import { HttpClient } from '@actions/http-client'
import type { Logger } from '../logging.js'
import {
  readBoundedBody,
  RedirectRefusedError,
  refuseRedirect,
  ResponseRefusedError
} from '../boundary/responses.js'
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
import { words } from '../naming.js'

export interface HttpTransportOptions {
  userAgent: string
  logger: Logger
  retry?: Partial<RetryPolicy>
  /**
   * Default idle limit per attempt, in ms: the attempt fails with TIMEOUT when no byte (headers
   * or body) arrives for this long. Default 30 000.
   */
  timeoutMs?: number
  /** Requests in flight at once; more wait their turn. Default 8. */
  maxConcurrent?: number
}

/** The transport, plus `dispose()` to close its keep-alive sockets when the run is over. */
export interface DisposableHttpTransport extends HttpTransport {
  dispose(): void
}

/**
 * Partner Center answers in well under a second; a connection that stays silent for 30 s is
 * stalled. Five attempts of 30 s bound a stalled call to about three minutes, against eight and
 * a half with the 100 s of @actions/http-client's default (docs/security.md, "Limits").
 */
const DEFAULT_TIMEOUT_MS = 30_000
/**
 * An attempt ends, whatever arrives, after this many idle timeouts (2 minutes by default): a
 * server that trickles a byte before each idle timeout would otherwise hold a call for as long
 * as the 4 MiB body limit allows (years). Partner Center's bodies arrive in well under a second.
 */
const ATTEMPT_DEADLINE_FACTOR = 4
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
  /**
   * Aborted by dispose(): what fails after it was ended by the run itself, not by the network,
   * and nothing is sent after it.
   */
  private readonly ended = new AbortController()

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
    // Ended by the caller (cancellation) or by dispose() (the run is over): a call still queued
    // for a slot, backing off or not yet made then sends nothing, and one in flight is cut.
    const scope = signal ? AbortSignal.any([signal, this.ended.signal]) : this.ended.signal
    let waitMs = 0
    for (let attempt = 1; ; attempt++) {
      let outcome: Outcome
      try {
        if (waitMs > 0) await sleep(waitMs, scope)
        scope.throwIfAborted()
        outcome = {
          response: await this.inFlight.run(
            () => this.attempt(request, scope),
            scope,
            request.ahead
          )
        }
      } catch (error) {
        if (signal?.aborted) throw signal.reason
        // Refused by the trust boundary, or ended by dispose(): neither is worth another
        // attempt, and a "retrying" line for a socket the run closed itself would mislead.
        if (error instanceof RedirectRefusedError || error instanceof ResponseRefusedError)
          throw error
        if (this.ended.signal.aborted) throw NetworkError.from(error, request)
        outcome = { error: NetworkError.from(error, request) }
      }
      const wait = this.retryWait(request, outcome, attempt, target)
      if (wait === undefined) {
        if ('error' in outcome) throw outcome.error
        return outcome.response
      }
      waitMs = wait
      this.retriesLeft--
      this.logger.info(
        `${target}: ${describeOutcome(outcome)}, attempt ${attempt} of ` +
          `${this.policy.maxAttempts}, retrying in ${(waitMs / 1000).toFixed(1)} s`
      )
    }
  }

  dispose(): void {
    this.ended.abort(new Error('the run is over: its HTTP transport was disposed'))
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
          `${words().tool} waits, so it does not retry.`
      )
      return undefined
    }
    return retryAfterMs
  }

  private clientFor(timeoutMs: number): HttpClient {
    let client = this.clients.get(timeoutMs)
    if (!client) {
      // Its own retries stay off: this class is the only retry policy. Its redirects stay off:
      // every call carries a credential, which must not follow a 3xx to another origin.
      client = new HttpClient(this.userAgent, [], {
        allowRetries: false,
        maxRetries: 0,
        allowRedirects: false,
        socketTimeout: timeoutMs,
        keepAlive: true
      })
      this.clients.set(timeoutMs, client)
    }
    return client
  }

  /**
   * One attempt, bounded by the idle timeout, the body size limit and the signal.
   * @actions/http-client cannot cancel a request, so on timeout or abort the attempt is
   * abandoned: its response stream, if any, is destroyed and whatever arrives later is ignored.
   */
  private attempt(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs
    const client = this.clientFor(timeoutMs)
    return new Promise<HttpResponse>((resolve, reject) => {
      let message: IncomingMessage | undefined
      let settled = false
      const finish = (settle: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        clearTimeout(deadline)
        signal?.removeEventListener('abort', onAbort)
        settle()
      }
      const abandon = (error: unknown): void =>
        finish(() => {
          message?.destroy()
          reject(error)
        })
      const onAbort = (): void => abandon(signal?.reason)
      const onIdle = (): void =>
        abandon(
          new NetworkError({
            code: 'TIMEOUT',
            method: request.method,
            url: request.url,
            detail: `nothing arrived for ${timeoutMs / 1000} s`
          })
        )
      let timer = setTimeout(onIdle, timeoutMs)
      const deadlineMs = timeoutMs * ATTEMPT_DEADLINE_FACTOR
      const deadline = setTimeout(
        () =>
          abandon(
            new NetworkError({
              code: 'TIMEOUT',
              method: request.method,
              url: request.url,
              detail: `the response did not finish within ${deadlineMs / 1000} s`
            })
          ),
        deadlineMs
      )
      const stillAlive = (): void => {
        // A body refused at its size limit is destroyed, yet a chunk already buffered can still
        // be emitted after that: re-arming here would leave a timer behind the settled attempt.
        if (settled) return
        clearTimeout(timer)
        timer = setTimeout(onIdle, timeoutMs)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      client
        .request(request.method, request.url, request.body ?? null, { ...request.headers })
        .then(async (res) => {
          // An answer to an attempt already abandoned (timed out, aborted): drop it, and start
          // no timer for it, so nothing of it outlives the attempt.
          if (settled) {
            res.message.destroy()
            return
          }
          message = res.message
          stillAlive()
          refuseRedirect(request, res.message.statusCode ?? 0, res.message.headers.location)
          res.message.on('data', stillAlive)
          const body = await readBoundedBody(res.message, request)
          finish(() => resolve(toHttpResponse(res.message, body)))
        })
        .catch((error: unknown) => abandon(error))
    })
  }
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
