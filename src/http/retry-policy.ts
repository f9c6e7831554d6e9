/**
 * The retry policy of the one HTTP layer: which failures are retried, how long to wait, and how
 * many retries a whole run may spend. Pure functions; the transport applies them.
 */

export interface RetryPolicy {
  /** Statuses worth another attempt (for a non-idempotent request only 429, see `mayRetry`). */
  retryableStatuses: readonly number[]
  /** Attempts per request, the first one included. */
  maxAttempts: number
  /** Exponential backoff with full jitter: a random wait in [0, min(maxDelayMs, base·factor^n)). */
  baseDelayMs: number
  factor: number
  maxDelayMs: number
  /**
   * The longest `Retry-After` the transport agrees to wait. A longer one ends the retries: the
   * server asked for more patience than a CI job should spend, and waiting less than it says
   * would only be throttled again.
   */
  maxRetryAfterMs: number
  /** Retries allowed for the whole run, across all requests, so an outage cannot stall a job. */
  budget: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retryableStatuses: [408, 429, 500, 502, 503, 504],
  maxAttempts: 5,
  baseDelayMs: 1000,
  factor: 2,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 120_000,
  budget: 50
}

/** Network error codes after which a request may be sent again (idempotent requests only). */
export const RETRYABLE_NETWORK_CODES: readonly string[] = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'TIMEOUT'
]

/**
 * Whether a failed attempt may be repeated at all, whatever the attempt count and budget.
 *
 * A non-idempotent request (a POST that creates a package or a submission) is repeated only when
 * it certainly did not reach the server's logic: a 429 (rejected by the throttle in front of it)
 * or a refused connection. Anything else might have created the resource already (§3.9 of the
 * API reference), so the caller has to look before it tries again.
 */
export function mayRetry(
  failure: { status: number } | { networkCode: string },
  idempotent: boolean,
  policy: RetryPolicy
): boolean {
  if ('status' in failure) {
    if (!policy.retryableStatuses.includes(failure.status)) return false
    return idempotent || failure.status === 429
  }
  if (!RETRYABLE_NETWORK_CODES.includes(failure.networkCode)) return false
  return idempotent || failure.networkCode === 'ECONNREFUSED'
}

/** The wait before retry number `retry` (1 for the first retry), with full jitter. */
export function backoffDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (retry - 1))
  return Math.floor(random() * ceiling)
}

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns undefined when the header is absent or unreadable, so the backoff applies instead.
 */
export function parseRetryAfterMs(
  value: string | undefined,
  now: number = Date.now()
): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  // Fractional seconds are not in the RFC but cost nothing to accept.
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000)
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
