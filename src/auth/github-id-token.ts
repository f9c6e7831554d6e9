import { parseJsonBody } from '../boundary/responses.js'
import { requireSecureUrl } from '../boundary/urls.js'
import { HttpError } from '../http/errors.js'
import type { HttpTransport } from '../http/types.js'

export interface GitHubIdTokenRequest {
  transport: HttpTransport
  /** The runner's environment: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  environment: NodeJS.ProcessEnv
  audience: string
  signal?: AbortSignal
}

/**
 * Asks the runner's OIDC endpoint for a GitHub ID token (`GET <request URL>&audience=…` with the
 * request token as bearer, answered by `{"value": "<jwt>"}`), through the action's own transport:
 * no redirect is followed, the body is bounded and the idle timeout and retries are the run's.
 * `core.getIDToken` follows redirects, and its credential handler puts the request token on the
 * redirected request whatever its host.
 * @returns the ID token (a JWT).
 * @throws Error naming a missing variable; HttpError for a non-2xx answer; ResponseRefusedError
 * for a body that is not JSON; RedirectRefusedError for a redirect.
 */
export async function fetchGitHubIdToken(request: GitHubIdTokenRequest): Promise<string> {
  const base = request.environment.ACTIONS_ID_TOKEN_REQUEST_URL
  const token = request.environment.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!base || !token) {
    throw new Error(
      'ACTIONS_ID_TOKEN_REQUEST_URL or ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set by the runner'
    )
  }
  // The URL carries its own query (api-version); the audience is appended as the toolkit does.
  requireSecureUrl(base, 'ACTIONS_ID_TOKEN_REQUEST_URL', '(not shown)')
  const url = `${base}&audience=${encodeURIComponent(request.audience)}`
  const call = { method: 'GET' as const, url }
  const response = await request.transport.send(
    {
      ...call,
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
      idempotent: true
    },
    request.signal
  )
  if (response.status < 200 || response.status >= 300) {
    throw HttpError.fromResponse(call, response, { service: "GitHub's OIDC endpoint" })
  }
  const value = (
    parseJsonBody(response.body, call, "GitHub's OIDC endpoint") as { value?: unknown }
  )?.value
  if (typeof value !== 'string' || !value) {
    throw new Error("GitHub's OIDC endpoint answered without an ID token (no `value`).")
  }
  return value
}
