import { describe, expect, it } from '@jest/globals'
import { finish } from '../../../src/engine/apply/follow.js'
import { waitForSubmission } from '../../../src/engine/apply/wait.js'
import type { Services } from '../../../src/engine/context.js'
import type { PartnerCenterApi } from '../../../src/partner-center/client.js'
import type { Submission, WorkflowDetail } from '../../../src/partner-center/types.js'
import { engineContext } from '../../support/engine-context.js'
import { recordingLogger } from '../../support/recording-logger.js'
import { liveSteps, submissionIn } from '../../support/submissions.js'

const submission = (substate: string, state = 'Published'): Submission =>
  submissionIn(state, substate)
const live = liveSteps

/**
 * Partner Center's submission and its workflow details as two scripts, answered in turn (the
 * last answer repeats). A script entry that is an Error is thrown. Every call is recorded.
 */
function scriptedPartnerCenter(script: {
  submissions: Submission[]
  details?: (WorkflowDetail[] | Error)[]
}) {
  const calls: string[] = []
  const answer = <T>(answers: (T | Error)[], kind: string): T => {
    const index = calls.filter((call) => call === kind).length
    calls.push(kind)
    const value = answers[Math.min(index, answers.length - 1)]
    if (value instanceof Error) throw value
    return value
  }
  const client = {
    getSubmission: async () => answer(script.submissions, 'submission'),
    listSubmissionWorkflowDetails: async () => answer(script.details ?? [[]], 'workflowdetails'),
    listSubmissionValidations: async () => []
  }
  const logger = recordingLogger()
  const services: Services = {
    client: client as unknown as PartnerCenterApi,
    logger,
    signal: new AbortController().signal,
    group: (_name, work) => work(),
    upload: () => Promise.reject(new Error('no uploads in these tests')),
    // Real intervals are minutes; these keep their ratios.
    polling: {
      package: { initialMs: 1, maxMs: 1, factor: 1.5 },
      submission: { initialMs: 1, maxMs: 1, factor: 1.5 },
      steps: { longStepMs: 4, nearChangeMs: 0.5 }
    }
  }
  return { services, calls, logger }
}

const HOUR = 3_600_000

describe('waitForSubmission after promotion', () => {
  it('reads only the steps while certification runs, then the submission until InStore', async () => {
    const partnerCenter = scriptedPartnerCenter({
      submissions: [submission('Publishing'), submission('Publishing'), submission('InStore')],
      details: [
        live('InProgress', 'NotStarted'),
        live('InProgress', 'NotStarted'),
        live('InProgress', 'NotStarted'),
        live('Success', 'InProgress')
      ]
    })
    const outcome = await waitForSubmission(
      partnerCenter.services,
      'p',
      submission('ReadyToPublish'),
      ['live'],
      Date.now() + HOUR
    )
    expect(outcome).toEqual({ submission: submission('InStore'), timedOut: false })
    expect(partnerCenter.calls).toEqual([
      'submission',
      'workflowdetails',
      'workflowdetails',
      'workflowdetails',
      'workflowdetails',
      'submission',
      'submission'
    ])
    expect(partnerCenter.logger.text()).toContain(
      'Submission 7: Published/Publishing, Certification step\n' +
        'Submission 7: Published/Publishing, Publish step\n' +
        'Submission 7: Published/InStore'
    )
  })

  it('ends at a failed step, with the submission as it is then', async () => {
    const partnerCenter = scriptedPartnerCenter({
      submissions: [submission('Publishing'), submission('FailedInCertification', 'InProgress')],
      details: [live('InProgress', 'NotStarted'), live('Failed', 'NotStarted')]
    })
    const outcome = await waitForSubmission(
      partnerCenter.services,
      'p',
      submission('ReadyToPublish'),
      ['live'],
      Date.now() + HOUR
    )
    expect(outcome.submission.substate).toBe('FailedInCertification')
    expect(partnerCenter.calls).toEqual([
      'submission',
      'workflowdetails',
      'workflowdetails',
      'submission'
    ])
  })

  it('follows the submission when the steps cannot be read or are not the expected ones', async () => {
    for (const details of [[new Error('404')], [[{ workflowSteps: [{ name: 'Review' }] }]]]) {
      const partnerCenter = scriptedPartnerCenter({
        submissions: [submission('Publishing'), submission('Publishing'), submission('InStore')],
        details
      })
      const outcome = await waitForSubmission(
        partnerCenter.services,
        'p',
        submission('ReadyToPublish'),
        ['live'],
        Date.now() + HOUR
      )
      expect(outcome.submission.substate).toBe('InStore')
      // One look at the steps, then the submission only: no alternating between the two.
      expect(partnerCenter.calls).toEqual([
        'submission',
        'workflowdetails',
        'submission',
        'submission'
      ])
    }
  })
})

describe('finish', () => {
  it('does not read the steps of a submission it created and did not wait for', async () => {
    const partnerCenter = scriptedPartnerCenter({ submissions: [] })
    const { context, run } = engineContext(partnerCenter.services)
    await finish(context, submission('InDraft', 'InProgress'), {
      productId: 'p',
      action: 'created',
      timedOut: false,
      followed: false
    })
    expect(partnerCenter.calls).toEqual([])
    expect(run.status).toBe('submitted')
  })

  it('reads the steps of a submission it followed, or found or promoted', async () => {
    const details = [live('InProgress', 'NotStarted')]
    for (const [action, followed] of [
      ['created', true],
      ['followed', false],
      ['promoted', false]
    ] as const) {
      const partnerCenter = scriptedPartnerCenter({ submissions: [], details })
      const { context, run } = engineContext(partnerCenter.services)
      await finish(context, submission('Publishing'), {
        productId: 'p',
        action,
        timedOut: false,
        followed
      })
      expect(partnerCenter.calls).toEqual(['workflowdetails'])
      expect(run.submission?.steps.map((step) => step.state)).toEqual(['InProgress', 'NotStarted'])
    }
  })

  it('fails the run on a failed step even while the submission does not say so yet', async () => {
    const partnerCenter = scriptedPartnerCenter({
      submissions: [],
      details: [live('Failed', 'NotStarted')]
    })
    const { context, run } = engineContext(partnerCenter.services, { command: 'go-live' })
    await expect(
      finish(context, submission('Publishing'), {
        productId: 'p',
        action: 'promoted',
        timedOut: false,
        followed: true
      })
    ).rejects.toThrow(
      'Submission 7 failed in Partner Center (Published/Publishing, step Certification: Failed)'
    )
    expect(run.status).toBe('failed')
  })
})
