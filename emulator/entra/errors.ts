import { randomUUID } from 'node:crypto'

/** An Entra ID token endpoint error, sent with Entra's JSON body (error, AADSTS description, codes, ids). */
export class EntraError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: string,
    readonly code: number,
    readonly text: string
  ) {
    super(`AADSTS${code}: ${text}`)
  }

  body(now: Date): Record<string, unknown> {
    const traceId = randomUUID()
    const correlationId = randomUUID()
    // Entra's timestamp format: "2026-11-24 00:08:05Z".
    const timestamp = now
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z')
    return {
      error: this.error,
      error_description: `AADSTS${this.code}: ${this.text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [this.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.code}`
    }
  }
}

export const entraErrors = {
  missingParameter: (name: string) =>
    new EntraError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`
    ),
  unsupportedGrant: (grant: string) =>
    new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant}'.`
    ),
  unknownTenant: (tenant: string) =>
    new EntraError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`
    ),
  unknownClient: (clientId: string, tenant: string) =>
    new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`
    ),
  wrongSecret: (clientId: string) =>
    new EntraError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`
    ),
  noCredential: () =>
    new EntraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."
    ),
  invalidAssertionType: () =>
    new EntraError(
      400,
      'invalid_request',
      50027,
      'Invalid JWT token. The token is not in a valid format.'
    ),
  badSignature: (detail: string) =>
    new EntraError(
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation. ${detail}`
    ),
  // An expired certificate: Entra reports it under the same signature code, with the reason
  // "The key used is expired." (chosen as the most realistic of the codes seen in the wild).
  expiredCertificate: (thumbprint: string) =>
    new EntraError(
      401,
      'invalid_client',
      700027,
      `Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${thumbprint}']`
    ),
  badTimes: (now: Date, nbf: number, exp: number) =>
    new EntraError(
      400,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, assertion valid from ${new Date(nbf * 1000).toISOString()}, expiry time of assertion ${new Date(exp * 1000).toISOString()}.`
    ),
  badClaims: (detail: string) =>
    new EntraError(
      401,
      'invalid_client',
      700023,
      `Client assertion audience claim does not match Realm issuer. ${detail}`
    ),
  wrongIssuerClaim: () =>
    new EntraError(
      400,
      'invalid_client',
      700021,
      'Client assertion application identifier does not match client_id parameter.'
    ),
  noFederatedIssuer: (issuer: string) =>
    new EntraError(
      400,
      'invalid_client',
      700211,
      `No matching federated identity record found for presented assertion issuer '${issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`
    ),
  noFederatedAudience: (audience: string) =>
    new EntraError(
      400,
      'invalid_client',
      700212,
      `No matching federated identity record found for presented assertion audience '${audience}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`
    ),
  noFederatedSubject: (subject: string) =>
    new EntraError(
      400,
      'invalid_client',
      700213,
      `No matching federated identity record found for presented assertion subject '${subject}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`
    )
}
