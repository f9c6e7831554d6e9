import type { HttpTransport } from '../http/types.js'
import type { Logger } from '../logging.js'
import { clientProofSource } from './client-proof.js'
import type { Credential } from './credentials.js'
import { signInErrorFromResponse, type SignInContext } from './entra-errors.js'
import { SignInError } from './sign-in-error.js'
import {
  PARTNER_CENTER_RESOURCE,
  parseTokenResponse,
  tokenEndpointUrl,
  tokenRequestForm,
  type TokenEndpointVersion
} from './token-endpoint.js'
import { input, words } from '../naming.js'

export interface TokenProviderOptions {
  /** The Entra ID authority host, e.g. https://login.microsoftonline.com (or the emulator). */
  loginUrl: string
  tenantId: string
  clientId: string
  credential: Credential
  transport: HttpTransport
  logger: Logger
  /**
   * Renew the token this long before it expires (default 300), but never more than half its
   * lifetime before: a token granted for less than twice the margin is renewed half-way through.
   */
  refreshMarginSeconds?: number
  /** Default 'v2'; see TokenEndpointVersion for why. */
  endpoint?: TokenEndpointVersion
  /** The run's cancellation signal, passed to every token request. */
  signal?: AbortSignal
  /** Current time; defaults to the system clock. Certificate validity and expiry use it. */
  now?: () => Date
}

/** What `getToken` is asked for. */
export interface TokenRequestOptions {
  /** Skip the cache (after a 401, for example). */
  forceRefresh?: boolean
  /**
   * The audience: a resource origin such as https://api.partner.microsoft.com (the default) or
   * https://graph.microsoft.com. Each audience has its own token and cache entry.
   */
  resource?: string
}

export interface TokenProvider {
  /** How the app signs in: 'client secret', 'certificate (thumbprint …)' or 'GitHub OIDC'. */
  readonly method: string
  /**
   * An access token for `resource` (default Partner Center): the cached one while it has more
   * than the refresh margin left, otherwise a new one. Concurrent callers of one audience share
   * one request.
   */
  getToken(options?: TokenRequestOptions): Promise<string>
}

const DEFAULT_REFRESH_MARGIN_SECONDS = 300

/**
 * Signs in to Entra ID with the client-credentials grant and keeps a Partner Center token fresh.
 * Throws a SignInError at once when a certificate credential cannot be used.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { clientId, transport, logger, signal } = options
  const now = options.now ?? (() => new Date())
  const marginSeconds = options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS
  const version = options.endpoint ?? 'v2'
  const url = tokenEndpointUrl(options.loginUrl, options.tenantId, version)
  const source = clientProofSource(options.credential, clientId, logger, now)

  // One token per audience: a token never goes to an API it was not issued for.
  const cached = new Map<string, { token: string; renewAt: number }>()
  const inFlight = new Map<string, Promise<string>>()

  async function requestToken(resource: string): Promise<string> {
    const requestedAt = now().getTime()
    const { proof, federation } = await source.next(url)
    const context: SignInContext = {
      loginUrl: options.loginUrl,
      tenantId: options.tenantId,
      clientId,
      ...source.context,
      federation
    }
    logger.debug(
      `Requesting an Entra ID token for ${resource} from ${url} (${source.context.method})`
    )
    const response = await sendTokenRequest(
      transport,
      url,
      tokenRequestForm(version, clientId, proof, resource),
      signal
    )
    if (response.status < 200 || response.status >= 300) {
      throw withoutSecrets(signInErrorFromResponse(response, context), Object.values(proof))
    }
    const issued = parseTokenResponse(response.body)
    logger.secret(issued.accessToken)
    // A margin longer than the token's life would mean one sign-in per API call. Short-lived
    // tokens come from the emulator or a proxy; Entra itself grants an hour or more.
    const validSeconds = Math.max(
      issued.expiresInSeconds - marginSeconds,
      issued.expiresInSeconds / 2
    )
    // Counted from when the request was sent, so that network time only makes renewal earlier.
    cached.set(resource, {
      token: issued.accessToken,
      renewAt: requestedAt + validSeconds * 1000
    })
    logger.info(
      `Signed in to Entra ID as app ${clientId} (${source.context.method}) for ${resource}; ` +
        `the token is valid for ${describeLifetime(issued.expiresInSeconds)}`
    )
    return issued.accessToken
  }

  return {
    method: source.context.method,
    getToken(getOptions = {}) {
      const resource = getOptions.resource ?? PARTNER_CENTER_RESOURCE
      const current = cached.get(resource)
      if (!getOptions.forceRefresh && current && now().getTime() < current.renewAt) {
        return Promise.resolve(current.token)
      }
      // A request already under way is fresh enough for a forced refresh too.
      let pending = inFlight.get(resource)
      if (!pending) {
        pending = requestToken(resource).finally(() => inFlight.delete(resource))
        inFlight.set(resource, pending)
      }
      return pending
    }
  }
}

function describeLifetime(seconds: number): string {
  return seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`
}

async function sendTokenRequest(
  transport: HttpTransport,
  url: string,
  body: string,
  signal: AbortSignal | undefined
) {
  try {
    return await transport.send(
      {
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json'
        },
        body,
        // A token request creates nothing, so sending it again after a 5xx or a timeout is safe.
        idempotent: true
      },
      signal
    )
  } catch (error) {
    // Cancellation is not a sign-in problem: let the run's abort reason through as it is.
    if (signal?.aborted) throw error
    throw new SignInError(
      // The transport's messages end with their own full stop.
      `Could not reach Entra ID at ${url}: ${(error as Error).message.replace(/\.$/, '')}. ` +
        `Check ${input('login-url')} and ${words().machine}'s network.`,
      {},
      { cause: error }
    )
  }
}

/**
 * Entra's descriptions are passed on in messages; make sure none of them echoes the proof that
 * was sent (a secret, or an assertion carrying the GitHub token).
 */
function withoutSecrets(error: SignInError, secrets: string[]): SignInError {
  for (const secret of secrets) error.message = error.message.split(secret).join('***')
  return error
}
