import { afterEach, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { SAMPLE, type Emulator, type EmulatorOptions } from '../../emulator/index.js'
import type { RecordedRequest } from '../../emulator/types.js'
import { PARTNER_CENTER_RESOURCE } from '../../src/auth/token-endpoint.js'
import type { ActionRun } from '../../scripts/run-action.js'
import {
  expectNoSecrets,
  expectNothingLeftBehind,
  offerBefore,
  resultOf,
  startHarness,
  type Harness
} from './harness.js'

/** What the runner allows a cancelled step before it kills it (action-engineering.md §4.8). */
const RUNNER_GRACE_MS = 7500

const harnesses: Harness[] = []
async function harnessWith(options: EmulatorOptions = {}): Promise<Harness> {
  const harness = await startHarness(options)
  harnesses.push(harness)
  return harness
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((harness) => harness.close()))
})

/**
 * Runs the action and sends it `signal` once its output matches `when`, as the runner does on
 * cancellation (SIGINT first, SIGTERM 7.5 s later); kills it for good if it is still running
 * when the runner's grace period ends.
 */
async function runAndCancel(
  harness: Harness,
  inputs: Record<string, string>,
  when: RegExp,
  signal: NodeJS.Signals = 'SIGTERM'
): Promise<ActionRun> {
  let child: ChildProcess | undefined
  let output = ''
  let cancelled = false
  let killTimer: NodeJS.Timeout | undefined
  const run = await harness.run(inputs, {
    onSpawn: (spawned) => (child = spawned),
    onStdout: (chunk) => {
      output += chunk
      if (cancelled || !when.test(output)) return
      cancelled = true
      child?.kill(signal)
      killTimer = setTimeout(() => child?.kill('SIGKILL'), RUNNER_GRACE_MS)
    }
  })
  clearTimeout(killTimer)
  expect(cancelled).toBe(true)
  return run
}

/** A cancelled run exits by itself, fails the step, and reports what it did and did not do. */
function expectCleanCancellation(run: ActionRun): void {
  expect(run.signal).toBeNull()
  expect(run.exitCode).toBe(1)
  expect(run.outputs.status).toBe('failed')
  expect(run.outputs.result).toBeDefined()
  expect(run.summary).toContain('The job was cancelled')
  expect(run.summary).toContain('Run the same publish again to finish')
}

const calls = (emulator: Emulator, method: string, path: RegExp): RecordedRequest[] =>
  emulator.requests.filter((request) => request.method === method && path.test(request.path))

const PACKAGES = /\/packages$/i
const SUBMISSIONS = /\/submissions$/i
const BLOB = /^\/blob\//i

/** The offer as the emulator holds it, with the ids that differ between emulators left out. */
function endState(emulator: Emulator) {
  const offer = emulator.inspect(SAMPLE.offerId)
  const fileOf = (id: string | undefined) => offer.packages.find((pkg) => pkg.id === id)?.fileName
  return {
    packages: offer.packages
      .map((pkg) => `${pkg.fileName} ${pkg.state} ${pkg.blobSize ?? '-'} ${pkg.blobMd5 ?? '-'}`)
      .sort(),
    configurations: offer.packageConfigurations
      .map(
        (config) =>
          `${config.planId} ${config.version} ${fileOf(config.packageReferences[0]?.value)}`
      )
      .sort(),
    submissions: offer.submissions.map((sub) => `${sub.state}/${sub.substate} ${sub.target}`)
  }
}

/** Exactly one package per plan beyond the seed, the plans bound to them, one new submission. */
function expectPublishedOnce(emulator: Emulator, seedPackages: number): void {
  const offer = emulator.inspect(SAMPLE.offerId)
  const added = offer.packages.slice(seedPackages)
  expect(added).toHaveLength(2)
  expect(new Set(added.map((pkg) => pkg.fileName)).size).toBe(2)
  for (const config of offer.packageConfigurations) {
    expect(config.version).toBe('1.2.3')
    const bound = added.find((pkg) => pkg.id === config.packageReferences[0]?.value)
    expect(bound?.state).toBe('Processed')
  }
  expect(calls(emulator, 'POST', SUBMISSIONS).filter((r) => r.status === 201)).toHaveLength(1)
  expect(offer.submissions.filter((sub) => sub.state === 'InProgress').length).toBeLessThanOrEqual(
    1
  )
}

