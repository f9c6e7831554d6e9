import type { Logger } from '../logging.js'
import type { GitHubOidcCredential } from './credentials.js'
import { decodeUnverifiedClaims } from './jwt.js'
import { SignInError } from './sign-in-error.js'
import { words } from '../naming.js'

/** The claims Entra matches against a federated credential; none of them is secret. */
export interface FederationClaims {
  issuer?: string
  subject?: string
  audience?: string
}

export interface GitHubIdToken {
  token: string
  claims: FederationClaims
}

/**
 * Requests a fresh GitHub ID token. Called once per Entra request: the token lives only minutes,
 * so one fetched at start-up would be dead when a run that waits for certification renews its
 * access token.
 */
export async function requestGitHubIdToken(
  credential: GitHubOidcCredential,
  logger: Logger
): Promise<GitHubIdToken> {
  let token: string
  try {
    token = await credential.requestIdToken(credential.audience)
  } catch (error) {
    throw new SignInError(
      `Could not get ${words().federated.token} for audience ${credential.audience}: ` +
        `${(error as Error).message}. ${words().federated.unavailable}`,
      {},
      { cause: error }
    )
  }
  logger.secret(token)
  const decoded = decodeUnverifiedClaims(token)
  const claims: FederationClaims = {
    issuer: stringClaim(decoded?.iss),
    subject: stringClaim(decoded?.sub),
    audience: stringClaim(decoded?.aud)
  }
  // These three are what Entra compares with the app's federated credentials (case-sensitively),
  // so printing them is what makes a "no matching federated identity record" error fixable.
  logger.info(
    `${words().federated.logged}: issuer ${claims.issuer ?? '(none)'}, subject ${claims.subject ?? '(none)'}, ` +
      `audience ${claims.audience ?? '(none)'}`
  )
  return { token, claims }
}

function stringClaim(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  // `aud` may be an array of strings (RFC 7519 §4.1.3).
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.join(', ')
  }
  return undefined
}
