import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { SAMPLE } from '../../emulator/index.js'
import { startHarness, writeRequests, type Harness } from './harness.js'

let harness: Harness
let existing: string
beforeEach(async () => {
  harness = await startHarness()
  existing = harness.emulator.scenario.inProgressSubmission(SAMPLE.offerId, {
    substate: 'Submitted'
  })
})
afterEach(async () => {
  await harness.close()
})

const submissionsOf = (h: Harness) => h.emulator.inspect(SAMPLE.offerId).submissions

describe('a submission already in progress', () => {
  it('on-conflict fail (default): fails before uploading anything, naming the submission and the ways out', async () => {
    const run = await harness.run()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      `::error::Submission ${existing} is in progress (InProgress/Submitted)`
    )
    expect(run.stdout).toMatch(/on-conflict: wait/)
    expect(writeRequests(harness.emulator)).toEqual([])
  })

  it('on-conflict cancel: deletes it, then publishes', async () => {
    const run = await harness.run({ 'on-conflict': 'cancel' })
    expect(run.exitCode).toBe(0)
    expect(submissionsOf(harness).some((submission) => submission.id === existing)).toBe(false)
    expect(run.outputs['submission-id']).not.toBe(existing)
    expect(run.summary).toContain(`Cancel submission ${existing}`)
  })

  it('on-conflict wait: waits until it is no longer in progress, then publishes', async () => {
    await harness.close()
    harness = await startHarness()
    existing = harness.emulator.scenario.inProgressSubmission(SAMPLE.offerId, {
      substate: 'Submitted',
      finishesAfterSeconds: 600
    })
    const run = await harness.run({ 'on-conflict': 'wait', 'wait-timeout': '5' })
    expect(run.exitCode).toBe(0)
    const old = submissionsOf(harness).find((submission) => submission.id === existing)!
    expect(old.state).toBe('Published')
    expect(run.outputs['submission-id']).not.toBe(existing)
    expect(run.stdout).toContain('waiting for it to finish')
  })
})
