import type { Submission } from '../../partner-center/types.js'
import { sameText } from '../../partner-center/normalize.js'
import type { EngineContext } from '../context.js'
import type { SubmissionReport } from '../result.js'
import { submissionPhase } from './submission-state.js'

/** The newest submission: the highest release number, else the highest id. */
export function latestSubmission(submissions: Submission[]): Submission | undefined {
  const order = (submission: Submission): bigint =>
    BigInt(submission.releaseNumber ?? 0) * 10n ** 20n +
    (/^\d+$/.test(submission.id) ? BigInt(submission.id) : 0n)
  return [...submissions].sort((a, b) =>
    order(a) < order(b) ? 1 : order(a) > order(b) ? -1 : 0
  )[0]
}

/** The submission as far as it is known without further calls, so even a cancelled run names it. */
export function submissionReport(
  submission: Submission,
  action: SubmissionReport['action']
): SubmissionReport {
  return {
    id: submission.id,
    target: submission.targets?.map((target) => target.value).join(', ') || 'preview',
    state: submission.state ?? 'unknown',
    substate: submission.substate ?? 'unknown',
    action,
    steps: []
  }
}

/**
 * Records the submission, its workflow steps (unless `readSteps` is false: the caller knows that
 * none has moved) and, when it failed, its validation messages.
 */
export async function reportSubmission(
  context: EngineContext,
  productId: string,
  submission: Submission,
  action: SubmissionReport['action'],
  { readSteps = true }: { readSteps?: boolean } = {}
): Promise<void> {
  const { recorder } = context
  const failed = submissionPhase(submission) === 'failed'
  const [details, validations] = await Promise.all([
    readSteps
      ? context.client.listSubmissionWorkflowDetails(productId, submission.id).catch(() => [])
      : Promise.resolve([]),
    failed
      ? context.client.listSubmissionValidations(productId, submission.id)
      : Promise.resolve([])
  ])
  recorder.submission({
    ...submissionReport(submission, action),
    steps: details.flatMap((detail) =>
      (detail.workflowSteps ?? []).map((step) => ({
        environment: detail.targetEnvironment ?? detail.type ?? '',
        name: step.name ?? '',
        state: step.state ?? '',
        started: step.startDateTimeInUtc || undefined,
        completed: step.completeDateTimeInUtc || undefined
      }))
    )
  })
  recorder.validations(
    validations.map((item) => ({
      severity: item.severity ?? 'Error',
      code: item.errorCode,
      message: item.message ?? '',
      resource: item.resource
    }))
  )
  if (failed && submission.pendingUpdateInfo?.failureReason) {
    recorder.validations([
      { severity: 'Error', message: submission.pendingUpdateInfo.failureReason }
    ])
  }
}

export function isPreviewReady(submission: Submission): boolean {
  return sameText(submission.state, 'Published') && sameText(submission.substate, 'ReadyToPublish')
}
