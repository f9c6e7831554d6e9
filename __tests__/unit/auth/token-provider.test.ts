/**
 * The token provider against the emulator's Entra ID and GitHub OIDC endpoints, over real HTTP
 * through the real transport. After every test, a scan checks that no secret, private key,
 * assertion or token reached a log line or an error message, and that each was masked.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { SAMPLE, startEmulator } from '../../../emulator/index.js'
import {
  GITHUB_OIDC_ISSUER,
  SignInError,
  createTokenProvider,
  selectCredential,
  type Credential,
  type TokenProviderOptions,
  type TokenRequestOptions
} from '../../../src/auth/index.js'
import type { RetryPolicy } from '../../../src/http/retry-policy.js'
import { createHttpTransport, type DisposableHttpTransport } from '../../../src/http/transport.js'
import {
  createExpiredCertificate,
  createTestCertificate,
  type TestCertificate
} from '../../support/certificates.js'
import { recordingLogger } from '../../support/recording-logger.js'

type Emulator = Awaited<ReturnType<typeof startEmulator>>
type RecordingLogger = ReturnType<typeof recordingLogger>

const AUDIENCE = 'api://AzureADTokenExchange'

/** What one test produced, for the leak scan in afterEach. */
interface Exposure {
  loggers: RecordingLogger[]
  errors: string[]
  /** Values that must be masked and never printed. */
  secrets: string[]
  /** How many requests each running emulator had recorded when the test started. */
  firstRequest: Map<Emulator, number>
}

let emulator: Emulator
/** Every emulator the tests run, so the leak scan sees the requests sent to each. */
const running: Emulator[] = []
let certificate: TestCertificate
const transports: DisposableHttpTransport[] = []
let exposure: Exposure

beforeAll(async () => {
  emulator = await startEmulator()
  running.push(emulator)
  certificate = createTestCertificate()
})

afterAll(async () => {
  transports.forEach((transport) => transport.dispose())
  await emulator?.close()
})

beforeEach(() => {
  exposure = {
    loggers: [],
    errors: [],
    secrets: [],
    firstRequest: new Map(running.map((target) => [target, target.requests.length]))
  }
})

afterEach(() => {
  // Every assertion and GitHub ID token that went over the wire in this test.
  for (const request of running.flatMap(requestsOfThisTest)) {
    const assertion = new URLSearchParams(request.body).get('client_assertion')
    if (assertion) exposure.secrets.push(assertion)
  }
  const printed = [
    ...exposure.loggers.flatMap((logger) => logger.lines.map((line) => line.message)),
    ...exposure.errors
  ]
  const masked = new Set(exposure.loggers.flatMap((logger) => logger.secrets))
  const problems = exposure.secrets.flatMap((secret) => [
    ...printed
      .filter((text) => text.includes(secret))
      .map((text) => `printed: ${secret.slice(0, 12)}… in "${text.slice(0, 80)}…"`),
    ...(masked.has(secret) ? [] : [`never passed to logger.secret: ${secret.slice(0, 12)}…`])
  ])
  // Thrown rather than expect()ed: a failing afterEach fails the test it follows.
  if (problems.length) throw new Error(`Secrets not kept secret:\n${problems.join('\n')}`)
})

