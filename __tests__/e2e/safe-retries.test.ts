/**
 * What the action does when a safe call meets a transient answer, and when a conflict appears
 * after its own check (reference §9.21), and with a URL input that is not a bare origin.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { SAMPLE } from '../../emulator/index.js'
import { resultOf, startHarness, writeRequests, type Harness } from './harness.js'

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(async () => {
  await harness.close()
})

const PACKAGE_PUT = /\/v1\.0\/ingestion\/products\/[^/]+\/packages\/[^/]+$/i
const packagePuts = (h: Harness) =>
  h.emulator.requests.filter((r) => r.method === 'PUT' && PACKAGE_PUT.test(r.path))

describe('the PUT that marks a package uploaded', () => {
  it.each([409, 404])('answers %i once: re-read, retried once, published', async (status) => {
    harness.emulator.faults.add({ method: 'PUT', path: PACKAGE_PUT, times: 1, status })
    const run = await harness.run()
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('submitted')
    const puts = packagePuts(harness)
    // Two plans, two packages: one PUT each, plus the one retry.
    expect(puts.map((put) => put.status).sort()).toEqual([200, 200, status].sort())
    const failed = puts.find((put) => put.status === status)!
    expect(puts.filter((put) => put.path === failed.path)).toHaveLength(2)
    expect(run.stdout).toContain(`answered ${status}; reading it again and retrying`)
  })
})

describe('a submission that appears after the check (409 on create)', () => {
  beforeEach(() => {
    harness.emulator.scenario.submissionAppearsBeforeNextCreate(SAMPLE.offerId, {
      substate: 'Submitted',
      finishesAfterSeconds: 600
    })
  })
  const creates = (h: Harness) =>
    h.emulator.requests.filter((r) => r.method === 'POST' && /\/submissions$/i.test(r.path))
  /** The submissions the run did not start with and did not create: the late one. */
  const lateOnes = (h: Harness, before: string[], ours: string) =>
    h.emulator
      .inspect(SAMPLE.offerId)
      .submissions.filter((s) => !before.includes(s.id) && s.id !== ours)

  it('on-conflict fail: a clear error naming it, with the remedies', async () => {
    const run = await harness.run()
    expect(run.exitCode).toBe(1)
    const error = resultOf(run).error ?? ''
    const blocking = harness.emulator
      .inspect(SAMPLE.offerId)
      .submissions.find((s) => s.state === 'InProgress')!
    expect(error).toContain(`submission ${blocking.id}`)
    expect(error).toContain('InProgress/Submitted')
    expect(error).toContain('command: cancel')
    expect(error).toContain('on-conflict: wait')
    expect(creates(harness).map((r) => r.status)).toEqual([409])
  })

  it('on-conflict wait: waits for it, then submits', async () => {
    const before = harness.emulator.inspect(SAMPLE.offerId).submissions.map((s) => s.id)
    const run = await harness.run({ 'on-conflict': 'wait', 'wait-timeout': '5' })
    expect(run.exitCode).toBe(0)
    expect(creates(harness).map((r) => r.status)).toEqual([409, 201])
    const late = lateOnes(harness, before, run.outputs['submission-id'])
    expect(late.map((s) => s.state)).toEqual(['Published'])
    expect(run.stdout).toContain('waiting for it to finish')
  })

  it('on-conflict cancel: cancels it, then submits ours, once', async () => {
    const run = await harness.run({ 'on-conflict': 'cancel' })
    expect(run.exitCode).toBe(0)
    expect(creates(harness).map((r) => r.status)).toEqual([409, 201])
    const deletes = harness.emulator.requests.filter((r) => r.method === 'DELETE')
    expect(deletes).toHaveLength(1)
    const submissions = harness.emulator.inspect(SAMPLE.offerId).submissions
    expect(submissions.filter((s) => s.state === 'InProgress').map((s) => s.id)).toEqual([
      run.outputs['submission-id']
    ])
  })
})

describe('URL inputs', () => {
  it.each(['api-url', 'login-url', 'graph-url'])(
    '%s with a path is refused before any request, naming the origin to use',
    async (name) => {
      const url = `${harness.emulator.url}/v1.0/ingestion`
      const run = await harness.run({ [name]: url })
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toContain(`Input ${name} must be an origin`)
      expect(run.stdout).toContain(`Use "${harness.emulator.url}"`)
      expect(harness.emulator.requests).toEqual([])
      expect(writeRequests(harness.emulator)).toEqual([])
    }
  )
})

describe('a hung upload', () => {
  const BLOB_PUT = { method: 'PUT', path: /^\/blob\//i }
  const STALL = { PARTNER_CENTER_UPLOAD_STALL_MS: '1000' }

  it('the first upload hangs: aborted, sent again, and published', async () => {
    harness.emulator.faults.add({ ...BLOB_PUT, times: 1, delayMs: 30_000 })
    const run = await harness.run({}, { env: STALL })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('submitted')
    expect(run.stdout).toContain('made no progress for 1 s: aborted it, sending it again')
    const offer = harness.emulator.inspect(SAMPLE.offerId)
    expect(offer.packageConfigurations.map((c) => c.version)).toEqual(['1.2.3', '1.2.3'])
  })

  it('every attempt hangs: the package is reported unfinished, not "Nothing was changed"', async () => {
    harness.emulator.faults.add({ ...BLOB_PUT, delayMs: 30_000 })
    const run = await harness.run({}, { env: STALL })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).not.toContain('firewall')
    expect(run.summary).not.toContain('Nothing was changed')
    expect(run.summary).toContain('left unfinished')
    expect(run.stdout).toContain('::warning::Plan ')
    const plans = resultOf(run).plans
    expect(plans.map((plan) => plan.state)).toEqual(['unfinished', 'unfinished'])
    expect(plans.every((plan) => plan.packageId)).toBe(true)
  })
})
