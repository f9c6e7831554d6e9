import { describe, expect, it } from '@jest/globals'
import {
  parseTokenResponse,
  tokenEndpointUrl,
  tokenRequestForm
} from '../../../src/auth/token-endpoint.js'

describe('tokenEndpointUrl', () => {
  it('builds the v2 and v1 URLs under any authority, with or without a trailing slash', () => {
    expect(tokenEndpointUrl('https://login.microsoftonline.com/', 'contoso.com', 'v2')).toBe(
      'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token'
    )
    expect(tokenEndpointUrl('http://127.0.0.1:4000', 'tenant', 'v1')).toBe(
      'http://127.0.0.1:4000/tenant/oauth2/token'
    )
  })
})

describe('tokenRequestForm', () => {
  it('sends scope on v2 and resource on v1, with the assertion type for an assertion', () => {
    const v2 = new URLSearchParams(tokenRequestForm('v2', 'app', { clientAssertion: 'a.b.c' }))
    expect(Object.fromEntries(v2)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app',
      scope: 'https://api.partner.microsoft.com/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'a.b.c'
    })
    const v1 = new URLSearchParams(tokenRequestForm('v1', 'app', { clientSecret: 'a+b/c=' }))
    expect(Object.fromEntries(v1)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app',
      resource: 'https://api.partner.microsoft.com',
      client_secret: 'a+b/c='
    })
  })
})

describe('parseTokenResponse', () => {
  it('reads expires_in as v2 sends it (a number) and as v1 sends it (a string)', () => {
    expect(parseTokenResponse('{"access_token":"t","expires_in":3599}')).toEqual({
      accessToken: 't',
      expiresInSeconds: 3599
    })
    expect(parseTokenResponse('{"access_token":"t","expires_in":"3599"}').expiresInSeconds).toBe(
      3599
    )
  })

  it('assumes the documented 60 minutes when expires_in is missing', () => {
    expect(parseTokenResponse('{"access_token":"t"}').expiresInSeconds).toBe(3600)
  })

  it('refuses a success without a token, without quoting the body', () => {
    const body = '{"token":"sensitive-value"}'
    expect(() => parseTokenResponse(body)).toThrow(/without an access_token/)
    expect(() => parseTokenResponse(body)).not.toThrow(/sensitive-value/)
    expect(() => parseTokenResponse('<html>')).toThrow(/Check that login-url/)
  })
})
