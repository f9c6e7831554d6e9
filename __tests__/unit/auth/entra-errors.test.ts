import { describe, expect, it } from '@jest/globals'
import { signInErrorFromResponse, type SignInContext } from '../../../src/auth/entra-errors.js'
import { SignInError } from '../../../src/auth/sign-in-error.js'

const TRACE = '0a1b2c3d-0000-4000-8000-000000000001'
const CORRELATION = '0a1b2c3d-0000-4000-8000-000000000002'

/** Entra's error body as the real service sends it: CRLF-separated trailer in the description. */
function entraResponse(status: number, error: string, code: number, text: string) {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORRELATION}\r\nTimestamp: 2026-11-24 00:08:05Z`,
      error_codes: [code],
      timestamp: '2026-11-24 00:08:05Z',
      trace_id: TRACE,
      correlation_id: CORRELATION,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`
    })
  }
}

const base: SignInContext = {
  loginUrl: 'https://login.microsoftonline.com',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  credential: 'client-secret',
  method: 'client secret'
}

describe('signInErrorFromResponse', () => {
  it('AADSTS7000215: says to use the secret VALUE, or that it was rotated, and keeps the ids', () => {
    const error = signInErrorFromResponse(
      entraResponse(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.'
      ),
      base
    )
    expect(error).toBeInstanceOf(SignInError)
    expect(error.details).toEqual({
      code: 'AADSTS7000215',
      status: 401,
      traceId: TRACE,
      correlationId: CORRELATION
    })
    expect(error.message).toContain('secret VALUE')
    expect(error.message).toContain('not its Secret ID')
    expect(error.message).toContain('rotated')
    expect(error.message).toContain(`trace ID ${TRACE}, correlation ID ${CORRELATION}`)
  })

  it('AADSTS7000222: says the secret expired and where to make a new one', () => {
    const error = signInErrorFromResponse(
      entraResponse(
        401,
        'invalid_client',
        7000222,
        "The provided client secret keys for app '1111' are expired."
      ),
      base
    )
    expect(error.message).toMatch(/client secret has expired.*Client secrets/s)
  })

  it('AADSTS700016: names the client id and tenant to check', () => {
    const error = signInErrorFromResponse(
      entraResponse(
        400,
        'unauthorized_client',
        700016,
        "Application with identifier 'x' was not found in the directory 'y'."
      ),
      base
    )
    expect(error.message).toContain(
      `no app with client-id ${base.clientId} in tenant ${base.tenantId}`
    )
    expect(error.message).toContain('Application (client) ID')
  })

  it('AADSTS90002: names the tenant and the login URL', () => {
    const error = signInErrorFromResponse(
      entraResponse(
        400,
        'invalid_request',
        90002,
        "Tenant 'nope' not found. Check to make sure you have the correct tenant ID."
      ),
      base
    )
    expect(error.message).toContain(`no tenant ${base.tenantId}`)
    expect(error.message).toContain('login-url (https://login.microsoftonline.com)')
  })

  it.each([70021, 700211, 700212, 700213, 7002138])(
    'AADSTS%i: prints what GitHub sent and where to register it',
    (code) => {
      const error = signInErrorFromResponse(
        entraResponse(
          400,
          'invalid_client',
          code,
          'No matching federated identity record found for presented assertion.'
        ),
        {
          ...base,
          credential: 'github-oidc',
          method: 'GitHub OIDC',
          oidcAudience: 'api://AzureADTokenExchange',
          federation: {
            issuer: 'https://token.actions.githubusercontent.com',
            subject: 'repo:owner/name:ref:refs/tags/v1.2.3',
            audience: 'api://AzureADTokenExchange'
          }
        }
      )
      expect(error.message).toContain('  issuer:   https://token.actions.githubusercontent.com')
      expect(error.message).toContain('  subject:  repo:owner/name:ref:refs/tags/v1.2.3')
      expect(error.message).toContain('  audience: api://AzureADTokenExchange')
      expect(error.message).toContain('Certificates & secrets → Federated credentials')
    }
  )

  it('AADSTS700027 for a certificate: names the thumbprint to upload, and the expiry Entra saw', () => {
    const error = signInErrorFromResponse(
      entraResponse(
        401,
        'invalid_client',
        700027,
        "Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: 'abc']"
      ),
      {
        ...base,
        credential: 'certificate',
        method: 'certificate (thumbprint ABCDEF0123)',
        certificateThumbprint: 'ABCDEF0123'
      }
    )
    expect(error.message).toContain('Entra ID says the certificate has expired')
    expect(error.message).toContain('Certificates & secrets → Certificates')
    expect(error.message).toContain('Reason: The key used is expired.')
  })

  it('AADSTS700027 for an unregistered certificate: names the thumbprint to upload', () => {
    const error = signInErrorFromResponse(
      entraResponse(
        401,
        'invalid_client',
        700027,
        "Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: 'abc']"
      ),
      {
        ...base,
        credential: 'certificate',
        method: 'certificate (thumbprint ABCDEF0123)',
        certificateThumbprint: 'ABCDEF0123'
      }
    )
    expect(error.message).toContain('signed with certificate ABCDEF0123')
    expect(error.message).toContain('Certificates & secrets → Certificates')
  })

  it('AADSTS700024: points at the clock for a certificate and at the token age for OIDC', () => {
    const response = entraResponse(
      400,
      'invalid_client',
      700024,
      'Client assertion is not within its valid time range.'
    )
    expect(
      signInErrorFromResponse(response, { ...base, credential: 'certificate' }).message
    ).toContain("runner's clock")
    expect(
      signInErrorFromResponse(response, { ...base, credential: 'github-oidc' }).message
    ).toContain('GitHub ID token has expired')
  })

  it('an unknown code: passes its first sentence on, with the trace and correlation ids', () => {
    const error = signInErrorFromResponse(
      entraResponse(
        400,
        'invalid_request',
        9999999,
        'Something new went wrong. More words that are not needed.'
      ),
      base
    )
    expect(error.details.code).toBe('AADSTS9999999')
    expect(error.message).toContain(
      `Entra ID said: AADSTS9999999: Something new went wrong. (trace ID ${TRACE}, correlation ID ${CORRELATION})`
    )
    expect(error.message).not.toContain('More words')
    expect(error.message).not.toContain('Timestamp')
  })

  it('a description on one line (no CRLF trailer) still yields only the first sentence', () => {
    const error = signInErrorFromResponse(
      {
        status: 400,
        headers: {},
        body: JSON.stringify({
          error: 'invalid_request',
          error_description: `AADSTS1234: One thing. Trace ID: ${TRACE} Correlation ID: ${CORRELATION}`
        })
      },
      base
    )
    expect(error.message).toContain('Entra ID said: AADSTS1234: One thing.')
    expect(error.message).not.toContain('Trace ID:')
  })

  it('an answer that is not Entra JSON: points at login-url', () => {
    const error = signInErrorFromResponse(
      { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' },
      base
    )
    expect(error.details.status).toBe(404)
    expect(error.message).toContain('HTTP 404')
    expect(error.message).toContain('Check login-url')
  })
})
