/**
 * Sign-in through the bundled action: each way to sign in, each way it goes wrong, and a run that
 * outlives its access token. Every run is scanned for the secrets it handled.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { SAMPLE, type Emulator } from '../../emulator/index.js'
import type { ActionRun } from '../../scripts/run-action.js'
import {
  createExpiredCertificate,
  createTestCertificate,
  type TestCertificate
} from '../support/certificates.js'
import { runCli } from '../../scripts/run-cli.js'
import { startScriptedServer } from '../support/scripted-server.js'
import { expectNoSecrets, resultOf, startHarness, type Harness } from './harness.js'

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
const AUDIENCE = 'api://AzureADTokenExchange'
/** An app registration of its own per test, so that only the credential under test can work. */
const APP_ID = '5d1f3c2b-8a7e-4f60-9b1c-2e3d4f5a6b7c'

const TOKEN_ENDPOINT = /\/oauth2\//
const ID_TOKEN_ENDPOINT = /^\/github\/idtoken/
const INGESTION_API = /^\/v1\.0\//

function requestsTo(emulator: Emulator, endpoint: RegExp) {
  return emulator.requests.filter((request) => endpoint.test(request.path))
}

/** The form fields of the first token request the emulator received. */
function firstTokenRequestForm(emulator: Emulator): URLSearchParams {
  return new URLSearchParams(requestsTo(emulator, TOKEN_ENDPOINT)[0]?.body)
}

/** The `::error::` message of the run, unescaped as the runner shows it. */
function errorMessage(run: ActionRun): string {
  const line = run.stdout.split('\n').find((candidate) => candidate.startsWith('::error::')) ?? ''
  return line
    .slice('::error::'.length)
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%')
}

/** What the action asked the runner to mask (`::add-mask::`), as the runner reads it. */
function masked(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length))
}

/** The private key as a leak would show it: whole, and each of its lines. */
function privateKeyTexts(certificate: TestCertificate): string[] {
  const lines = certificate.privateKeyPem
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('-----'))
  return [certificate.privateKeyPem.trim(), ...lines]
}

function oidcEnvironment(emulator: Emulator): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: emulator.github.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.github.requestToken
  }
}

