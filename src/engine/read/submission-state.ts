import type { WorkflowDetail } from '../../partner-center/types.js'
import type { RunStatus } from '../result.js'

/**
 * Reading a submission's state. The reference (§7.2) knows the Business Central sequence and
 * infers the Azure Application one, and production returns values outside the OpenAPI enums, so
 * everything here compares case-insensitively and treats unknown values as "still in progress".
 */
export interface SubmissionLike {
  state?: string
  substate?: string
  pendingUpdateInfo?: { status?: string; updateType?: string; failureReason?: string }
}

const is = (value: string | undefined, expected: string): boolean =>
  (value ?? '').toLowerCase() === expected.toLowerCase()

export type SubmissionPhase =
  'in-progress' | 'failed' | 'preview-ready' | 'publishing' | 'live' | 'cancelled'

export function submissionPhase(submission: SubmissionLike): SubmissionPhase {
  const { state, substate, pendingUpdateInfo } = submission
  if (is(substate, 'Cancelled') || is(state, 'Cancelled')) return 'cancelled'
  if (
    is(substate, 'Failed') ||
    is(substate, 'FailedInCertification') ||
    is(pendingUpdateInfo?.status, 'Failed')
  ) {
    return 'failed'
  }
  if (is(state, 'Published')) {
    if (is(substate, 'ReadyToPublish')) return 'preview-ready'
    if (is(substate, 'InStore') || is(substate, 'Published')) return 'live'
    return 'publishing'
  }
  return 'in-progress'
}

/** The `status` output for a submission. */
export function statusOf(submission: SubmissionLike): RunStatus {
  const phase = submissionPhase(submission)
  return phase === 'in-progress' ? 'submitted' : phase
}

/**
 * Whether the submission blocks a new one (§6.3): it is in progress and has not failed, or it is
 * published but still on its way to the store.
 */
export function blocksNewSubmission(submission: SubmissionLike): boolean {
  const phase = submissionPhase(submission)
  return phase === 'in-progress' || phase === 'publishing'
}

/** Whether DELETE can still cancel it: the API deletes only InProgress submissions (§5.13). */
export function canBeCancelled(submission: SubmissionLike): boolean {
  return is(submission.state, 'InProgress') && submissionPhase(submission) !== 'failed'
}

export function describeState(submission: SubmissionLike): string {
  return `${submission.state ?? 'unknown'}/${submission.substate ?? 'unknown'}`
}

/**
 * A promoted submission's workflow, as far as its wait cares (§7.3: steps observed on Business
 * Central offers [O], unconfirmed for Azure Applications [I]). After promotion the submission
 * stays Published/Publishing through Certification (hours to days) and Publish (minutes), so
 * only the steps tell them apart.
 */
export interface WorkflowReading {
  /** Undefined when the steps are not the expected ones: the wait then follows the submission. */
  running?: 'Certification' | 'Publish'
  /** The first step, or whole workflow, whose state reads as a failure. */
  failed?: { name: string; state: string }
}

/**
 * S6 counts any state but NotStarted, InProgress and Success as a failure; here only a state
 * that says so is one, so that an unknown but harmless state cannot fail a good run. An unknown
 * state leaves `running` undefined instead, and the submission, read from then on, shows a
 * failure as its own state.
 */
export function isFailedStepState(state: string | undefined): boolean {
  return /fail|reject|error|abort/i.test(state ?? '')
}

export function readWorkflow(details: WorkflowDetail[]): WorkflowReading {
  const steps = details.flatMap((detail) => detail.workflowSteps ?? [])
  const failed =
    steps.find((step) => isFailedStepState(step.state)) ??
    details
      .filter((detail) => isFailedStepState(detail.state))
      .map((detail) => ({
        name: `${detail.targetEnvironment ?? ''} workflow`,
        state: detail.state
      }))[0]
  if (failed)
    return { failed: { name: failed.name?.trim() || 'a step', state: failed.state ?? '' } }
  const stateOf = (name: string): string | undefined =>
    steps.find((step) => is(step.name, name))?.state
  const certification = stateOf('Certification')
  const publish = stateOf('Publish')
  // Once certification is over, Publish is what runs, whether or not its own step says so yet.
  if (is(certification, 'Success') || is(publish, 'InProgress') || is(publish, 'Success')) {
    return { running: 'Publish' }
  }
  // Not started yet: the promotion was just accepted, and certification is still what comes next.
  if (is(certification, 'InProgress') || is(certification, 'NotStarted')) {
    return { running: 'Certification' }
  }
  return {}
}
