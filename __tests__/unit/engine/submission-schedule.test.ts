import { describe, expect, it } from '@jest/globals'
import { pollingFromEnvironment } from '../../../src/shell/polling-environment.js'
import type { WorkflowDetail } from '../../../src/partner-center/types.js'
import { submissionIn } from '../../support/submissions.js'
import { readWorkflow } from '../../../src/engine/read/submission-state.js'
import {
  describeProgress,
  nextSubmissionRead,
  type SubmissionProgress
} from '../../../src/engine/apply/wait.js'

/** workflowdetails as the emulator and S6 show them: a Preview and a Live entry (§7.3). */
function details(certification: string, publish: string): WorkflowDetail[] {
  return [
    {
      targetEnvironment: 'Preview',
      state: 'Success',
      workflowSteps: [
        { name: 'Automated validation', state: 'Success' },
        { name: 'Preview Creation', state: 'Success' },
        { name: 'Publisher Signoff', state: 'Success' }
      ]
    },
    {
      targetEnvironment: 'Live',
      state: 'InProgress',
      workflowSteps: [
        { name: 'Certification', state: certification },
        { name: 'Publish', state: publish }
      ]
    }
  ]
}

const submission = submissionIn
const PUBLISHING = submission('Published', 'Publishing')
const INTERVALS = { longStepMs: 240_000, nearChangeMs: 25_000 }

describe('readWorkflow', () => {
  it('tells certification from publish, the two steps behind Published/Publishing', () => {
    expect(readWorkflow(details('InProgress', 'NotStarted'))).toEqual({ running: 'Certification' })
    expect(readWorkflow(details('NotStarted', 'NotStarted'))).toEqual({ running: 'Certification' })
    expect(readWorkflow(details('Success', 'NotStarted'))).toEqual({ running: 'Publish' })
    expect(readWorkflow(details('Success', 'InProgress'))).toEqual({ running: 'Publish' })
    expect(readWorkflow(details('Success', 'Success'))).toEqual({ running: 'Publish' })
  })

  it('reads names and states in any case', () => {
    const shouted: WorkflowDetail[] = [
      { workflowSteps: [{ name: 'CERTIFICATION', state: 'inprogress' }] }
    ]
    expect(readWorkflow(shouted)).toEqual({ running: 'Certification' })
  })

  it('names the first failed step, or a failed workflow that lists no steps', () => {
    expect(readWorkflow(details('Failed', 'NotStarted'))).toEqual({
      failed: { name: 'Certification', state: 'Failed' }
    })
    expect(readWorkflow(details('Success', 'Rejected')).failed).toEqual({
      name: 'Publish',
      state: 'Rejected'
    })
    expect(readWorkflow([{ targetEnvironment: 'Live', state: 'Failed' }])).toEqual({
      failed: { name: 'Live workflow', state: 'Failed' }
    })
  })

  it('knows no step when the steps are missing, renamed or in a state it does not know', () => {
    expect(readWorkflow([])).toEqual({})
    expect(readWorkflow([{ targetEnvironment: 'Live' }])).toEqual({})
    expect(readWorkflow([{ workflowSteps: [{ name: 'Review', state: 'InProgress' }] }])).toEqual({})
    // Not a failure either: the submission, read from then on, would show one.
    expect(readWorkflow(details('Queued', 'NotStarted'))).toEqual({})
  })
})

describe('nextSubmissionRead', () => {
  const next = (progress: SubmissionProgress) => nextSubmissionRead(progress, INTERVALS)

  it('before promotion reads the submission with the growing interval, whatever the steps', () => {
    for (const [state, substate] of [
      ['InProgress', 'InDraft'],
      ['InProgress', 'Submitted'],
      ['Published', 'ReadyToPublish']
    ]) {
      expect(next({ submission: submission(state, substate) })).toEqual({ read: 'submission' })
      expect(
        next({ submission: submission(state, substate), workflow: { running: 'Certification' } })
      ).toEqual({ read: 'submission' })
    }
  })

  it('once promoted looks at the steps first', () => {
    expect(next({ submission: PUBLISHING })).toEqual({ read: 'workflowdetails' })
  })

  it('while certification runs reads the steps every long-step interval, the submission hourly', () => {
    const certifying = { submission: PUBLISHING, workflow: { running: 'Certification' as const } }
    expect(next({ ...certifying, stepReads: 14 })).toEqual({
      read: 'workflowdetails',
      afterMs: 240_000
    })
    // In case the steps stop telling the truth, the submission still shows every state.
    expect(next({ ...certifying, stepReads: 15 })).toEqual({
      read: 'submission',
      afterMs: 240_000
    })
  })

  it('once Publish shows reads the submission every near-change interval, for InStore', () => {
    expect(next({ submission: PUBLISHING, workflow: { running: 'Publish' } })).toEqual({
      read: 'submission',
      afterMs: 25_000
    })
  })

  it('with steps it does not know falls back to the submission and the growing interval', () => {
    expect(next({ submission: PUBLISHING, workflow: {} })).toEqual({ read: 'submission' })
  })
})

describe('describeProgress', () => {
  it('names the step only while the submission is being published', () => {
    expect(describeProgress({ submission: PUBLISHING, workflow: { running: 'Publish' } })).toBe(
      'Published/Publishing, Publish step'
    )
    expect(
      describeProgress({
        submission: submission('Published', 'InStore'),
        workflow: { running: 'Publish' }
      })
    ).toBe('Published/InStore')
    expect(
      describeProgress({
        submission: PUBLISHING,
        workflow: { failed: { name: 'Certification', state: 'Failed' } }
      })
    ).toBe('Published/Publishing, step Certification: Failed')
  })
})

describe('step intervals', () => {
  it('are 4 minutes and 25 s against Partner Center', () => {
    expect(pollingFromEnvironment({}).steps).toEqual(INTERVALS)
  })

  it('shrink with PARTNER_CENTER_POLL_MS by the ratio of its cap to 25 s', () => {
    const speed = 360
    const scaled = pollingFromEnvironment({
      PARTNER_CENTER_POLL_MS: `${5000 / speed},${25_000 / speed}`
    })
    expect(scaled.submission.initialMs).toBeCloseTo(5000 / speed)
    expect(scaled.steps.longStepMs).toBeCloseTo(240_000 / speed)
    expect(scaled.steps.nearChangeMs).toBeCloseTo(25_000 / speed)
    expect(pollingFromEnvironment({ PARTNER_CENTER_POLL_MS: '50,200' }).steps).toEqual({
      longStepMs: 1920,
      nearChangeMs: 200
    })
  })
})