describe('signing in', () => {
  let harness: Harness
  beforeEach(async () => {
    harness = await startHarness()
  })
  afterEach(async () => {
    await harness.close()
  })

  it('with a client secret', async () => {
    const run = await harness.run({ target: 'draft' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('draft-updated')
    expect(run.stdout).toContain(`Signed in to Entra ID as app ${SAMPLE.clientId} (client secret)`)
    expect(firstTokenRequestForm(harness.emulator).get('client_secret')).toBe(SAMPLE.clientSecret)
    expectNoSecrets(run, harness.emulator)
  })

  it('with GitHub OIDC, exchanging a GitHub ID token for a federated credential', async () => {
    const subject = 'repo:contoso/contoso-app:environment:marketplace'
    harness.emulator.github.subject = subject
    harness.emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId: APP_ID,
      federatedCredentials: [{ issuer: GITHUB_ISSUER, subject, audience: AUDIENCE }]
    })
    const run = await harness.run(
      { target: 'draft', 'client-id': APP_ID, 'client-secret': '' },
      { env: oidcEnvironment(harness.emulator) }
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('draft-updated')
    expect(run.stdout).toContain(`Signed in to Entra ID as app ${APP_ID} (GitHub OIDC)`)
    // The claims Entra matches are printed, so a mismatch can be fixed from the log.
    expect(run.stdout).toContain(`subject ${subject}`)
    const [idTokenRequest] = requestsTo(harness.emulator, ID_TOKEN_ENDPOINT)
    expect(new URLSearchParams(idTokenRequest.query).get('audience')).toBe(AUDIENCE)
    const idToken = firstTokenRequestForm(harness.emulator).get('client_assertion')
    expect(idToken).toBeTruthy()
    expect(masked(run)).toContain(idToken)
    expectNoSecrets(run, harness.emulator)
  })
})

describe('signing in with a certificate', () => {
  let harness: Harness
  beforeEach(async () => {
    // Real-time speed: the action signs its assertion with the runner's clock, and the emulator
    // checks it against its simulated one, which at the usual speed runs past the assertion's
    // ten minutes within a second.
    harness = await startHarness({ speed: 1, timings: { packageProcessing: 1 } })
  })
  afterEach(async () => {
    await harness.close()
  })

  it('with a certificate and its private key in one PEM', async () => {
    const certificate = createTestCertificate()
    harness.emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId: APP_ID,
      certificatePem: certificate.certificatePem
    })
    const run = await harness.run({
      target: 'draft',
      'client-id': APP_ID,
      'client-secret': '',
      'client-certificate': certificate.combinedPem
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('draft-updated')
    expect(run.stdout).toContain(
      `Signed in to Entra ID as app ${APP_ID} (certificate (thumbprint ${certificate.thumbprint}))`
    )
    const form = firstTokenRequestForm(harness.emulator)
    expect(form.get('client_secret')).toBeNull()
    expect(form.get('client_assertion')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    // The runner masks line by line: every line of the key is registered, the PEM armour is not.
    const masks = masked(run)
    for (const line of privateKeyTexts(certificate).slice(1)) expect(masks).toContain(line)
    expect(masks).not.toContain('-----BEGIN PRIVATE KEY-----')
    expect(masks).toContain(form.get('client_assertion'))
    expectNoSecrets(run, harness.emulator, privateKeyTexts(certificate))
  })
})

describe('failing to sign in says what to change, and sends nothing to Partner Center', () => {
  let harness: Harness
  beforeEach(async () => {
    harness = await startHarness()
  })
  afterEach(async () => {
    await harness.close()
  })

  function expectFailedRun(run: ActionRun, message: string): void {
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(resultOf(run).error).toBe(message)
    expect(requestsTo(harness.emulator, INGESTION_API)).toEqual([])
  }

  it('GitHub OIDC whose subject matches no federated credential prints the subject to register', async () => {
    harness.emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId: APP_ID,
      federatedCredentials: [
        {
          issuer: GITHUB_ISSUER,
          subject: 'repo:contoso/contoso-app:ref:refs/heads/main',
          audience: AUDIENCE
        }
      ]
    })
    const run = await harness.run(
      { 'client-id': APP_ID, 'client-secret': '' },
      { env: oidcEnvironment(harness.emulator) }
    )
    const message = errorMessage(run)
    expectFailedRun(run, message)
    expect(message).toContain('AADSTS700213')
    expect(message).toContain(`No federated credential of app ${APP_ID} matches`)
    expect(message).toContain(`  issuer:   ${GITHUB_ISSUER}`)
    expect(message).toContain(`  subject:  ${harness.emulator.github.subject}`)
    expect(message).toContain(`  audience: ${AUDIENCE}`)
    expect(message).toContain('Add a federated credential with exactly these three values')
    // A refusal is final: asking again would get the same answer.
    expect(requestsTo(harness.emulator, TOKEN_ENDPOINT)).toHaveLength(1)
    expectNoSecrets(run, harness.emulator)
  })

  it("a redirect from GitHub's OIDC endpoint is refused: the request token goes nowhere else", async () => {
    const elsewhere = await startScriptedServer()
    try {
      harness.emulator.faults.add({
        method: 'GET',
        path: ID_TOKEN_ENDPOINT,
        status: 302,
        headers: { location: `${elsewhere.url}/collect` }
      })
      const run = await harness.run(
        { 'client-id': APP_ID, 'client-secret': '' },
        { env: oidcEnvironment(harness.emulator) }
      )
      expectFailedRun(run, errorMessage(run))
      expect(resultOf(run).error).toContain(`a redirect to ${elsewhere.url}/collect`)
      expect(elsewhere.requests).toEqual([])
      expectNoSecrets(run, harness.emulator, [harness.emulator.github.requestToken])
    } finally {
      await elsewhere.close()
    }
  })

  it('a wrong client secret says to store the secret value', async () => {
    const wrong = 'f00~not-the-value-of-the-secret'
    const run = await harness.run({ 'client-secret': wrong })
    const message = errorMessage(run)
    expectFailedRun(run, message)
    expect(message).toContain('AADSTS7000215')
    expect(message).toContain('The client secret is wrong. Store the secret VALUE')
    // Met inside the engine (on the first call), still told as a sign-in failure by its class.
    expect(run.summary).toMatch(/<h2>[^<]*sign-in failed<\/h2>/)
    expect(requestsTo(harness.emulator, TOKEN_ENDPOINT)).toHaveLength(1)
    expectNoSecrets(run, harness.emulator, [wrong])
  })

  it('an expired certificate is refused before Entra ID is asked', async () => {
    const certificate = createExpiredCertificate()
    harness.emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId: APP_ID,
      certificatePem: certificate.certificatePem
    })
    const run = await harness.run({
      'client-id': APP_ID,
      'client-secret': '',
      'client-certificate': certificate.combinedPem
    })
    const message = errorMessage(run)
    expectFailedRun(run, message)
    expect(message).toContain(
      `(thumbprint ${certificate.thumbprint}) expired on ${certificate.notAfter.toISOString()}`
    )
    expect(message).toContain('Create a new certificate')
    expect(requestsTo(harness.emulator, TOKEN_ENDPOINT)).toEqual([])
    expectNoSecrets(run, harness.emulator, privateKeyTexts(certificate))
  })

  it('no credential at all lists the three ways, with the permissions block for OIDC', async () => {
    const run = await harness.run({ 'client-secret': '' })
    const message = errorMessage(run)
    expectFailedRun(run, message)
    expect(message).toContain('1. client-secret:')
    expect(message).toContain('2. client-certificate:')
    expect(message).toContain('3. GitHub OIDC')
    expect(message).toMatch(/permissions:\n\s+id-token: write\n\s+contents: read/)
    expect(harness.emulator.requests).toEqual([])
    expectNoSecrets(run, harness.emulator)
  })
})