describe('throttling and transient faults', () => {
  it('429s with Retry-After, 503s, dropped uploads and latency end in the same state as a clean run, waiting out each Retry-After', async () => {
    const clean = await harnessWith()
    const cleanRun = await clean.run({ 'wait-timeout': '5' })
    expect(cleanRun.outputs.status).toBe('preview-ready')

    const faulty = await harnessWith({ latencyMs: 20 })
    const { faults } = faulty.emulator
    faults.add({ method: 'PUT', path: BLOB, dropConnection: true, times: 2 })
    // Azure Storage throttles with 503 ServerBusy, never 429: the 429s go to Entra and Partner Center.
    faults.add({
      path: /^(?!\/blob\/)/,
      every: 5,
      status: 429,
      headers: { 'retry-after': '1' },
      body: '"ICH50429 - Too many requests."'
    })
    faults.add({ every: 7, status: 503, body: '"ICH50503 - Service unavailable."' })
    const run = await faulty.run({ 'wait-timeout': '5' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('preview-ready')
    expect(endState(faulty.emulator)).toEqual(endState(clean.emulator))
    const seed = faulty.emulator.inspect(SAMPLE.offerId).packages.length - 2
    expectPublishedOnce(faulty.emulator, seed)

    const requests = faulty.emulator.requests
    const throttled = requests.filter((request) => request.status === 429)
    expect(throttled.length).toBeGreaterThan(3)
    expect(requests.some((request) => request.status === 503)).toBe(true)
    expect(calls(faulty.emulator, 'PUT', BLOB).length).toBeGreaterThan(2)
    // Each throttled request was sent again (same call, same Client-Request-ID), no sooner than asked.
    const sameCall = (a: RecordedRequest, b: RecordedRequest) =>
      a.method === b.method &&
      a.path === b.path &&
      a.query === b.query &&
      a.headers['client-request-id'] === b.headers['client-request-id']
    for (const refused of throttled) {
      const retry = requests.slice(requests.indexOf(refused) + 1).find((r) => sameCall(r, refused))
      expect(retry).toBeDefined()
      expect(retry!.receivedAt - refused.receivedAt).toBeGreaterThanOrEqual(1000)
    }
    // The log ties the attempts of one call together.
    expect(run.stdout).toMatch(
      /\[client request id [\w-]+\]: 429 ICH50429.*attempt 1 of 5, retrying in 1\.0 s/
    )
    expectNoSecrets(run, faulty.emulator)
  }, 90_000)

  it('a create that fails with a 5xx is looked for, and made again only when it was not made', async () => {
    const harness = await harnessWith()
    const seed = harness.emulator.inspect(SAMPLE.offerId).packages.length
    harness.emulator.faults.add({ method: 'POST', path: PACKAGES, status: 503, times: 1 })
    harness.emulator.faults.add({ method: 'POST', path: SUBMISSIONS, status: 500, times: 1 })
    const run = await harness.run()
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('submitted')
    expectPublishedOnce(harness.emulator, seed)
    // Looked before creating again.
    expect(run.stdout).toMatch(/Creating package .* failed .* and it was not created; trying again/)
    expect(run.stdout).toMatch(/Creating the submission failed .* and it was not created/)
    expect(calls(harness.emulator, 'POST', PACKAGES)).toHaveLength(3)
    expect(calls(harness.emulator, 'POST', SUBMISSIONS)).toHaveLength(2)
  })

  it('a create whose answer is lost is found and used, not made twice', async () => {
    const harness = await harnessWith()
    const seed = harness.emulator.inspect(SAMPLE.offerId).packages.length
    harness.emulator.faults.add({ method: 'POST', path: PACKAGES, dropResponse: true, times: 1 })
    harness.emulator.faults.add({ method: 'POST', path: SUBMISSIONS, dropResponse: true, times: 1 })
    const run = await harness.run()
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('submitted')
    expectPublishedOnce(harness.emulator, seed)
    expect(run.stdout).toMatch(/Creating package .* failed .*, but it was created: using it/)
    expect(run.stdout).toMatch(/Creating the submission failed .*, but it was created: using it/)
    // One POST per package and one for the submission: the lost answers were not sent again.
    expect(calls(harness.emulator, 'POST', PACKAGES)).toHaveLength(2)
    expect(calls(harness.emulator, 'POST', SUBMISSIONS)).toHaveLength(1)
  })
})

/**
 * A re-run finds an earlier run's unfinished packages on the first page of the offer's package
 * list only (EARLIER_PACKAGE_SCAN_PAGES: the same requests whatever the history, issue 16). These
 * runs use a page of 100, the size the benchmarks take as real: at the emulator's default of 2,
 * the second plan's package would be on page 2, and the re-run would upload it again.
 */
const ONE_PAGE: EmulatorOptions = { pageSize: 100 }

describe('a cancelled run, run again, finishes without a second upload or submission', () => {
  it('cancelled during the upload: the re-run continues with the package it created', async () => {
    const harness = await harnessWith(ONE_PAGE)
    const seed = harness.emulator.inspect(SAMPLE.offerId).packages.length
    // The first upload hangs, so the cancellation finds it in flight.
    const holdMs = 2000
    harness.emulator.faults.add({ method: 'PUT', path: BLOB, delayMs: holdMs, times: 1 })
    const heldUntil = Date.now() + holdMs
    const first = await runAndCancel(harness, { 'wait-timeout': '5' }, /Uploading \w+\.zip/)
    expectCleanCancellation(first)
    expect(resultOf(first).plans.some((plan) => plan.state === 'uploading')).toBe(true)
    expect(first.summary).toMatch(/plan \w+ stopped at uploading/)
    expect(first.summary).toContain('no submission was created')
    const left = harness.emulator.inspect(SAMPLE.offerId).packages.slice(seed)
    expect(left.some((pkg) => pkg.state === 'PendingUpload')).toBe(true)

    harness.emulator.faults.clear()
    const second = await harness.run({ 'wait-timeout': '5' })
    expect(second.exitCode).toBe(0)
    expect(second.outputs.status).toBe('preview-ready')
    expectPublishedOnce(harness.emulator, seed)
    expect(calls(harness.emulator, 'POST', PACKAGES)).toHaveLength(2)
    expect(second.summary).toMatch(/reused package [\w-]+ .*left PendingUpload by an earlier run/)
    expectNoSecrets(second, harness.emulator)
    // The emulator still holds the abandoned upload; let it finish before the emulator closes.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, heldUntil - Date.now()) + 500))
  }, 60_000)

  it('cancelled (SIGINT) while Partner Center processes the packages: the re-run waits for them', async () => {
    const harness = await harnessWith({ ...ONE_PAGE, timings: { packageProcessing: 1800 } })
    const seed = harness.emulator.inspect(SAMPLE.offerId).packages.length
    const first = await runAndCancel(
      harness,
      {},
      /package [\w-]+: (Uploaded|InProcessing)[\s\S]*package [\w-]+: (Uploaded|InProcessing)/,
      'SIGINT'
    )
    expectCleanCancellation(first)
    expect(resultOf(first).plans.map((plan) => plan.state)).toEqual(['processing', 'processing'])

    const second = await harness.run({ 'wait-timeout': '5' })
    expect(second.exitCode).toBe(0)
    expectPublishedOnce(harness.emulator, seed)
    expect(calls(harness.emulator, 'POST', PACKAGES)).toHaveLength(2)
    expect(calls(harness.emulator, 'PUT', BLOB)).toHaveLength(2)
    expect(second.summary).toMatch(/left (Uploaded|InProcessing) by an earlier run/)
  }, 60_000)

  it('cancelled (SIGINT) while the offer is read, with packages created ahead: they are deleted before the step ends', async () => {
    const harness = await harnessWith(ONE_PAGE)
    const before = offerBefore(harness.emulator)
    // The plan list hangs, so the cancellation comes while the packages created ahead of the
    // plans (speculative-packages.ts) are bound to nothing.
    const holdMs = 3000
    harness.emulator.faults.add({ method: 'GET', path: /\/variants$/i, delayMs: holdMs, times: 1 })
    const heldUntil = Date.now() + holdMs
    const first = await runAndCancel(
      harness,
      {},
      /created as \S+ ahead of the plan[\s\S]*created as \S+ ahead of the plan/,
      'SIGINT'
    )
    expectCleanCancellation(first)
    // Deleted with a deadline of their own, although the cancellation aborts every other call.
    expectNothingLeftBehind(first, harness.emulator, before)
    expect(first.summary).toMatch(
      /were created ahead of the plan, while the offer was read, but the job was cancelled: deleted again, nothing is left behind/
    )
    // The emulator still holds the plan list; let it answer before the emulator closes.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, heldUntil - Date.now()) + 500))
  }, 60_000)

  it('cancelled (SIGINT) while a package created ahead has not been answered: it is found and deleted before the step ends', async () => {
    const harness = await harnessWith()
    const before = offerBefore(harness.emulator)
    // Partner Center creates each package, but its answer is lost (an ambiguous failure), and
    // the look-up that would find it (create-once.ts) hangs: the cancellation comes while the
    // run does not know the package it made. The scan of the package list goes first, unheld.
    harness.emulator.faults.add({ method: 'POST', path: PACKAGES, dropResponse: true })
    harness.emulator.faults.add({ method: 'GET', path: PACKAGES, times: 1 })
    harness.emulator.faults.add({ method: 'GET', path: PACKAGES, delayMs: 60_000, times: 2 })
    let killTimer: NodeJS.Timeout | undefined
    let poll: NodeJS.Timeout | undefined
    const run = await harness.run(
      {},
      {
        onSpawn: (child) => {
          poll = setInterval(() => {
            const created = calls(harness.emulator, 'POST', PACKAGES).length
            const held = calls(harness.emulator, 'GET', PACKAGES).filter((r) => r.status === 0)
            if (created === 0 || held.length < created) return
            clearInterval(poll)
            child.kill('SIGINT')
            killTimer = setTimeout(() => child.kill('SIGKILL'), RUNNER_GRACE_MS)
          }, 20)
        }
      }
    )
    clearInterval(poll)
    clearTimeout(killTimer)
    expect(calls(harness.emulator, 'POST', PACKAGES).length).toBeGreaterThan(0)
    expectCleanCancellation(run)
    expectNothingLeftBehind(run, harness.emulator, before)
  }, 60_000)

  it('cancelled after binding, before submitting: the re-run submits once', async () => {
    const harness = await harnessWith()
    const seed = harness.emulator.inspect(SAMPLE.offerId).packages.length
    // The submission request hangs, then fails without reaching the service.
    harness.emulator.faults.add({
      method: 'POST',
      path: SUBMISSIONS,
      delayMs: 3000,
      dropConnection: true,
      times: 1
    })
    const first = await runAndCancel(harness, {}, /::group::Submit to preview/)
    expectCleanCancellation(first)
    expect(resultOf(first).plans.map((plan) => plan.state)).toEqual(['bound', 'bound'])

    const second = await harness.run()
    expect(second.exitCode).toBe(0)
    expect(second.outputs.status).toBe('submitted')
    expectPublishedOnce(harness.emulator, seed)
    expect(calls(harness.emulator, 'POST', PACKAGES)).toHaveLength(2)
    expect(second.summary).toContain('already bound at 1.2.3')
  }, 60_000)

  it('cancelled while waiting for the submission: the re-run follows it', async () => {
    const harness = await harnessWith({ timings: { validation: 1800 } })
    const seed = harness.emulator.inspect(SAMPLE.offerId).packages.length
    const first = await runAndCancel(harness, { 'wait-timeout': '5' }, /Submission \d+: InProgress/)
    expectCleanCancellation(first)
    const submissionId = first.outputs['submission-id']
    expect(submissionId).toMatch(/^\d+$/)
    expect(first.summary).toContain(`submission ${submissionId} was made and goes on`)

    const second = await harness.run({ 'wait-timeout': '5' })
    expect(second.exitCode).toBe(0)
    expect(second.outputs.status).toBe('preview-ready')
    expect(second.outputs['submission-id']).toBe(submissionId)
    expect(resultOf(second).submission?.action).toBe('followed')
    expectPublishedOnce(harness.emulator, seed)
    expect(calls(harness.emulator, 'POST', PACKAGES)).toHaveLength(2)
    expect(calls(harness.emulator, 'PUT', BLOB)).toHaveLength(2)
  }, 60_000)
})

describe('broken paging', () => {
  const SUBMISSION_PAGES = /\/submissions$/i
  for (const [mode, warning] of [
    ['nextLink404', 'the next page answered 404; treating it as the end of the list'],
    ['nextLinkRepeats', 'the service sent the same next page again; stopping there']
  ] as const) {
    it(`${mode}: the list ends cleanly and the command completes`, async () => {
      const harness = await harnessWith({ pageSize: 1 })
      expect((await harness.run()).exitCode).toBe(0)
      harness.emulator.paging.mode = mode
      const before = calls(harness.emulator, 'GET', SUBMISSION_PAGES).length
      const run = await harness.run({ command: 'status' })
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain(`::warning::Listing submissions of`)
      expect(run.stdout).toContain(warning)
      // The first page and the bad link, and nothing after it.
      expect(calls(harness.emulator, 'GET', SUBMISSION_PAGES).length - before).toBe(2)
    })
  }
})

/** A Partner Center call made by someone else than the action, as another tool or a person would. */
async function partnerCenter(emulator: Emulator) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: SAMPLE.clientId,
    client_secret: SAMPLE.clientSecret,
    scope: `${PARTNER_CENTER_RESOURCE}/.default`
  })
  const tokenResponse = await fetch(`${emulator.url}/${SAMPLE.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: form
  })
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string }
  const productId = emulator.inspect(SAMPLE.offerId).productId
  return async (method: string, path: string, body?: unknown, etag?: string) => {
    const response = await fetch(`${emulator.url}/v1.0/ingestion/products/${productId}/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(etag ? { 'if-match': etag } : {})
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    expect(response.ok ? 'ok' : `${response.status} ${await response.text()}`).toBe('ok')
    return (await response.json()) as Record<string, unknown>
  }
}

