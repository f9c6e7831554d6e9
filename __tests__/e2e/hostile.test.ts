/**
 * The trust boundary through the bundled action (dist/index.js), as an attacker would try it:
 * a server that sends commands, redirects or echoes credentials, ids that would escape their
 * place, and inputs or manifests that point outside the workspace. Each run must exit by itself
 * with its outputs written, print no line the runner would read as a command, and leak no secret
 * in any form into stdout, stderr, outputs, the summary or GITHUB_ENV.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { SAMPLE } from '../../emulator/index.js'
import type { ActionRun } from '../../scripts/run-action.js'
import { secretForms } from '../../src/boundary/secrets.js'
import { HOSTILE_TEXT, unsafeLines } from '../support/hostile.js'
import {
  startScriptedServer,
  type RecordedRequest,
  type ScriptedResponse,
  type ScriptedServer
} from '../support/scripted-server.js'
import { expectNoSecrets, resultOf, startHarness, writeRequests, type Harness } from './harness.js'

const PRODUCT = 'd12d2ea1-1fe4-4152-8b5e-c7ab22b70c7f'
const PACKAGES = /\/packages$/i

let harness: Harness
/** Another loopback server: where redirects point, or a hostile Partner Center. */
let other: ScriptedServer

beforeAll(async () => {
  other = await startScriptedServer()
})

afterEach(async () => {
  other.reset()
  await harness?.close()
})

afterAll(async () => {
  await other.close()
})

/** Exited by itself, failed or not as expected, outputs written, no command line, no ESC. */
function expectContained(run: ActionRun, extraSecrets: string[] = []): void {
  expect(run.signal).toBeNull()
  expect(run.outputs.status).toBeDefined()
  expect(run.outputs.result).toBeDefined()
  expect(unsafeLines(run.stdout)).toEqual([])
  expect(run.stdout + run.stderr + run.summary).not.toContain('\u001b')
  expectNoSecrets(run, harness.emulator, extraSecrets)
}

/** Answers like Partner Center from a table of routes; anything else is a 404. */
function serveAsPartnerCenter(
  server: ScriptedServer,
  route: (request: RecordedRequest) => ScriptedResponse | undefined
): void {
  const answer = (request: RecordedRequest): ScriptedResponse =>
    route(request) ?? { status: 404, body: { error: { code: 'NotFound' } } }
  server.enqueue(...Array.from({ length: 50 }, () => answer))
}

const product = (id: string) => ({
  id,
  name: 'Contoso',
  resourceType: 'AzureApplication',
  externalIDs: [{ type: 'AzureOfferId', value: SAMPLE.offerId }]
})

/** A Partner Center whose offer has one product and the given submissions. */
function offerWith(productId: string, submissions: unknown[]) {
  return (request: RecordedRequest): ScriptedResponse | undefined => {
    if (/\/products\?/.test(request.url)) return { body: { value: [product(productId)] } }
    if (/\/submissions$/.test(request.url)) return { body: { value: submissions } }
    return undefined
  }
}

