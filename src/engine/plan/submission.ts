import type { Submission, SubmissionCreationRequest } from '../../partner-center/types.js'
import { draftOf, SUBMISSION_MODULES, type OfferSnapshot } from '../read/offer.js'

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
