import { HttpError } from '../http/errors.js'
import type { HttpRequest, HttpResponse } from '../http/types.js'
import { parseErrorBody } from './error-body.js'

const HINTS: Record<number, string> = {
  401:
    'Partner Center did not accept the access token: it must be issued for ' +
    'https://api.partner.microsoft.com, to an Entra app that is added to this Partner Center account.',
  403:
    'The Entra app must be added in Partner Center → Account settings → User management → ' +
    'Microsoft Entra applications, with the Manager role.',
  404: 'This id does not exist in this Partner Center account.',
  409: 'A submission is in progress for this offer, or the resource changed since it was read.',
  412: 'The resource changed since it was read (its etag no longer matches): read it again.',
  429: 'Partner Center is throttling requests: try again later.'
}

function hintFor(status: number): string | undefined {
  if (status >= 500) {
    return 'Partner Center failed on its side: try again later, and quote the correlation id if it persists.'
  }
  return HINTS[status]
}

/** A non-2xx answer from the ingestion API, with its ICH code, ids and a hint for the user. */
export class PartnerCenterError extends HttpError {
  readonly operationId?: string
  readonly details?: Record<string, string[]>

  constructor(request: Pick<HttpRequest, 'method' | 'url'>, response: HttpResponse) {
    const parsed = parseErrorBody(response.body)
    const details = parsed.details
      ? Object.entries(parsed.details).map(([field, messages]) => `${field}: ${messages.join(' ')}`)
      : []
    super({
      status: response.status,
      method: request.method,
      url: request.url,
      code: parsed.code,
      serverMessage: [parsed.message, ...details].filter(Boolean).join(' ') || undefined,
      correlationId: parsed.correlationId,
      requestId: response.headers['request-id'] ?? response.headers['x-ms-request-id'],
      service: 'Partner Center',
      hint: hintFor(response.status)
    })
    this.name = 'PartnerCenterError'
    this.operationId = parsed.operationId
    this.details = parsed.details
  }
}