describe('server text never becomes a workflow command', () => {
  it('retry lines, create-retry lines and package validation messages are neutralised', async () => {
    harness = await startHarness()
    const { faults, scenario } = harness.emulator
    const hostileError = JSON.stringify({ error: { code: HOSTILE_TEXT, message: HOSTILE_TEXT } })
    faults.add({ method: 'GET', path: /\/products$/, status: 503, body: hostileError, times: 1 })
    faults.add({ method: 'POST', path: PACKAGES, status: 503, body: hostileError, times: 1 })
    scenario.failNextPackageProcessing(SAMPLE.offerId, [
      { errorCode: HOSTILE_TEXT, severity: HOSTILE_TEXT, message: HOSTILE_TEXT, resource: 'x' }
    ])
    const run = await harness.run({ 'wait-timeout': '5' })
    expectContained(run)
    // The texts did reach the log, escaped: the test would pass vacuously otherwise.
    expect(run.stdout).toMatch(/: 503 ok%0A::stop-commands::pwned.*retrying in/)
    expect(run.stdout).toMatch(
      /Creating package .* failed \(Partner Center answered 503 ok%0A::stop-commands::pwned/
    )
  })

  it('a submission substate is neutralised in the status report', async () => {
    harness = await startHarness()
    harness.emulator.scenario.inProgressSubmission(SAMPLE.offerId, { substate: HOSTILE_TEXT })
    const run = await harness.run({ command: 'status' })
    expectContained(run)
    expect(run.stdout).toContain('ok%0A::stop-commands::pwned')
    // Escaped again for the summary: no Markdown link or HTML can form (summary.ts escapeText).
    expect(run.summary).toContain('%1B&#91;31mALERT')
  })

  it('an Entra ID error that echoes the client secret in every form is neutralised and scrubbed', async () => {
    harness = await startHarness()
    // Shaped like an Entra secret (`~`), with the characters whose encodings differ, so that
    // each form is a string of its own (the sample secret's URL forms are the raw one).
    const secret = "Xy8Q~ab.cd_ef-gh!ij'kl(mn)op*q r"
    expect(new Set(secretForms(secret)).size).toBe(6)
    const echoed = secretForms(secret).join(' ')
    harness.emulator.faults.add({
      method: 'POST',
      path: /\/oauth2\//,
      status: 401,
      body: JSON.stringify({
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret ${echoed}. ${HOSTILE_TEXT}`
      })
    })
    const run = await harness.run({ 'client-secret': secret })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(resultOf(run).error).toContain('Invalid client secret ***')
    expectContained(run, [secret])
  })
})

describe('credentials stay with their origin', () => {
  it.each([
    ['the token endpoint', 'POST', /\/oauth2\//, 307],
    ['a Partner Center call', 'GET', /\/v1\.0\/ingestion\/products$/, 302]
  ])(
    'a redirect from %s is an error, and nothing reaches the target',
    async (_, method, path, status) => {
      harness = await startHarness()
      harness.emulator.faults.add({
        method: method as string,
        path: path as RegExp,
        status: status as number,
        headers: { location: `${other.url}/collect` }
      })
      const run = await harness.run({ command: 'status' })
      expect(run.exitCode).toBe(1)
      expect(run.outputs.status).toBe('failed')
      expect(resultOf(run).error).toContain(`a redirect to ${other.url}/collect`)
      expect(other.requests).toHaveLength(0)
      expectContained(run)
    }
  )

  it('a Partner Center error that echoes the bearer token is scrubbed from outputs and summary', async () => {
    harness = await startHarness()
    serveAsPartnerCenter(other, (request) => {
      const token = request.headers.authorization?.replace(/^Bearer /, '') ?? ''
      const echo = [...secretForms(token), ...secretForms(SAMPLE.clientSecret)].join(' ')
      return { status: 400, body: JSON.stringify(`ICH50400 - Bad request: you sent ${echo}`) }
    })
    const run = await harness.run({ command: 'status', 'api-url': other.url })
    expect(run.exitCode).toBe(1)
    const bearer = other.requests[0]?.headers.authorization?.replace(/^Bearer /, '')
    expect(bearer).toBeTruthy()
    expect(run.outputs.result).toContain('***')
    expectContained(run, [bearer as string])
  })
})

describe('ids a server sends are checked before a path or an output', () => {
  it('a product id of another shape is refused and not written to any output', async () => {
    harness = await startHarness()
    const hostile = 'x";touch pwned;"'
    serveAsPartnerCenter(other, offerWith(hostile, []))
    const run = await harness.run({ command: 'status', 'api-url': other.url })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['product-id']).toBe('')
    expect(run.outputs['partner-center-url']).toBe('')
    expect(resultOf(run).productId).toBeUndefined()
    expect(other.requests.every((request) => !request.url.includes('touch'))).toBe(true)
    expectContained(run)
  })

  it('a submission id ".." never turns a cancel into a DELETE on the product', async () => {
    harness = await startHarness()
    serveAsPartnerCenter(
      other,
      offerWith(PRODUCT, [
        { id: '..', state: 'InProgress', substate: 'InDraft', target: 'preview' }
      ])
    )
    const run = await harness.run({ command: 'cancel', 'api-url': other.url })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(other.requests.filter((request) => request.method === 'DELETE')).toEqual([])
    expect(run.outputs['product-id']).toBe(PRODUCT)
    expectContained(run)
  })

  it('a submission id carrying a shell command is refused and not written to any output', async () => {
    harness = await startHarness()
    const hostile = '1$(touch pwned)'
    serveAsPartnerCenter(
      other,
      offerWith(PRODUCT, [
        { id: hostile, state: 'InProgress', substate: 'InDraft', target: 'preview' }
      ])
    )
    const run = await harness.run({ command: 'status', 'api-url': other.url })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['submission-id']).toBe('')
    expectContained(run)
  })
})

describe('hostile inputs', () => {
  it.each([
    ['wait-timeout', '1e308'],
    ['wait-timeout', 'NaN'],
    ['wait-timeout', '-1'],
    ['wait-timeout', '10081'],
    ['wait-timeout', 'Infinity'],
    ['client-id', 'x\n::stop-commands::pwned'],
    ['tenant-id', '..'],
    ['api-url', 'http://api.partner.microsoft.com'],
    ['login-url', 'http://login.microsoftonline.com']
  ])('%s: %j is refused before any call, with outputs written', async (name, value) => {
    harness = await startHarness()
    const run = await harness.run({ [name]: value })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(resultOf(run).error).toContain(`Input ${name}`)
    expect(harness.emulator.requests).toEqual([])
    expectContained(run)
  })

  it('wait-timeout accepts 7 days', async () => {
    harness = await startHarness()
    const run = await harness.run({ 'wait-timeout': '10080', 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
  })
})

describe('packages stay inside the workspace', () => {
  const manifestWith = (pkg: string) =>
    [
      'offer: contoso-app',
      'version: "1.2.3"',
      'plans:',
      '  - id: standard',
      `    package: ${pkg}`
    ].join('\n')

  it.each([
    ['../outside.zip', /resolves to .*outside\.zip, outside /],
    ['/etc/hosts.zip', /resolves to \/etc\/hosts\.zip, outside /],
    ['build/link-out.zip', /resolves to .*outside\.zip, outside /],
    ['build/folder.zip', /is a folder/]
  ])('package %s is refused before any write', async (pkg, message) => {
    harness = await startHarness()
    await writeFile(path.join(harness.workspace, '..', 'outside.zip'), 'zip').catch(() => undefined)
    await symlink(
      path.join(harness.workspace, '..', 'outside.zip'),
      path.join(harness.workspace, 'build', 'link-out.zip')
    )
    await mkdir(path.join(harness.workspace, 'build', 'folder.zip'))
    await harness.write('marketplace.yml', manifestWith(pkg))
    const run = await harness.run()
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(resultOf(run).error).toMatch(message)
    expect(writeRequests(harness.emulator)).toEqual([])
    expectContained(run)
  })

  it('a manifest field name carrying escapes and commands is neutralised in its annotation', async () => {
    harness = await startHarness()
    // YAML double quotes turn \e, \x85 and \u2028 into ESC, NEL and the line separator.
    const hostileKey = '"x\\e[31mRED\\x85\\u2028::stop-commands::pwned"'
    await harness.write(
      'marketplace.yml',
      `${manifestWith('build/standard.zip')}\n${hostileKey}: 1\n`
    )
    const run = await harness.run({ command: 'check' })
    expect(run.exitCode).toBe(1)
    // Escaped as %1B and %85, which @actions/core writes as %251B and %2585 in command data.
    expect(run.stdout).toMatch(
      /^::error title=Manifest error,.*unknown field "x%251B\[31mRED%2585/m
    )
    expectContained(run)
  })

  it('a manifest outside the workspace is refused', async () => {
    harness = await startHarness()
    const outside = path.join(
      harness.workspace,
      '..',
      `manifest-${path.basename(harness.workspace)}`
    )
    await mkdir(outside, { recursive: true })
    await writeFile(path.join(outside, 'marketplace.yml'), manifestWith('a.zip'))
    const run = await harness.run({ manifest: path.join(outside, 'marketplace.yml') })
    expect(run.exitCode).toBe(1)
    expect(resultOf(run).error).toMatch(/The manifest .* resolves to .*, outside /)
    expect(harness.emulator.requests).toEqual([])
    expectContained(run)
  })
})
