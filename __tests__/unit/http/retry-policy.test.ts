import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  mayRetry,
  parseRetryAfterMs
} from '../../../src/http/retry-policy.js'

describe('retry policy', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const top = () => 0.999999
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, top)).toBe(999)
    expect(backoffDelayMs(3, DEFAULT_RETRY_POLICY, top)).toBe(3999)
    expect(backoffDelayMs(20, DEFAULT_RETRY_POLICY, top)).toBe(59_999)
    expect(backoffDelayMs(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-24T00:00:00Z')
    expect(parseRetryAfterMs('7', now)).toBe(7000)
    expect(parseRetryAfterMs('Tue, 24 Nov 2026 00:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfterMs('Mon, 23 Nov 2026 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfterMs('soon', now)).toBeUndefined()
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined()
  })

  it('retries a non-idempotent request only when it cannot have reached the server', () => {
    const p = DEFAULT_RETRY_POLICY
    expect(mayRetry({ status: 429 }, false, p)).toBe(true)
    expect(mayRetry({ status: 503 }, false, p)).toBe(false)
    expect(mayRetry({ networkCode: 'ECONNREFUSED' }, false, p)).toBe(true)
    expect(mayRetry({ networkCode: 'ECONNRESET' }, false, p)).toBe(false)
    expect(mayRetry({ networkCode: 'ECONNRESET' }, true, p)).toBe(true)
    expect(mayRetry({ networkCode: 'ENOTFOUND' }, true, p)).toBe(false)
  })
})