/** The technical configuration of a plan, read over the API. */
async function readConfiguration(emulator: Emulator, planId: string) {
  const call = await partnerCenter(emulator)
  const variantId = emulator
    .inspect(SAMPLE.offerId)
    .plans.find((plan) => plan.id === planId)!.variantId
  const branches = (await call('GET', 'branches/getByModule(module=Package)')).value as {
    variantID?: string
    currentDraftInstanceID: string
  }[]
  const draft = branches.find((branch) => branch.variantID === variantId)!.currentDraftInstanceID
  const page = await call('GET', `packageConfigurations/getByInstanceID(instanceID=${draft})`)
  return { call, configuration: (page.value as Record<string, unknown>[])[0] }
}

describe('a technical configuration changed by someone else meanwhile', () => {
  for (const status of [412, 409] as const) {
    it(`the stale ETag (${status}) makes the action read it again and keep the other change`, async () => {
      const harness = await harnessWith({
        etagMismatchStatus: status,
        timings: { packageProcessing: 1200 }
      })
      let edited: Promise<void> | undefined
      const run = await harness.run(
        { target: 'draft' },
        {
          onStdout: (chunk) => {
            if (edited || !/\[standard\] package [\w-]+: (Uploaded|InProcessing)/.test(chunk))
              return
            // While the action waits for processing, someone turns on JIT access on the plan (and,
            // as Partner Center wants a greater version with every change, raises it).
            edited = readConfiguration(harness.emulator, 'standard').then(
              async ({ call, configuration }) => {
                await call(
                  'PUT',
                  `packageConfigurations/${String(configuration.id)}`,
                  { ...configuration, version: '1.1.0', allowJitAccess: true },
                  String(configuration['@odata.etag'])
                )
              }
            )
          }
        }
      )
      await edited
      expect(edited).toBeDefined()
      expect(run.exitCode).toBe(0)
      const puts = calls(harness.emulator, 'PUT', /\/packageConfigurations\//i).map((r) => r.status)
      expect(puts).toContain(status)
      const { configuration } = await readConfiguration(harness.emulator, 'standard')
      expect(configuration.version).toBe('1.2.3')
      expect(configuration.allowJitAccess).toBe(true)
      expect(configuration.packageReferences).toEqual([
        {
          type: 'AzureApplicationPackage',
          value: JSON.parse(run.outputs.packages).standard.packageId
        }
      ])
      expect(run.stdout).toContain(
        `[standard] technical configuration changed meanwhile (${status})`
      )
    })
  }
})

describe('long waits', () => {
  it('a wait longer than the token lifetime signs in again and reaches the preview', async () => {
    // Tokens last 600 simulated seconds, one real second; the preview takes three.
    const harness = await harnessWith({
      tokenLifetimeSeconds: 600,
      timings: { previewCreation: 1800 }
    })
    const run = await harness.run({ 'wait-timeout': '5' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('preview-ready')
    const refused = harness.emulator.requests.filter((request) => request.status === 401)
    expect(refused.length).toBeGreaterThan(0)
    const tokens = harness.emulator.requests.filter((request) => /\/oauth2\//.test(request.path))
    expect(tokens.length).toBeGreaterThan(1)
    expectNoSecrets(run, harness.emulator)
  }, 60_000)

  it('when wait-timeout runs out, outputs and summary say where it stopped and how to go on', async () => {
    const harness = await harnessWith({ timings: { validation: 36_000 } })
    const run = await harness.run({ 'wait-timeout': '0.03' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('submitted')
    const submissionId = run.outputs['submission-id']
    const submission = harness.emulator
      .inspect(SAMPLE.offerId)
      .submissions.find((candidate) => candidate.id === submissionId)!
    expect(submission.state).toBe('InProgress')
    expect(resultOf(run).submission).toMatchObject({ id: submissionId, state: 'InProgress' })
    expect(run.summary).toMatch(/Stopped waiting at InProgress\/\w+ when wait-timeout ran out/)
    expect(run.summary).toMatch(/command: status/)
    expect(run.stdout).toMatch(/::notice::Stopped waiting at InProgress/)
  })
})
