import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { SAMPLE } from '../../emulator/index.js'
import { expectNoSecrets, startHarness, writeRequests, type Harness } from './harness.js'

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(async () => {
  await harness.close()
})

describe('status', () => {
  it('reports the newest submission without a manifest when offer-id is given', async () => {
    const submitted = await harness.run()
    const run = await harness.run({
      command: 'status',
      'offer-id': SAMPLE.offerId,
      manifest: 'absent.yml'
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['submission-id']).toBe(submitted.outputs['submission-id'])
    expect(['submitted', 'preview-ready']).toContain(run.outputs.status)
    expect(
      writeRequests(harness.emulator).filter((request) => request.includes('/submissions'))
    ).toHaveLength(1)
    expect(run.summary).toContain('Automated validation')
    expectNoSecrets(run, harness.emulator)
  })
})

describe('go-live', () => {
  it('promotes the preview-ready submission and waits until it is live', async () => {
    const submitted = await harness.run({ 'wait-timeout': '5' })
    expect(submitted.outputs.status).toBe('preview-ready')
    const run = await harness.run({ command: 'go-live', 'wait-timeout': '5' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('live')
    expect(run.outputs['submission-id']).toBe(submitted.outputs['submission-id'])
    const submission = harness.emulator
      .inspect(SAMPLE.offerId)
      .submissions.find((candidate) => candidate.id === run.outputs['submission-id'])!
    expect(submission.substate).toBe('InStore')
  })

  it('fails with the current state when no preview is ready', async () => {
    // Pinned in progress: a submission of a real publish could reach preview-ready before go-live
    // reads it on a loaded machine (simulated time runs 600 times faster).
    harness.emulator.scenario.inProgressSubmission(SAMPLE.offerId)
    const run = await harness.run({ command: 'go-live' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /::error::No submission is waiting to go live: the newest, \d+, is InProgress\//
    )
    expect(harness.emulator.requests.some((request) => /\/promote$/i.test(request.path))).toBe(
      false
    )
  })
})

describe('cancel', () => {
  it('deletes the submission in progress', async () => {
    const id = harness.emulator.scenario.inProgressSubmission(SAMPLE.offerId)
    const run = await harness.run({ command: 'cancel' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('cancelled')
    expect(run.outputs['submission-id']).toBe(id)
    expect(
      harness.emulator
        .inspect(SAMPLE.offerId)
        .submissions.some((submission) => submission.id === id)
    ).toBe(false)
    expect(writeRequests(harness.emulator)).toEqual([
      expect.stringMatching(new RegExp(`^DELETE .*/submissions/${id}$`, 'i'))
    ])
  })

  it('says there is nothing to cancel, and changes nothing, when none is in progress', async () => {
    const run = await harness.run({ command: 'cancel' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('Nothing to cancel')
    expect(writeRequests(harness.emulator)).toEqual([])
  })
})