/** The emulator's GitHub OIDC endpoint, called as `core.getIDToken` calls it. */
function githubIdTokenFrom(target: Emulator) {
  return async (audience: string): Promise<string> => {
    const url = new URL(target.github.requestUrl)
    url.searchParams.set('audience', audience)
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${target.github.requestToken}` }
    })
    const { value } = (await response.json()) as { value: string }
    exposure.secrets.push(value)
    return value
  }
}

function signIn(
  credential: Credential,
  options: Partial<TokenProviderOptions> = {},
  target: Emulator = emulator,
  retry: Partial<RetryPolicy> = { maxAttempts: 1 }
) {
  const logger = recordingLogger()
  exposure.loggers.push(logger)
  const transport = createHttpTransport({ userAgent: 'auth-tests', logger, retry })
  transports.push(transport)
  const provider = createTokenProvider({
    loginUrl: target.url,
    tenantId: SAMPLE.tenantId,
    clientId: SAMPLE.clientId,
    credential,
    transport,
    logger,
    ...options
  })
  return {
    logger,
    provider,
    getToken: async (getOptions?: TokenRequestOptions) => {
      const token = await provider.getToken(getOptions)
      exposure.secrets.push(token)
      return token
    }
  }
}

async function signInError(attempt: () => Promise<unknown>): Promise<SignInError> {
  try {
    await attempt()
  } catch (error) {
    exposure.errors.push(String(error), (error as Error).stack ?? '')
    if (error instanceof SignInError) return error
    throw error
  }
  throw new Error('sign-in succeeded where it should have failed')
}

function requestsOfThisTest(target: Emulator) {
  return target.requests.slice(exposure.firstRequest.get(target) ?? 0)
}

function tokenRequests(target: Emulator = emulator) {
  return requestsOfThisTest(target).filter((request) =>
    /\/oauth2\/(v2\.0\/)?token$/.test(request.path)
  )
}

function idTokenRequests() {
  return requestsOfThisTest(emulator).filter((request) => request.path.startsWith('/github/'))
}

/** Whether Partner Center (the emulated ingestion API) accepts the token. */
async function partnerCenterAccepts(token: string, target: Emulator = emulator): Promise<boolean> {
  const products = `${target.url}/v1.0/ingestion/products?$filter=ResourceType eq 'AzureApplication'`
  const response = await fetch(products, { headers: { authorization: `Bearer ${token}` } })
  return response.status === 200
}

function registerApp(clientId: string, registration: Record<string, unknown>): void {
  emulator.entra.registerApp({ tenantId: SAMPLE.tenantId, clientId, ...registration })
}

const secretCredential = (secret: string = SAMPLE.clientSecret): Credential => {
  exposure.secrets.push(secret)
  return { kind: 'client-secret', secret }
}

describe('client secret', () => {
  it('signs in on the v2 endpoint with scope …/.default', async () => {
    const { provider, getToken, logger } = signIn(secretCredential())
    expect(provider.method).toBe('client secret')
    const token = await getToken()
    expect(await partnerCenterAccepts(token)).toBe(true)
    expect(await partnerCenterAccepts(`${token}x`)).toBe(false)
    const [request] = tokenRequests()
    expect(request.path).toBe(`/${SAMPLE.tenantId}/oauth2/v2.0/token`)
    const form = new URLSearchParams(request.body)
    expect(form.get('scope')).toBe('https://api.partner.microsoft.com/.default')
    expect(form.get('grant_type')).toBe('client_credentials')
    expect(form.get('resource')).toBeNull()
    expect(logger.text()).toContain(
      `Signed in to Entra ID as app ${SAMPLE.clientId} (client secret)`
    )
  })

  it.each(['v2', 'v1'] as const)(
    'keeps one token per audience (%s): Partner Center and Graph each get their own, cached',
    async (endpoint) => {
      const { getToken } = signIn(secretCredential(), { endpoint })
      const graph = 'https://graph.microsoft.com'
      const partnerCenter = await getToken()
      const graphToken = await getToken({ resource: graph })
      expect(graphToken).not.toBe(partnerCenter)
      expect(emulator.entra.audienceOf(partnerCenter)).toBe('https://api.partner.microsoft.com')
      expect(emulator.entra.audienceOf(graphToken)).toBe(graph)
      // Cached per audience: asking again sends nothing.
      expect(await getToken()).toBe(partnerCenter)
      expect(await getToken({ resource: graph })).toBe(graphToken)
      const forms = tokenRequests().map((request) => new URLSearchParams(request.body))
      expect(forms.map((form) => form.get(endpoint === 'v2' ? 'scope' : 'resource'))).toEqual(
        endpoint === 'v2'
          ? ['https://api.partner.microsoft.com/.default', `${graph}/.default`]
          : ['https://api.partner.microsoft.com', graph]
      )
    }
  )

  it('signs in on the v1 endpoint with resource', async () => {
    const { getToken } = signIn(secretCredential(), { endpoint: 'v1' })
    const token = await getToken()
    expect(await partnerCenterAccepts(token)).toBe(true)
    const [request] = tokenRequests()
    expect(request.path).toBe(`/${SAMPLE.tenantId}/oauth2/token`)
    expect(new URLSearchParams(request.body).get('resource')).toBe(
      'https://api.partner.microsoft.com'
    )
  })

  it('a wrong secret: says to use the secret VALUE, without echoing the secret', async () => {
    const { getToken } = signIn(secretCredential('not-the-secret-value~abc'))
    const error = await signInError(getToken)
    expect(error.details.code).toBe('AADSTS7000215')
    expect(error.message).toContain('secret VALUE')
    expect(error.details.traceId).toBeTruthy()
    expect(error.message).toContain(`trace ID ${error.details.traceId}`)
  })

  it('an unknown client id: says to check client-id and tenant-id', async () => {
    const { getToken } = signIn(secretCredential(), {
      clientId: '99999999-0000-0000-0000-000000000000'
    })
    const error = await signInError(getToken)
    expect(error.details.code).toBe('AADSTS700016')
    expect(error.message).toContain('client-id 99999999-0000-0000-0000-000000000000')
  })

  it('an unknown tenant: says to check tenant-id', async () => {
    const { getToken } = signIn(secretCredential(), { tenantId: 'no-such-tenant.onmicrosoft.com' })
    const error = await signInError(getToken)
    expect(error.details.code).toBe('AADSTS90002')
    expect(error.message).toContain('no tenant no-such-tenant.onmicrosoft.com')
  })
})

describe('certificate', () => {
  const clientId = 'c0ffee00-0000-4000-8000-00000000cafe'

  beforeAll(() => {
    emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId,
      certificatePem: certificate.certificatePem
    })
  })

  function certificateCredential(cert: TestCertificate, algorithm?: 'PS256' | 'RS256'): Credential {
    exposure.secrets.push(...privateKeyLines(cert))
    return { kind: 'certificate', pem: cert.combinedPem, algorithm }
  }

  it.each(['PS256', 'RS256'] as const)('signs in with a %s client assertion', async (algorithm) => {
    const { provider, getToken } = signIn(certificateCredential(certificate, algorithm), {
      clientId
    })
    expect(provider.method).toBe(`certificate (thumbprint ${certificate.thumbprint})`)
    const token = await getToken()
    expect(await partnerCenterAccepts(token)).toBe(true)
    const form = new URLSearchParams(tokenRequests()[0].body)
    expect(form.get('client_secret')).toBeNull()
    expect(form.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    )
    const header = JSON.parse(
      Buffer.from(form.get('client_assertion')!.split('.')[0], 'base64url').toString()
    )
    expect(header.alg).toBe(algorithm)
  })

  it('an expired certificate is refused before any request, naming its expiry date', async () => {
    const expired = createExpiredCertificate()
    const error = await signInError(async () =>
      signIn(certificateCredential(expired), { clientId })
    )
    expect(error.message).toContain(`expired on ${expired.notAfter.toISOString()}`)
    expect(requestsOfThisTest(emulator)).toHaveLength(0)
  })

  it('a certificate Entra does not know: names the thumbprint to upload', async () => {
    const unregistered = createTestCertificate()
    const { getToken } = signIn(certificateCredential(unregistered), { clientId })
    const error = await signInError(getToken)
    expect(error.details.code).toBe('AADSTS700027')
    expect(error.message).toContain(`signed with certificate ${unregistered.thumbprint}`)
  })
})

describe('GitHub OIDC', () => {
  const clientId = '0dc00dc0-0000-4000-8000-00000000f00d'
  let registeredSubject: string

  beforeAll(() => {
    registeredSubject = emulator.github.subject
    emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId,
      federatedCredentials: [
        { issuer: GITHUB_OIDC_ISSUER, subject: registeredSubject, audience: AUDIENCE }
      ]
    })
  })

  afterEach(() => {
    emulator.github.subject = registeredSubject
  })

  const oidcCredential = (): Credential =>
    selectCredential({
      oidc: { available: true, audience: AUDIENCE, requestIdToken: githubIdTokenFrom(emulator) }
    })

  it('exchanges a GitHub ID token and logs its issuer, subject and audience', async () => {
    const { provider, getToken, logger } = signIn(oidcCredential(), { clientId })
    expect(provider.method).toBe('GitHub OIDC')
    const token = await getToken()
    expect(await partnerCenterAccepts(token)).toBe(true)
    expect(logger.lines).toContainEqual({
      level: 'info',
      message: `GitHub OIDC token: issuer ${GITHUB_OIDC_ISSUER}, subject ${registeredSubject}, audience ${AUDIENCE}`
    })
    const [idTokenRequest] = idTokenRequests()
    expect(new URLSearchParams(idTokenRequest.query).get('audience')).toBe(AUDIENCE)
  })

  it('requests a fresh GitHub ID token for every Entra request', async () => {
    const { getToken } = signIn(oidcCredential(), { clientId })
    await getToken()
    await getToken({ forceRefresh: true })
    expect(idTokenRequests()).toHaveLength(2)
    expect(tokenRequests()).toHaveLength(2)
  })

  it('a subject no federated credential matches: prints the subject GitHub sent', async () => {
    emulator.github.subject = 'repo:owner/name:ref:refs/tags/v1.2.3'
    const { getToken } = signIn(oidcCredential(), { clientId })
    const error = await signInError(getToken)
    expect(error.details.code).toBe('AADSTS700213')
    expect(error.message).toContain('  subject:  repo:owner/name:ref:refs/tags/v1.2.3')
    expect(error.message).toContain(`  issuer:   ${GITHUB_OIDC_ISSUER}`)
    expect(error.message).toContain(`  audience: ${AUDIENCE}`)
    expect(error.message).toContain('Federated credentials')
  })

  it('a job without id-token permission: says which permissions block to add', async () => {
    const { getToken } = signIn(
      {
        kind: 'github-oidc',
        audience: AUDIENCE,
        requestIdToken: async () => {
          throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')
        }
      },
      { clientId }
    )
    const error = await signInError(getToken)
    expect(error.message).toContain('ACTIONS_ID_TOKEN_REQUEST_URL')
    expect(error.message).toMatch(/permissions:\n\s+id-token: write\n\s+contents: read/)
    expect(tokenRequests()).toHaveLength(0)
  })
})

describe('no credential at all', () => {
  it('fails before any request, listing the three ways', async () => {
    const error = await signInError(async () =>
      selectCredential({
        clientSecret: '',
        clientCertificate: '',
        oidc: { available: false, audience: AUDIENCE, requestIdToken: githubIdTokenFrom(emulator) }
      })
    )
    expect(error.message).toMatch(/client-secret[\s\S]*client-certificate[\s\S]*id-token: write/)
    expect(requestsOfThisTest(emulator)).toHaveLength(0)
  })
})

describe('token cache', () => {
  it('serves many callers, concurrent and later, from one token request', async () => {
    const { getToken } = signIn(secretCredential())
    const concurrent = await Promise.all([getToken(), getToken(), getToken(), getToken()])
    const later = [await getToken(), await getToken()]
    expect(new Set([...concurrent, ...later]).size).toBe(1)
    expect(tokenRequests()).toHaveLength(1)
  })

  it('forceRefresh gets a new token even while the cached one is valid', async () => {
    const { getToken } = signIn(secretCredential())
    const first = await getToken()
    const forced = await getToken({ forceRefresh: true })
    expect(forced).not.toBe(first)
    expect(await getToken()).toBe(forced)
    expect(tokenRequests()).toHaveLength(2)
  })

  it('a failed request is not cached: the next call asks again', async () => {
    const clientId = 'fa11ed00-0000-4000-8000-000000000001'
    registerApp(clientId, { clientSecret: 'rotated-later' })
    const { getToken } = signIn(secretCredential('before-rotation'), { clientId })
    await signInError(getToken)
    registerApp(clientId, { clientSecret: 'before-rotation' })
    await expect(getToken()).resolves.toBeTruthy()
    expect(tokenRequests()).toHaveLength(2)
  })
})

describe('the road to Entra ID', () => {
  it('a 503 from the token endpoint is retried: the request is safe to repeat', async () => {
    emulator.faults.add({ path: /\/oauth2\/v2\.0\/token$/, status: 503, times: 1 })
    try {
      const { getToken } = signIn(secretCredential(), {}, emulator, {
        maxAttempts: 2,
        baseDelayMs: 1
      })
      await expect(getToken()).resolves.toBeTruthy()
      expect(tokenRequests().map((request) => request.status)).toEqual([503, 200])
    } finally {
      emulator.faults.clear()
    }
  })

  it('an unreachable login URL: names the URL to check', async () => {
    const { getToken } = signIn(secretCredential(), { loginUrl: 'http://127.0.0.1:1' })
    const error = await signInError(getToken)
    expect(error.message).toContain('Could not reach Entra ID at http://127.0.0.1:1/')
    expect(error.message).toContain('Check login-url')
  })

  it('a cancelled run rejects with the abort reason, not a sign-in error', async () => {
    const controller = new AbortController()
    const reason = new Error('run cancelled')
    controller.abort(reason)
    const { getToken } = signIn(secretCredential(), { signal: controller.signal })
    await expect(getToken()).rejects.toBe(reason)
    expect(tokenRequests()).toHaveLength(0)
  })
})

describe('renewal before expiry', () => {
  let shortLived: Emulator

  beforeAll(async () => {
    // Frozen simulated time, moved by hand; the provider reads the same clock.
    shortLived = await startEmulator({ tokenLifetimeSeconds: 600, speed: 0 })
    running.push(shortLived)
  })

  afterAll(async () => {
    await shortLived?.close()
  })

  it('renews refreshMarginSeconds before expires_in runs out, while the old token still works', async () => {
    const { getToken } = signIn(
      secretCredential(),
      { refreshMarginSeconds: 300, now: () => shortLived.clock.now() },
      shortLived
    )
    const first = await getToken()
    shortLived.clock.advance(290)
    expect(await getToken()).toBe(first)
    expect(tokenRequests(shortLived)).toHaveLength(1)

    shortLived.clock.advance(20) // 310 s in: less than the 300 s margin left
    const renewed = await getToken()
    expect(renewed).not.toBe(first)
    expect(tokenRequests(shortLived)).toHaveLength(2)
    expect(await partnerCenterAccepts(first, shortLived)).toBe(true)
    expect(await partnerCenterAccepts(renewed, shortLived)).toBe(true)
  })

  it('a token shorter-lived than twice the margin is still reused until half its life', async () => {
    // 600 s tokens with a 500 s margin: renewing at 100 s would sign in again on nearly every call.
    const { getToken } = signIn(
      secretCredential(),
      { refreshMarginSeconds: 500, now: () => shortLived.clock.now() },
      shortLived
    )
    const before = tokenRequests(shortLived).length
    const first = await getToken()
    shortLived.clock.advance(290)
    expect(await getToken()).toBe(first)
    shortLived.clock.advance(20)
    expect(await getToken()).not.toBe(first)
    expect(tokenRequests(shortLived)).toHaveLength(before + 2)
  })

  it('a certificate that expires during the run is refused at renewal, before the request', async () => {
    const clientId = 'e0e0e0e0-0000-4000-8000-000000000002'
    const expiring = createTestCertificate({
      notBefore: new Date(shortLived.clock.now().getTime() - 86_400_000),
      notAfter: new Date(shortLived.clock.now().getTime() + 400_000)
    })
    shortLived.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId,
      certificatePem: expiring.certificatePem
    })
    exposure.secrets.push(...privateKeyLines(expiring))
    const { getToken } = signIn(
      { kind: 'certificate', pem: expiring.combinedPem },
      { clientId, now: () => shortLived.clock.now() },
      shortLived
    )
    await getToken()
    shortLived.clock.advance(500)
    const error = await signInError(getToken)
    expect(error.message).toContain(`expired on ${expiring.notAfter.toISOString()}`)
    expect(tokenRequests(shortLived)).toHaveLength(1)
  })
})

function privateKeyLines(cert: TestCertificate): string[] {
  return cert.privateKeyPem.split('\n').filter((line) => line && !line.startsWith('-----'))
}
