import type { Submission } from '../../partner-center/types.js'
import type { Services } from '../context.js'
import { pollUntil, type StepIntervals } from '../polling.js'
import {
  describeState,
  readWorkflow,
  submissionPhase,
  type SubmissionPhase,
  type WorkflowReading
} from '../read/submission-state.js'

/**
 * What a wait knows about a submission: the submission as last read and, once it is promoted,
 * its workflow as the latest workflowdetails read of this wait showed it.
 */
export interface SubmissionProgress {
  submission: Submission
  workflow?: WorkflowReading
  /** workflowdetails reads since the submission was last read. */
  stepReads?: number
}

/**
 * While certification runs, the submission itself is still read once in this many step reads
 * (about hourly): should the service leave a step's state behind, the wait still sees the
 * submission move on instead of running into wait-timeout (the step order is [O]/[I], §7.3).
 */
const STEP_READS_PER_SUBMISSION_READ = 15

export interface NextRead {
  read: 'submission' | 'workflowdetails'
  /** A fixed wait before it; undefined keeps the growing interval. */
  afterMs?: number
}

/**
 * What to read next, and when. Until promotion every change shows on the submission, so it is
 * read with the growing interval (at most 25 s late). Once promoted it reads
 * Published/Publishing until it is InStore, through Certification (hours to days) and Publish
 * (minutes): one look at the steps tells which, then one workflowdetails read every few minutes
 * while certification runs, and the submission every 25 s once Publish shows, since InStore is
 * next. Steps other than the expected ones fall back to the growing interval on the submission,
 * which shows every state, failures included.
 */
export function nextSubmissionRead(
  progress: SubmissionProgress,
  intervals: StepIntervals
): NextRead {
  if (submissionPhase(progress.submission) !== 'publishing') return { read: 'submission' }
  if (!progress.workflow) return { read: 'workflowdetails' }
  switch (progress.workflow.running) {
    case 'Certification':
      return {
        read:
          (progress.stepReads ?? 0) >= STEP_READS_PER_SUBMISSION_READ
            ? 'submission'
            : 'workflowdetails',
        afterMs: intervals.longStepMs
      }
    case 'Publish':
      return { read: 'submission', afterMs: intervals.nearChangeMs }
    default:
      return { read: 'submission' }
  }
}

/** The state, and while it is being published, the step that runs or failed. */
export function describeProgress({ submission, workflow }: SubmissionProgress): string {
  const state = describeState(submission)
  if (workflow?.failed) return `${state}, step ${workflow.failed.name}: ${workflow.failed.state}`
  // The last workflow read says nothing about a submission that has moved on since.
  const publishing = submissionPhase(submission) === 'publishing'
  return workflow?.running && publishing ? `${state}, ${workflow.running} step` : state
}

/**
 * Follows a submission until it reaches one of `until` or fails, or the deadline passes.
 * A failure is not an HTTP error: the POST succeeded and the failure shows later (§9.7), on the
 * submission or as a failed workflow step; either ends the wait.
 */
export async function waitForSubmission(
  services: Services,
  productId: string,
  submission: Submission,
  until: SubmissionPhase[],
  deadline: number
): Promise<{ submission: Submission; timedOut: boolean }> {
  const { client, logger } = services
  const intervals = services.polling.steps
  const readSubmission = () => client.getSubmission(productId, submission.id)
  const readWorkflowDetails = async (previous: SubmissionProgress): Promise<SubmissionProgress> => {
    const details = await client
      .listSubmissionWorkflowDetails(productId, submission.id)
      .catch((error: unknown) => {
        // Steps only make the wait cheaper: without them it follows the submission, as before.
        logger.debug(`Workflow details of submission ${submission.id} unreadable: ${String(error)}`)
        return []
      })
    const workflow = readWorkflow(details)
    // A failed step ends the wait: read the submission too, so that it ends on its current state.
    return {
      submission: workflow.failed ? await readSubmission() : previous.submission,
      workflow,
      stepReads: (previous.stepReads ?? 0) + 1
    }
  }
  const outcome = await pollUntil<SubmissionProgress>({
    read: async (previous) =>
      previous && nextSubmissionRead(previous, intervals).read === 'workflowdetails'
        ? readWorkflowDetails(previous)
        : { ...previous, submission: await readSubmission(), stepReads: 0 },
    done: ({ submission: current, workflow }) => {
      const phase = submissionPhase(current)
      return (
        until.includes(phase) ||
        phase === 'failed' ||
        phase === 'cancelled' ||
        workflow?.failed !== undefined
      )
    },
    key: describeProgress,
    onChange: (current) => logger.info(`Submission ${submission.id}: ${describeProgress(current)}`),
    interval: services.polling.submission,
    nextIntervalMs: (current) => nextSubmissionRead(current, intervals).afterMs,
    deadline,
    signal: services.signal,
    progress: { to: services.progress, label: `Submission ${submission.id}` }
  })
  return { submission: outcome.value.submission, timedOut: outcome.timedOut }
}
