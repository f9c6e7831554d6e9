import type { PartnerCenterApi } from '../../partner-center/client.js'
import type { Branch, Product, Submission, Variant } from '../../partner-center/types.js'
import { sameText } from '../../partner-center/normalize.js'
import { RequestError } from '../run-request.js'

/** Modules whose drafts go into a submission (§5.13, §6.1 step 12). */
export const SUBMISSION_MODULES = [
  'Availability',
  'Listing',
  'Package',
  'Property',
  'ResellerConfiguration'
] as const
export type SubmissionModule = (typeof SUBMISSION_MODULES)[number]

/** An Azure Application plan as Partner Center knows it. */
export interface OfferPlan {
  planId: string
  variantId: string
  /** `solution-template` or `managed-application`. */
  kind: string
}

/** Everything about the offer that the commands read before changing anything. */
export interface OfferSnapshot {
  product: Product
  /** Active plans (AzureSkuVariant), the test drive left out. */
  plans: OfferPlan[]
  branches: Record<SubmissionModule, Branch[]>
  submissions: Submission[]
}

/** Finds the offer (by product GUID, listing or Product Ingestion lookup): see find-offer.ts. */
export { findOffer as findProduct } from './find-offer.js'

/** Reads plans, module drafts and submissions in parallel: none depends on another. */
export async function readOffer(
  client: PartnerCenterApi,
  product: Product
): Promise<OfferSnapshot> {
  return startOfferRead(client, product).offer
}

/**
 * `readOffer` with the submissions available on their own as soon as they are read (one page,
 * §5.13), before the plan list's pages: a publish decides from them whether to create its
 * packages while the plans' configurations are read (commands/publish.ts).
 */
export function startOfferRead(
  client: PartnerCenterApi,
  product: Product
): { submissions: Promise<Submission[]>; offer: Promise<OfferSnapshot> } {
  const submissions = client.listSubmissions(product.id)
  return { submissions, offer: assembleOffer(client, product, submissions) }
}

async function assembleOffer(
  client: PartnerCenterApi,
  product: Product,
  submissionsRead: Promise<Submission[]>
): Promise<OfferSnapshot> {
  const [variants, submissions, ...branchLists] = await Promise.all([
    client.listVariants(product.id),
    submissionsRead,
    ...SUBMISSION_MODULES.map((module) => client.listBranches(product.id, module))
  ])
  const branches = Object.fromEntries(
    SUBMISSION_MODULES.map((module, index) => [module, branchLists[index]])
  ) as Record<SubmissionModule, Branch[]>
  return { product, plans: activePlans(variants), branches, submissions }
}

/**
 * The offer with one module's drafts read again, after this run edited them: a submission
 * freezes the draft instances it names (§4), so an edit after one may move the module to a new
 * draft instance, and a submission must name the current one (§5.13). Tolerant of both: if the
 * instance did not change, the snapshot is the same.
 */
export async function rereadDrafts(
  client: PartnerCenterApi,
  offer: OfferSnapshot,
  module: SubmissionModule
): Promise<OfferSnapshot> {
  const branches = await client.listBranches(offer.product.id, module)
  return { ...offer, branches: { ...offer.branches, [module]: branches } }
}

function activePlans(variants: Variant[]): OfferPlan[] {
  return variants
    .filter(
      (variant) =>
        variant.id !== 'testdrive' &&
        sameText(variant.resourceType, 'AzureSkuVariant') &&
        sameText(variant.state, 'Active') &&
        variant.externalID
    )
    .map((variant) => ({
      planId: variant.externalID as string,
      variantId: variant.id,
      // A variant created without a subType reads back as a solution template (§5.4).
      kind: (variant.subType ?? 'solution-template').toLowerCase()
    }))
}

/** Finds the manifest's plans among the offer's; an unknown plan lists those that exist. */
export function matchPlans(offer: OfferSnapshot, planIds: string[]): Map<string, OfferPlan> {
  const matched = new Map<string, OfferPlan>()
  const unknown: string[] = []
  for (const planId of planIds) {
    const plan = offer.plans.find((candidate) => sameText(candidate.planId, planId))
    if (plan) matched.set(planId, plan)
    else unknown.push(planId)
  }
  if (unknown.length > 0) {
    const names = unknown.map((id) => `"${id}"`).join(', ')
    const existing = offer.plans.map((plan) => `${plan.planId} (${plan.kind})`).join(', ') || 'none'
    throw new RequestError(
      `The offer has no active plan ${names}. Its active plans are: ${existing}. Fix the plan ` +
        `ids in the manifest, or create the plan in Partner Center first.`
    )
  }
  return matched
}

/** The draft instance of a module: offer-level without a variant, plan-level with one. */
export function draftOf(
  offer: OfferSnapshot,
  module: SubmissionModule,
  variantId?: string
): string | undefined {
  const branch = offer.branches[module].find((candidate) =>
    variantId ? sameText(candidate.variantID, variantId) : !candidate.variantID
  )
  return branch?.currentDraftInstanceID
}
