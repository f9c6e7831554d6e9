import type { Submission } from '../partner-center/types.js'
import { createOnce } from './create-once.js'
import type { RunResult, Target } from './result.js'
import type { Services } from './services.js'
import {
  describeState,
  isFailedStepState,
  statusOf,
  submissionPhase,
  type SubmissionPhase
} from './submission-state.js'
import { isPreviewReady, reportSubmission, waitForSubmission } from './submission.js'

/**
 * Takes a submission as far as `target` before `deadline`: for preview until the preview is
 * ready; for live also promotes it and waits until it is in the store. Sets the run's status to
 * the state reached, and says how to continue when the time runs out.
 */
export async function followSubmission(
  services: Services,
  productId: string,
  submission: Submission,
  target: Exclude<Target, 'draft'>,
  deadline: number,
  run: RunResult,
  action: NonNullable<RunResult['submission']>['action']
): Promise<void> {
  let current = submission
  let timedOut = false
  const waitFor = async (until: SubmissionPhase[]): Promise<void> => {
    ;({ submission: current, timedOut } = await waitForSubmission(
      services,
      productId,
      current,
      until,
      deadline
    ))
  }
  if (submissionPhase(current) === 'in-progress')
    await waitFor(['preview-ready', 'publishing', 'live'])
  if (target === 'live' && !timedOut) {
    const promotable = isPreviewReady(current)
    if (promotable) {
      await promote(services, productId, current, run)
      action = 'promoted'
    }
    if (promotable || submissionPhase(current) === 'publishing') await waitFor(['live'])
  }
  await finish(services, productId, current, run, action, timedOut, true)
}

export async function promote(
  services: Services,
  productId: string,
  submission: Submission,
  run: RunResult
): Promise<void> {
  // The promote POST is not repeated blindly either: a submission already on its way to live
  // after an ambiguous failure was promoted by it.
  await createOnce({
    create: async () => {
      await services.client.promoteSubmission(productId, submission.id)
      return true
    },
    find: async () => {
      const phase = submissionPhase(await services.client.getSubmission(productId, submission.id))
      return phase === 'publishing' || phase === 'live' ? true : undefined
    },
    what: `the promotion of submission ${submission.id}`,
    logger: services.logger,
    signal: services.signal
  })
  services.logger.info(`Submission ${submission.id} promoted: going live`)
  run.changes.push({ description: `Promoted submission ${submission.id} to live`, done: true })
}

/**
 * Records the final state; a failed submission or workflow step fails the run, a timeout only
 * warns. `followed`: the run waited on the submission (the commands that do not wait call this
 * straight away).
 */
export async function finish(
  services: Services,
  productId: string,
  submission: Submission,
  run: RunResult,
  action: NonNullable<RunResult['submission']>['action'],
  timedOut: boolean,
  followed = false
): Promise<void> {
  // A submission created a moment ago and not followed is at its first step: its steps would
  // show nothing worth a call on the critical path.
  const readSteps = followed || action !== 'created'
  await reportSubmission(services, productId, submission, action, run, { readSteps })
  const submissionFailed = submissionPhase(submission) === 'failed'
  const failedStep = run.submission?.steps.find((step) => isFailedStepState(step.state))
  if (submissionFailed || failedStep) {
    run.status = 'failed'
    // A step can show the failure before the submission's own state does: then it is named.
    const where =
      failedStep && !submissionFailed
        ? `${describeState(submission)}, step ${failedStep.name}: ${failedStep.state}`
        : describeState(submission)
    throw new Error(
      `Submission ${submission.id} failed in Partner Center (${where}). ` +
        `See the validation messages, fix the offer and publish again.`
    )
  }
  run.status = statusOf(submission)
  if (timedOut) {
    const next = isPreviewReady(submission)
      ? 'run this action with `command: go-live` to promote it'
      : 'run this action later with `command: status` to see where it is, and `command: go-live` once the preview is ready'
    run.notes.push(
      `Stopped waiting at ${describeState(submission)} when wait-timeout ran out. The submission ` +
        `goes on in Partner Center: ${next}.`
    )
  }
}
