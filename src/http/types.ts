/** The contract of the one HTTP layer that every Partner Center, Entra ID and storage call goes through. */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface HttpRequest {
  method: HttpMethod
  /** Absolute URL. */
  url: string
  /** Header names in any case. */
  headers?: Record<string, string>
  /** Already serialised body (JSON text or a form). */
  body?: string
  /**
   * Whether the request may be sent again after a retryable failure (408, 429, 5xx, network
   * error). GET, DELETE and PUT with If-Match are idempotent; a POST that creates something
   * (packages, submissions) is not, and must be reconciled by the caller instead.
   */
  idempotent: boolean
  /** Per-attempt timeout; the transport's default otherwise. */
  timeoutMs?: number
  /**
   * Goes ahead of the calls waiting for a slot under the transport's limit of calls in flight
   * (behind other such requests): a page of a list, whose next page cannot be asked for before
   * it is answered, so every wait in the queue would add up along the list.
   */
  ahead?: boolean
}

export interface HttpResponse {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  body: string
}

export interface HttpTransport {
  /**
   * Sends the request, retrying as its `idempotent` flag allows, and resolves with the final
   * response whatever its status. Rejects only when no response could be had (network error
   * after the retries, timeout, abort).
   */
  send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>
}
