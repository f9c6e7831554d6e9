import type { Submission, SubmissionCreationRequest } from '../partner-center/types.js'
import { sameText } from '../partner-center/normalize.js'
import { draftOf, SUBMISSION_MODULES, type OfferSnapshot } from './offer.js'
import { pollUntil } from './polling.js'
import type { RunResult, Target } from './result.js'
import type { Services } from './services.js'
import { describeState, submissionPhase, type SubmissionPhase } from './submission-state.js'

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

/** Records the submission, its workflow steps and (when it failed) its validation messages. */
export async function reportSubmission(
  services: Services,
  productId: string,
  submission: Submission,
  action: NonNullable<RunResult['submission']>['action'],
  run: RunResult
): Promise<void> {
  const failed = submissionPhase(submission) === 'failed'
  const [details, validations] = await Promise.all([
    services.client.listSubmissionWorkflowDetails(productId, submission.id).catch(() => []),
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
        state: step.state ?? ''
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
 * Follows a submission until it reaches one of `until` or fails, or the deadline passes.
 * A failure is not an HTTP error: the POST succeeded and the failure shows later (§9.7).
 */
export async function waitForSubmission(
  services: Services,
  productId: string,
  submission: Submission,
  until: SubmissionPhase[],
  deadline: number
): Promise<{ submission: Submission; timedOut: boolean }> {
  const outcome = await pollUntil({
    read: () => services.client.getSubmission(productId, submission.id),
    done: (current) => {
      const phase = submissionPhase(current)
      return until.includes(phase) || phase === 'failed' || phase === 'cancelled'
    },
    key: describeState,
    onChange: (current) =>
      services.logger.info(`Submission ${submission.id}: ${describeState(current)}`),
    interval: services.polling.submission,
    deadline,
    signal: services.signal
  })
  return { submission: outcome.value, timedOut: outcome.timedOut }
}

export function targetReached(target: Target, submission: Submission): boolean {
  const phase = submissionPhase(submission)
  return target === 'live' ? phase === 'live' : phase === 'preview-ready' || phase === 'live'
}

export function isPreviewReady(submission: Submission): boolean {
  return sameText(submission.state, 'Published') && sameText(submission.substate, 'ReadyToPublish')
}
