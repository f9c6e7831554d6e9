import { SignInError } from './sign-in-error.js'
import { input } from '../naming.js'

/**
 * Which Entra token endpoint to ask. The Partner Center Learn page documents only v1 (`resource`,
 * reference §2.2); v2 (`scope=…/.default`) is what MSAL and current Microsoft clients use, and the
 * service accepts tokens from both (reference §2.3). v2 is the default because it is the endpoint
 * Entra keeps developing; v1 stays available for tenants or proxies that only allow the documented one.
 */
export type TokenEndpointVersion = 'v2' | 'v1'

/** The token audience of the Partner Center ingestion API (reference §2.2). */
export const PARTNER_CENTER_RESOURCE = 'https://api.partner.microsoft.com'

/**
 * The token audience of the Product Ingestion API, used to find offers the 2026 migration hid
 * from the ingestion API's listing (reference §9.18; product-ingestion-api.md §1.1).
 */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com'

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

export function tokenEndpointUrl(
  loginUrl: string,
  tenantId: string,
  version: TokenEndpointVersion
): string {
  const authority = `${loginUrl.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}`
  return version === 'v2' ? `${authority}/oauth2/v2.0/token` : `${authority}/oauth2/token`
}

/** How the app proves its identity in the form: a secret, or a signed JWT (certificate or OIDC). */
export type ClientProof = { clientSecret: string } | { clientAssertion: string }

/**
 * The client-credentials form for one audience: `resource` (v1) or `scope=<resource>/.default`
 * (v2). `resource` is an origin such as PARTNER_CENTER_RESOURCE or GRAPH_RESOURCE.
 */
export function tokenRequestForm(
  version: TokenEndpointVersion,
  clientId: string,
  proof: ClientProof,
  resource: string = PARTNER_CENTER_RESOURCE
): string {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId })
  if (version === 'v2') form.set('scope', `${resource}/.default`)
  else form.set('resource', resource)
  if ('clientSecret' in proof) {
    form.set('client_secret', proof.clientSecret)
  } else {
    form.set('client_assertion_type', CLIENT_ASSERTION_TYPE)
    form.set('client_assertion', proof.clientAssertion)
  }
  return form.toString()
}

export interface IssuedToken {
  accessToken: string
  expiresInSeconds: number
}

/** Without `expires_in`, assume the documented 60 minutes (reference §2.4). */
const DOCUMENTED_LIFETIME_SECONDS = 3600

/**
 * Reads a successful token response. The v1 endpoint sends `expires_in` as a string, v2 as a
 * number; both are accepted. Error messages never quote the body: it holds the token.
 */
export function parseTokenResponse(text: string): IssuedToken {
  let body: { access_token?: unknown; expires_in?: unknown }
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    body = {}
  }
  if (typeof body?.access_token !== 'string' || !body.access_token) {
    throw new SignInError(
      `Entra ID answered with success but without an access_token. Check that ${input('login-url')} points ` +
        'to the Entra ID authority host, e.g. https://login.microsoftonline.com.'
    )
  }
  const expiresIn = Number(body.expires_in)
  return {
    accessToken: body.access_token,
    expiresInSeconds: expiresIn > 0 ? expiresIn : DOCUMENTED_LIFETIME_SECONDS
  }
}
