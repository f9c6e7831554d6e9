import type { Submission } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import {
  describeState,
  isFailedStepState,
  statusOf,
  submissionPhase,
  type SubmissionPhase
} from '../read/submission-state.js'
import { isPreviewReady, reportSubmission } from '../read/submissions.js'
import type { Change, SubmissionReport, Target } from '../result.js'
import { createOnce } from './create-once.js'
import { waitForSubmission } from './wait.js'
import { commandLine, input, naming } from '../../naming.js'

/** Which submission a run follows, and what this run did to it. */
export interface FollowOptions {
  productId: string
  /** Created by this run, found and followed, promoted. */
  action: SubmissionReport['action']
  /**
   * The plan's promotion, when it has one: made once the preview is ready (target live) and
   * marked done then. Without it the follow never promotes.
   */
  promotion?: Change
}

/**
 * Takes a submission as far as `target` before `deadline` (ms since the epoch): for preview
 * until the preview is ready; for live also promotes it (when the plan says so) and waits until
 * it is in the store. Records the state reached, and says how to continue when the time runs out.
 */
export async function followSubmission(
  context: EngineContext,
  submission: Submission,
  target: Exclude<Target, 'draft'>,
  deadline: number,
  options: FollowOptions
): Promise<void> {
  const { productId } = options
  let { action } = options
  let current = submission
  let timedOut = false
  const waitFor = async (until: SubmissionPhase[]): Promise<void> => {
    ;({ submission: current, timedOut } = await waitForSubmission(
      context,
      productId,
      current,
      until,
      deadline
    ))
  }
  if (submissionPhase(current) === 'in-progress')
    await waitFor(['preview-ready', 'publishing', 'live'])
  if (target === 'live' && !timedOut) {
    const promotable = isPreviewReady(current) && options.promotion !== undefined
    if (promotable) {
      await promote(context, productId, current, options.promotion)
      action = 'promoted'
    }
    if (promotable || submissionPhase(current) === 'publishing') await waitFor(['live'])
  }
  await finish(context, current, { productId, action, timedOut, followed: true })
}

/**
 * Promotes a preview-ready submission to live (§5.13), exactly once, and marks `change` done.
 * The POST is not repeated blindly: a submission already on its way to live after an ambiguous
 * failure was promoted by it.
 */
export async function promote(
  context: EngineContext,
  productId: string,
  submission: Submission,
  change: Change | undefined
): Promise<void> {
  await createOnce({
    create: async () => {
      await context.client.promoteSubmission(productId, submission.id)
      return true
    },
    find: async () => {
      const phase = submissionPhase(await context.client.getSubmission(productId, submission.id))
      return phase === 'publishing' || phase === 'live' ? true : undefined
    },
    what: `the promotion of submission ${submission.id}`,
    logger: context.logger,
    signal: context.signal
  })
  context.logger.info(`Submission ${submission.id} promoted: going live`)
  if (change) context.recorder.done(change, `Promoted submission ${submission.id} to live`)
}

/** How a run ends with its submission. */
export interface FinishOptions {
  productId: string
  action: SubmissionReport['action']
  /** The wait ran out before the target was reached. */
  timedOut: boolean
  /** The run waited on the submission (the commands that do not wait finish straight away). */
  followed: boolean
}

/**
 * Records the final state; a failed submission or workflow step fails the run (throws), a
 * timeout only adds a note on how to continue.
 */
export async function finish(
  context: EngineContext,
  submission: Submission,
  options: FinishOptions
): Promise<void> {
  const { recorder } = context
  const { action, timedOut } = options
  // A submission created a moment ago and not followed is at its first step: its steps would
  // show nothing worth a call on the critical path.
  const readSteps = options.followed || action !== 'created'
  await reportSubmission(context, options.productId, submission, action, { readSteps })
  const submissionFailed = submissionPhase(submission) === 'failed'
  const failedStep = recorder.result.submission?.steps.find((step) => isFailedStepState(step.state))
  if (submissionFailed || failedStep) {
    recorder.status('failed')
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
  recorder.status(statusOf(submission))
  if (timedOut) {
    const next = isPreviewReady(submission)
      ? `${naming().run('go-live')} to promote it`
      : `${naming().run('status')} later to see where it is, and ${commandLine('go-live')} once the preview is ready`
    recorder.note(
      `Stopped waiting at ${describeState(submission)} when ${input('wait-timeout')} ran out. The submission ` +
        `goes on in Partner Center: ${next}.`
    )
  }
}
