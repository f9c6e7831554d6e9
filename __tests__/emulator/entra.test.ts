/* eslint jest/expect-expect: ['warn', { assertFunctionNames: ['expect', 'expectEntraError'] }] */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { SAMPLE, startEmulator, type Emulator } from '../../emulator/index.js'
import { createTestCertificate, rsaKeyPair } from '../support/certificates.js'
import {
  Api,
  call,
  certificateAssertion,
  PARTNER_CENTER,
  sampleToken,
  tokenRequest,
  type Reply
} from './support.js'

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const CERT_CLIENT = '11111111-2222-4333-8444-555555555555'
const OIDC_CLIENT = '66666666-7777-4888-9999-000000000000'

let emulator: Emulator
const keyPair = rsaKeyPair()
const certificate = createTestCertificate({ keyPair })
const nowSeconds = (): number => Math.floor(emulator.clock.nowMs() / 1000)

beforeAll(async () => {
  emulator = await startEmulator({ speed: 0, tokenLifetimeSeconds: 600 })
  emulator.entra.registerApp({
    tenantId: SAMPLE.tenantId,
    clientId: CERT_CLIENT,
    certificatePem: certificate.certificatePem
  })
  emulator.entra.registerApp({
    tenantId: SAMPLE.tenantId,
    clientId: OIDC_CLIENT,
    federatedCredentials: [
      {
        issuer: 'https://token.actions.githubusercontent.com',
        subject: 'repo:contoso/contoso-app:environment:prod',
        audience: 'api://AzureADTokenExchange'
      }
    ]
  })
})
afterAll(() => emulator.close())

const secretForm = (overrides: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: SAMPLE.clientId,
  client_secret: SAMPLE.clientSecret,
  resource: PARTNER_CENTER,
  ...overrides
})

function expectEntraError(reply: Reply, status: number, error: string, code: number) {
  expect(reply.status).toBe(status)
  expect(reply.json).toMatchObject({ error, error_codes: [code] })
  expect(reply.json.error_description).toMatch(
    new RegExp(`^AADSTS${code}: .* Trace ID: [0-9a-f-]+ Correlation ID: [0-9a-f-]+ Timestamp: `)
  )
  expect(typeof reply.json.trace_id).toBe('string')
  expect(typeof reply.json.correlation_id).toBe('string')
  expect(typeof reply.json.timestamp).toBe('string')
}

describe('Entra ID token endpoints with a client secret', () => {
  it('v1 answers with resource and expires_on', async () => {
    const reply = await tokenRequest(emulator, secretForm())
    expect(reply.status).toBe(200)
    expect(reply.json).toMatchObject({
      token_type: 'Bearer',
      expires_in: 600,
      resource: PARTNER_CENTER
    })
    expect(Number(reply.json.expires_on)).toBe(nowSeconds() + 600)
    expect(reply.json.access_token).toEqual(expect.any(String))
  })

  it('v2 takes a scope and its token works on the ingestion API', async () => {
    const form: Record<string, string> = secretForm()
    delete form.resource
    const reply = await tokenRequest(
      emulator,
      { ...form, scope: `${PARTNER_CENTER}/.default` },
      'v2'
    )
    expect(reply.status).toBe(200)
    expect(reply.json.expires_on).toBeUndefined()
    const api = new Api(emulator, reply.json.access_token)
    expect((await api.get(`products/${await api.productId()}`)).status).toBe(200)
  })

  it('a wrong secret is AADSTS7000215 invalid_client', async () => {
    expectEntraError(
      await tokenRequest(emulator, secretForm({ client_secret: 'nope' })),
      401,
      'invalid_client',
      7000215
    )
  })

  it('an unknown client in the tenant is AADSTS700016', async () => {
    const reply = await tokenRequest(
      emulator,
      secretForm({ client_id: '00000000-0000-4000-8000-000000000000' })
    )
    expectEntraError(reply, 400, 'unauthorized_client', 700016)
  })

  it('an unknown tenant is AADSTS90002', async () => {
    const reply = await tokenRequest(
      emulator,
      secretForm(),
      'v1',
      '99999999-0000-4000-8000-000000000000'
    )
    expectEntraError(reply, 400, 'invalid_request', 90002)
  })
})

