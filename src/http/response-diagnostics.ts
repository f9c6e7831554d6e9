import type { HttpResponse } from './types.js'

/**
 * The identifiers worth printing about a failed response, whichever service sent it. A
 * best-effort scrape for log lines and generic errors; services with a known error format
 * (Partner Center's, in `partner-center/error-body.ts`) parse it properly instead.
 */
export interface ResponseDiagnostics {
  /** A service error code such as `ICH50503` or `AADSTS700016`, or a JSON `error`/`code` value. */
  code?: string
  correlationId?: string
  requestId?: string
}

// An error code leading the body, also inside a JSON string literal (Partner Center, §3.8).
const LEADING_CODE = /^"?([A-Z]{2,}\d{3,})\b/
// Also matches the escaped form inside a JSON string literal: \"correlationId\":\"…\"
const CORRELATION_ID = /correlation_?id\\?"\s*:\s*\\?"([\w.-]+)/i

export function responseDiagnostics(response: HttpResponse): ResponseDiagnostics {
  const body = response.body.trim()
  return {
    code: LEADING_CODE.exec(body)?.[1] ?? jsonErrorCode(body),
    correlationId:
      response.headers['x-ms-correlation-id'] ??
      response.headers['x-correlation-id'] ??
      CORRELATION_ID.exec(body)?.[1],
    requestId: response.headers['request-id'] ?? response.headers['x-ms-request-id']
  }
}

/** `{"error":"invalid_client"}` (Entra), `{"code":"…"}` or `{"error":{"code":"…"}}` (Azure). */
function jsonErrorCode(body: string): string | undefined {
  if (!body.startsWith('{')) return undefined
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const record = parsed as Record<string, unknown>
    const error = record.error
    if (typeof error === 'string') return error
    if (typeof error === 'object' && error !== null) {
      const nested = (error as Record<string, unknown>).code
      if (typeof nested === 'string') return nested
    }
    return typeof record.code === 'string' ? record.code : undefined
  } catch {
    return undefined
  }
}
