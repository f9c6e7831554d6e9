import { responseDiagnostics } from './response-diagnostics.js'
import type { HttpRequest, HttpResponse } from './types.js'
import { urlHost, urlPath } from './url-path.js'
import { words } from '../naming.js'

export interface HttpErrorFields {
  status: number
  method: string
  /** The request URL; only its path is kept. */
  url: string
  code?: string
  /** What the server said, already reduced to one readable sentence or two. */
  serverMessage?: string
  correlationId?: string
  requestId?: string
  /** Who answered, for the message: "Partner Center", "Entra ID", "Azure Storage". */
  service?: string
  /** What the user can do about it. */
  hint?: string
}

/** A response with a status the caller cannot accept. Its message is meant for the user. */
export class HttpError extends Error {
  readonly status: number
  readonly method: string
  /** Path only: never the query string, which may hold a SAS signature. */
  readonly path: string
  readonly code?: string
  readonly serverMessage?: string
  readonly correlationId?: string
  readonly requestId?: string
  readonly hint?: string

  constructor(fields: HttpErrorFields) {
    super(describeHttpError(fields))
    this.name = 'HttpError'
    this.status = fields.status
    this.method = fields.method
    this.path = urlPath(fields.url)
    this.code = fields.code
    this.serverMessage = fields.serverMessage
    this.correlationId = fields.correlationId
    this.requestId = fields.requestId
    this.hint = fields.hint
  }

  /** An error for any service, with the identifiers `responseDiagnostics` can find. */
  static fromResponse(
    request: Pick<HttpRequest, 'method' | 'url'>,
    response: HttpResponse,
    extra: Pick<HttpErrorFields, 'service' | 'hint' | 'serverMessage'> = {}
  ): HttpError {
    return new HttpError({
      status: response.status,
      method: request.method,
      url: request.url,
      ...responseDiagnostics(response),
      ...extra
    })
  }
}

function describeHttpError(fields: HttpErrorFields): string {
  const code = fields.code ? ` ${fields.code}` : ''
  const said = fields.serverMessage ? `: ${fields.serverMessage}` : ''
  const ids = [
    fields.correlationId && `correlation id ${fields.correlationId}`,
    fields.requestId && `request id ${fields.requestId}`
  ].filter(Boolean)
  const idText = ids.length > 0 ? ` (${ids.join(', ')})` : ''
  const hint = fields.hint ? ` ${fields.hint}` : ''
  const sentence = `${fields.service ?? 'The server'} answered ${fields.status}${code} to ${fields.method} ${urlPath(fields.url)}${said}${idText}`
  return `${sentence}${/[.!?]$/.test(sentence) ? '' : '.'}${hint}`
}

const NETWORK_FAILURES: Record<string, string> = {
  ECONNRESET: 'the connection was reset',
  ECONNREFUSED: 'the connection was refused',
  ETIMEDOUT: 'the connection timed out',
  EPIPE: 'the connection was closed while the request was being sent',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  TIMEOUT: 'no response arrived in time'
}

/** No response could be had: the connection failed, or the attempt ran out of time. */
export class NetworkError extends Error {
  /** A Node error code (ECONNRESET, …) or TIMEOUT for the transport's own per-attempt limit. */
  readonly code: string
  readonly method: string
  readonly path: string
  readonly host: string

  /**
   * `hint` replaces the advice about reaching the host, for failures where the connection
   * worked (an upload that stalled after it had started, for one).
   */
  constructor(fields: {
    code: string
    method: string
    url: string
    detail?: string
    hint?: string
  }) {
    const host = urlHost(fields.url)
    const what = fields.detail ?? NETWORK_FAILURES[fields.code] ?? 'the request failed'
    super(
      `${fields.method} ${urlPath(fields.url)} on ${host} failed: ${what} (${fields.code}). ` +
        (fields.hint ??
          `${words().reachCheck} can reach ${host}: firewall rules, and the ` +
            `proxy settings https_proxy and no_proxy.`)
    )
    this.name = 'NetworkError'
    this.code = fields.code
    this.method = fields.method
    this.path = urlPath(fields.url)
    this.host = host
  }

  /**
   * Wraps whatever the socket layer threw. Its own message is not reused verbatim: the HTTP
   * client puts the full request path, query string included, into some of them.
   */
  static from(error: unknown, request: { method: string; url: string }): NetworkError {
    if (error instanceof NetworkError) return error
    const nodeCode = (error as { code?: unknown } | undefined)?.code
    const message = error instanceof Error ? error.message : String(error)
    // @actions/http-client reports its socket timeout as a plain Error("Request timeout: …").
    const code =
      typeof nodeCode === 'string'
        ? nodeCode
        : message.startsWith('Request timeout')
          ? 'TIMEOUT'
          : 'ERR'
    const detail = NETWORK_FAILURES[code] ? undefined : message.replace(/\?\S*/g, '?…')
    return new NetworkError({ code, method: request.method, url: request.url, detail })
  }
}