describe('a run that outlives its access token', () => {
  const TOKEN_LIFETIME_SECONDS = 4
  let harness: Harness
  beforeEach(async () => {
    // Real-time speed, so that the token lifetime the emulator grants is the one that passes for
    // the action; the preview takes about three token lifetimes to be ready.
    harness = await startHarness({
      speed: 1,
      tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      timings: { packageProcessing: 1, validation: 2, previewCreation: 10 }
    })
  })
  afterEach(async () => {
    await harness.close()
  })

  it('renews its token before it expires, with a fresh GitHub ID token each time, and finishes', async () => {
    const started = harness.emulator.clock.nowMs()
    const run = await harness.run(
      { 'wait-timeout': '5', 'client-secret': '' },
      { env: oidcEnvironment(harness.emulator) }
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('preview-ready')
    const lifetimes = (harness.emulator.clock.nowMs() - started) / (TOKEN_LIFETIME_SECONDS * 1000)
    expect(lifetimes).toBeGreaterThan(2)

    const calls = requestsTo(harness.emulator, INGESTION_API)
    const signIns = requestsTo(harness.emulator, TOKEN_ENDPOINT).length
    expect(signIns).toBeGreaterThan(1)
    // A GitHub ID token lives minutes: one kept from the first sign-in would be dead by renewal.
    expect(requestsTo(harness.emulator, ID_TOKEN_ENDPOINT)).toHaveLength(signIns)
    expect(new Set(calls.map((call) => call.headers.authorization)).size).toBeGreaterThan(1)
    // Renewed ahead of expiry, not after a refusal.
    expect(calls.filter((call) => call.status === 401)).toEqual([])
    // And kept while it is fresh: each token serves several calls, not one sign-in per call.
    expect(signIns * 3).toBeLessThan(calls.length)
    expectNoSecrets(run, harness.emulator)
  }, 60_000)
})

describe('the sign-in starts as soon as the inputs are usable (issue 16)', () => {
  const INVALID_MANIFEST =
    'offer: contoso-app\nplans:\n  - id: standard\n    pakage: build/standard.zip'
  /** What the runner allows a cancelled step before it kills it (action-engineering.md §4.8). */
  const RUNNER_GRACE_MS = 7500
  let harness: Harness
  beforeEach(async () => {
    harness = await startHarness()
  })
  afterEach(async () => {
    await harness.close()
  })

  it.each([
    ['a client secret', {}, {}, `as ${SAMPLE.clientId} with client secret`],
    ['GitHub OIDC', { 'client-secret': '' }, 'oidc', `as ${SAMPLE.clientId} with GitHub OIDC`]
  ])(
    'with %s, before the manifest is read; the manifest refused meanwhile is what the run reports',
    async (_method, inputs, env, started) => {
      await harness.write('marketplace.yml', INVALID_MANIFEST)
      const run = await harness.run(inputs, {
        env: env === 'oidc' ? oidcEnvironment(harness.emulator) : {}
      })
      expect(run.exitCode).toBe(1)
      expect(resultOf(run).error).toMatch(/unknown field "pakage"/)
      // Logged when the token request is started: before this change, a run refused on its
      // manifest never got that far.
      expect(run.stdout).toContain(`Signing in to Entra ID ${started}`)
      expect(requestsTo(harness.emulator, INGESTION_API)).toEqual([])
      expectNoSecrets(run, harness.emulator)
    }
  )

  it.each([
    ['the Azure SDK environment variables', false, `as ${SAMPLE.clientId} with client secret`],
    ['the Azure CLI (an az on PATH)', true, 'with the Azure CLI (az login)']
  ])('in the CLI too, with %s', async (_way, az, started) => {
    await harness.write('marketplace.yml', INVALID_MANIFEST)
    // An az that never answers: only its start matters here, and the run's end stops it.
    const bin = path.join(harness.workspace, 'bin')
    await mkdir(bin)
    await writeFile(path.join(bin, 'az'), '#!/bin/sh\nsleep 60\n', { mode: 0o755 })
    const url = harness.emulator.url
    const run = await runCli(
      ['publish', '--api-url', url, '--login-url', url, '--graph-url', url],
      {
        cwd: harness.workspace,
        env: az
          ? { PATH: `${bin}:${process.env.PATH ?? ''}` }
          : {
              AZURE_TENANT_ID: SAMPLE.tenantId,
              AZURE_CLIENT_ID: SAMPLE.clientId,
              AZURE_CLIENT_SECRET: SAMPLE.clientSecret
            }
      }
    )
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/unknown field "pakage"/)
    expect(run.stderr).toContain(`Signing in to Entra ID ${started}`)
    expect(requestsTo(harness.emulator, INGESTION_API)).toEqual([])
    expect(run.stdout + run.stderr).not.toContain(SAMPLE.clientSecret)
  })

  it('cancelled (SIGINT) while Entra ID has not answered: reports the cancellation and exits by itself', async () => {
    // Entra ID holds the token request far longer than the test waits.
    harness.emulator.faults.add({ path: TOKEN_ENDPOINT, delayMs: 60_000 })
    let cancelled = false
    let killTimer: NodeJS.Timeout | undefined
    const run = await harness.run(
      {},
      {
        onSpawn: (child) =>
          child.stdout!.on('data', (chunk: Buffer) => {
            if (cancelled || !chunk.toString().includes('Signing in to Entra ID')) return
            cancelled = true
            child.kill('SIGINT')
            killTimer = setTimeout(() => child.kill('SIGKILL'), RUNNER_GRACE_MS)
          })
      }
    )
    clearTimeout(killTimer)
    expect(cancelled).toBe(true)
    // It ended by itself, within the runner's grace period.
    expect(run.signal).toBeNull()
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(resultOf(run).error).toBe('The job was cancelled before the command finished.')
    expect(run.summary).toContain('The job was cancelled')
    expect(requestsTo(harness.emulator, INGESTION_API)).toEqual([])
  }, 30_000)
})
