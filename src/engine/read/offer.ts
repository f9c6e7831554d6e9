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
  /**
   * A plan this run creates (plan/new-plans.ts): until it is created it has no variant id and
   * no drafts, and what it would hold is assumed (read/new-plan-drafts.ts).
   */
  pending?: boolean
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

/** What a reader of the offer sees of the plan list and the Package drafts as their pages arrive. */
export interface OfferPageWatch {
  /** The plans read so far (active ones, as in the snapshot), after each page. */
  plans?: (plans: OfferPlan[]) => void
  /** The Package branches read so far, after each page. */
  packageBranches?: (branches: Branch[]) => void
}

/**
 * `readOffer` with the submissions available on their own as soon as they are read (one page,
 * §5.13), before the plan list's pages: a publish decides from them whether to create its
 * packages while the plans' configurations are read (commands/publish.ts). `watch` sees the plan
 * list and the Package branch list page by page, so that a plan's configuration can be read as
 * soon as both pages naming it are in (read/early-configurations.ts).
 */
export function startOfferRead(
  client: PartnerCenterApi,
  product: Product,
  watch: OfferPageWatch = {}
): { submissions: Promise<Submission[]>; offer: Promise<OfferSnapshot> } {
  const submissions = client.listSubmissions(product.id)
  return { submissions, offer: assembleOffer(client, product, { submissions, watch }) }
}

async function assembleOffer(
  client: PartnerCenterApi,
  product: Product,
  {
    submissions: submissionsRead,
    watch
  }: { submissions: Promise<Submission[]>; watch: OfferPageWatch }
): Promise<OfferSnapshot> {
  const onPlans = watch.plans
  const [variants, submissions, ...branchLists] = await Promise.all([
    client.listVariants(product.id, onPlans && { onPage: (read) => onPlans(activePlans(read)) }),
    submissionsRead,
    ...SUBMISSION_MODULES.map((module) =>
      client.listBranches(
        product.id,
        module,
        module === 'Package' && watch.packageBranches ? { onPage: watch.packageBranches } : {}
      )
    )
  ])
  const branches = Object.fromEntries(
    SUBMISSION_MODULES.map((module, index) => [module, branchLists[index]])
  ) as Record<SubmissionModule, Branch[]>
  return { product, plans: activePlans(variants), branches, submissions }
}

/**
 * The offer with the plan-level drafts of `module` read again for the plans `variantIds` only:
 * pages are read until each of them is found (the branch list has no filter, §5.3), and the
 * other plans keep the drafts read before. For the drafts a run edited that a submission named
 * (frozen, §4): only those can have moved to a new instance; the others were edited in place.
 * That is an inference from the reference's model (§4: a submission freezes the instances it
 * names; the emulator moves exactly those, [I]), and it keeps the read to a page or two on an
 * offer with many plans instead of the whole list after every bind (docs/benchmarks.md, 3).
 */
export async function rereadPlanDrafts(
  client: PartnerCenterApi,
  offer: OfferSnapshot,
  module: SubmissionModule,
  variantIds: string[]
): Promise<OfferSnapshot> {
  if (variantIds.length === 0) return offer
  const entryOf = (branches: Branch[], variantId: string) =>
    branches.find((branch) => branch.variantID && sameText(branch.variantID, variantId))
  const fresh = await client.listBranches(offer.product.id, module, {
    until: (read) => variantIds.every((variantId) => entryOf(read, variantId))
  })
  const branches = offer.branches[module].map((branch) =>
    branch.variantID && variantIds.some((variantId) => sameText(variantId, branch.variantID))
      ? (entryOf(fresh, branch.variantID) ?? branch)
      : branch
  )
  return { ...offer, branches: { ...offer.branches, [module]: branches } }
}

/** Whether a listed submission names this draft instance (so it is frozen, §4). */
export function submittedDraft(offer: OfferSnapshot, instanceId: string | undefined): boolean {
  if (!instanceId) return false
  return offer.submissions.some((submission) =>
    [
      ...submission.resources,
      ...(submission.variantResources ?? []).flatMap((entry) => entry.resources)
    ].some((resource) => sameText(resource.value, instanceId))
  )
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
        'ids in the manifest, or give the plan a `kind` (solution-template or ' +
        'managed-application) and a `package` in the manifest to have it created.'
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