describe('Entra ID with a certificate assertion', () => {
  const v1 = () => `${emulator.url}/${SAMPLE.tenantId}/oauth2/token`
  const v2 = () => `${emulator.url}/${SAMPLE.tenantId}/oauth2/v2.0/token`
  const form = (assertion: string) => ({
    grant_type: 'client_credentials',
    client_id: CERT_CLIENT,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
    resource: PARTNER_CENTER
  })
  const assertion = (overrides: Partial<Parameters<typeof certificateAssertion>[0]> = {}) =>
    certificateAssertion({
      certificatePem: certificate.certificatePem,
      privateKey: keyPair.privateKey,
      clientId: CERT_CLIENT,
      audience: v1(),
      nowSeconds: nowSeconds(),
      ...overrides
    })

  it.each([
    ['RS256', 'x5t'],
    ['PS256', 'x5t#S256']
  ] as const)('accepts %s with %s', async (alg, thumbprintHeader) => {
    const reply = await tokenRequest(emulator, form(assertion({ alg, thumbprintHeader })))
    expect(reply.status).toBe(200)
  })

  it('accepts the v2 endpoint URL as audience too', async () => {
    expect((await tokenRequest(emulator, form(assertion({ audience: v2() })))).status).toBe(200)
  })

  it('refuses another audience', async () => {
    expectEntraError(
      await tokenRequest(emulator, form(assertion({ audience: 'https://elsewhere/token' }))),
      401,
      'invalid_client',
      700023
    )
  })

  it('refuses a key that is not the registered certificate (AADSTS700027)', async () => {
    const other = rsaKeyPair()
    expectEntraError(
      await tokenRequest(emulator, form(assertion({ privateKey: other.privateKey }))),
      401,
      'invalid_client',
      700027
    )
  })

  it('refuses an unregistered certificate thumbprint (AADSTS700027)', async () => {
    const stranger = createTestCertificate({ keyPair })
    expectEntraError(
      await tokenRequest(emulator, form(assertion({ certificatePem: stranger.certificatePem }))),
      401,
      'invalid_client',
      700027
    )
  })

  it('refuses an expired assertion (AADSTS700024)', async () => {
    expectEntraError(
      await tokenRequest(emulator, form(assertion({ nowSeconds: nowSeconds() - 3600 }))),
      400,
      'invalid_client',
      700024
    )
  })

  it('refuses an expired certificate (AADSTS700027, "The key used is expired")', async () => {
    const clientId = '12121212-3434-4565-8787-909090909090'
    const expired = createTestCertificate({
      keyPair,
      notBefore: new Date(Date.now() - 10 * 86400000),
      notAfter: new Date(Date.now() - 86400000)
    })
    emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId,
      certificatePem: expired.certificatePem
    })
    const reply = await tokenRequest(emulator, {
      ...form(
        certificateAssertion({
          certificatePem: expired.certificatePem,
          privateKey: keyPair.privateKey,
          clientId,
          audience: v1(),
          nowSeconds: nowSeconds()
        })
      ),
      client_id: clientId
    })
    expectEntraError(reply, 401, 'invalid_client', 700027)
    expect(reply.json.error_description).toContain('The key used is expired')
  })
})

describe('GitHub OIDC and federated credentials', () => {
  async function githubToken(
    audience = 'api://AzureADTokenExchange',
    requestToken = emulator.github.requestToken
  ) {
    return call(`${emulator.github.requestUrl}&audience=${encodeURIComponent(audience)}`, {
      headers: { authorization: `Bearer ${requestToken}` }
    })
  }
  const exchange = (assertion: string) =>
    tokenRequest(emulator, {
      grant_type: 'client_credentials',
      client_id: OIDC_CLIENT,
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
      resource: PARTNER_CENTER
    })

  it('issues a JWT with the GitHub claims, and refuses a wrong request token', async () => {
    expect((await githubToken(undefined, 'wrong')).status).toBe(401)
    emulator.github.subject = 'repo:contoso/contoso-app:environment:prod'
    const reply = await githubToken()
    const payload = JSON.parse(Buffer.from(reply.json.value.split('.')[1], 'base64url').toString())
    expect(payload).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:contoso/contoso-app:environment:prod',
      aud: 'api://AzureADTokenExchange',
      repository: 'contoso/contoso-app'
    })
    expect(payload.exp - payload.iat).toBe(300)
    expect(['ref', 'job_workflow_ref', 'nbf'].every((k) => k in payload)).toBe(true)
  })

  it('exchanges a matching GitHub token for an access token', async () => {
    emulator.github.subject = 'repo:contoso/contoso-app:environment:prod'
    const reply = await exchange((await githubToken()).json.value)
    expect(reply.status).toBe(200)
  })

  it('names the presented subject when no federated credential matches (AADSTS700213)', async () => {
    emulator.github.subject = 'repo:contoso/contoso-app:ref:refs/heads/feature'
    const reply = await exchange((await githubToken()).json.value)
    expectEntraError(reply, 400, 'invalid_client', 700213)
    expect(reply.json.error_description).toContain(
      "'repo:contoso/contoso-app:ref:refs/heads/feature'"
    )
  })

  it('refuses another audience (AADSTS700212) and a tampered token (AADSTS700027)', async () => {
    emulator.github.subject = 'repo:contoso/contoso-app:environment:prod'
    expectEntraError(
      await exchange((await githubToken('api://other')).json.value),
      400,
      'invalid_client',
      700212
    )
    const [h, p, s] = (await githubToken()).json.value.split('.')
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(p, 'base64url').toString()),
        sub: 'repo:evil/x:ref:refs/heads/main'
      })
    ).toString('base64url')
    expectEntraError(await exchange(`${h}.${forged}.${s}`), 401, 'invalid_client', 700027)
  })
})

describe('the ingestion API checks the bearer token', () => {
  it('401 for a missing, unknown, wrong-audience or expired token', async () => {
    const api = await Api.create(emulator)
    const productId = await api.productId()
    expect((await call(`${emulator.url}/v1.0/ingestion/products/${productId}`)).status).toBe(401)
    expect((await new Api(emulator, 'unknown').get(`products/${productId}`)).status).toBe(401)
    const graph = new Api(emulator, await sampleToken(emulator, 'https://graph.microsoft.com'))
    expect((await graph.get(`products/${productId}`)).status).toBe(401)
    expect((await api.get(`products/${productId}`)).status).toBe(200)
    emulator.clock.advance(601)
    expect((await api.get(`products/${productId}`)).status).toBe(401)
  })
})
