import type { RunStatus } from './result.js'

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
