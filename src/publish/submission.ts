import type { Submission, SubmissionCreationRequest } from '../partner-center/types.js'
import { sameText } from '../partner-center/normalize.js'
import { draftOf, SUBMISSION_MODULES, type OfferSnapshot } from './offer.js'
import { pollUntil, type StepIntervals } from './polling.js'
import type { RunResult, Target } from './result.js'
import type { Services } from './services.js'
import {
  describeState,
  readWorkflow,
  submissionPhase,
  type SubmissionPhase,
  type WorkflowReading
} from './submission-state.js'

/**
 * The submission of every module draft, offer-level and per plan (§5.13): sending only the
 * changed Package drafts is unverified for Azure Applications, and leaving out
 * ResellerConfiguration fails validation with Resell-20007.
 */
export function buildSubmissionRequest(offer: OfferSnapshot): SubmissionCreationRequest {
  const resources = SUBMISSION_MODULES.flatMap((module) => {
    let value = draftOf(offer, module)
    // Some accounts show no ResellerConfiguration branch; S3 submits this well-known id instead (§5.12).
    if (!value && module === 'ResellerConfiguration') value = `${offer.product.id}-ResellerInstance`
    return value ? [{ type: module, value }] : []
  })
  const variantResources = offer.plans.map((plan) => ({
    variantID: plan.variantId,
    resources: (['Availability', 'Listing', 'Package'] as const).flatMap((module) => {
      const value = draftOf(offer, module, plan.variantId)
      return value ? [{ type: module, value }] : []
    })
  }))
  return {
    resourceType: 'SubmissionCreationRequest',
    targets: [{ type: 'Scope', value: 'preview' }],
    resources,
    variantResources,
    publishOption: { isManualPublish: true, isAutoPromote: false },
    extendedProperties: []
  }
}

/** Whether a submission was made of exactly these drafts (then it is ours, from an earlier try). */
export function sameDrafts(submission: Submission, request: SubmissionCreationRequest): boolean {
  const key = (resources: { type?: string; value?: string }[] | undefined) =>
    (resources ?? [])
      .map((resource) => `${resource.type}=${resource.value}`.toLowerCase())
      .sort()
      .join(',')
  const variants = (entries: SubmissionCreationRequest['variantResources'] | undefined) =>
    (entries ?? [])
      .map((entry) => `${entry.variantID}:${key(entry.resources)}`.toLowerCase())
      .sort()
      .join(';')
  return (
    key(submission.resources) === key(request.resources) &&
    variants(submission.variantResources) === variants(request.variantResources)
  )
}

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
  action: NonNullable<RunResult['submission']>['action']
): NonNullable<RunResult['submission']> {
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
  services: Services,
  productId: string,
  submission: Submission,
  action: NonNullable<RunResult['submission']>['action'],
  run: RunResult,
  { readSteps = true }: { readSteps?: boolean } = {}
): Promise<void> {
  const failed = submissionPhase(submission) === 'failed'
  const [details, validations] = await Promise.all([
    readSteps
      ? services.client.listSubmissionWorkflowDetails(productId, submission.id).catch(() => [])
      : Promise.resolve([]),
    failed
      ? services.client.listSubmissionValidations(productId, submission.id)
      : Promise.resolve([])
  ])
  run.submission = {
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
  }
  for (const item of validations) {
    run.validations.push({
      severity: item.severity ?? 'Error',
      code: item.errorCode,
      message: item.message ?? '',
      resource: item.resource
    })
  }
  if (failed && submission.pendingUpdateInfo?.failureReason) {
    run.validations.push({ severity: 'Error', message: submission.pendingUpdateInfo.failureReason })
  }
}

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
 * read with the growing interval (at most a minute late). Once promoted it reads
 * Published/Publishing until it is InStore, through Certification (hours to days) and Publish
 * (minutes): one look at the steps tells which, then one workflowdetails read every few minutes
 * while certification runs, and the submission every 30 s once Publish shows, since InStore is
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
    signal: services.signal
  })
  return { submission: outcome.value.submission, timedOut: outcome.timedOut }
}

export function targetReached(target: Target, submission: Submission): boolean {
  const phase = submissionPhase(submission)
  return target === 'live' ? phase === 'live' : phase === 'preview-ready' || phase === 'live'
}

export function isPreviewReady(submission: Submission): boolean {
  return sameText(submission.state, 'Published') && sameText(submission.substate, 'ReadyToPublish')
}
