import type { EngineContext } from '../context.js'
import { readOfferListings } from '../read/listing.js'
import { matchPlans, type OfferPlan, type OfferSnapshot } from '../read/offer.js'
import { newPlanAvailability, newPlanListing, newPlanName } from '../read/new-plan-drafts.js'
import { readOfferDraft, readPlanDraft } from '../read/offer-drafts.js'
import { PLAN_AVAILABILITY_FIELDS, PLAN_LISTING_FIELDS } from '../read/plan-drafts.js'
import { PREVIEW_AUDIENCE_FIELDS, PROPERTY_FIELDS } from '../read/properties.js'
import { planFieldChanges, type DraftUpdate, type FieldComparison } from './field-changes.js'
import { planListingChanges } from './listing-changes.js'

/**
 * The drafts the manifest edits, field by field: the offer's listing (§5.5), properties (§5.7)
 * and preview audience (§5.8), then each plan's listing and availability (§5.9). Reads only the
 * modules the manifest names, and returns an update per resource that differs, in that order.
 */
export async function planOfferDrafts(
  context: EngineContext,
  offer: OfferSnapshot
): Promise<DraftUpdate<unknown>[]> {
  const { manifest, offerId: subject } = context.request
  const updates: (DraftUpdate<unknown> | undefined)[] = []
  if (manifest?.listing) {
    updates.push(
      ...planListingChanges(subject, manifest.listing, await readOfferListings(context, offer))
    )
  }
  if (manifest?.properties) {
    const [current] = await readOfferDraft(context, offer, 'Property')
    updates.push(
      planFieldChanges({
        module: 'Property',
        kind: 'property',
        subject,
        write: 'PUT properties',
        fields: PROPERTY_FIELDS,
        manifest: manifest.properties,
        current
      })
    )
  }
  if (manifest?.previewAudience) {
    const [current] = await readOfferDraft(context, offer, 'Availability')
    updates.push(
      planFieldChanges({
        module: 'Availability',
        kind: 'productAvailability',
        subject,
        write: 'PUT productAvailabilities',
        fields: PREVIEW_AUDIENCE_FIELDS,
        manifest: { previewAudience: manifest.previewAudience },
        current
      })
    )
  }
  updates.push(...(await planPlanDrafts(context, offer)))
  return updates.filter((update) => update !== undefined)
}

/**
 * Each manifest plan's listing (§5.5) and availability (§5.9), compared with its drafts; a plan
 * that names neither is not read. The plan must exist, or be one this run creates (`pending`,
 * compared with what a new plan holds: read/new-plan-drafts.ts).
 */
async function planPlanDrafts(
  context: EngineContext,
  offer: OfferSnapshot
): Promise<(DraftUpdate<unknown> | undefined)[]> {
  const named = (context.request.manifest?.plans ?? []).filter(
    (plan) => plan.listing || plan.availability
  )
  const matched = matchPlans(
    offer,
    named.map((plan) => plan.id)
  )
  const perPlan = named.map((wanted) => {
    const plan = matched.get(wanted.id)!
    const common = { context, offer, plan, subject: wanted.id }
    return [
      wanted.listing &&
        planPlanModule({
          ...common,
          module: 'Listing',
          kind: 'listing',
          write: 'PUT listings',
          fields: PLAN_LISTING_FIELDS,
          manifest: wanted.listing,
          assumed: newPlanListing(newPlanName(wanted))
        }),
      wanted.availability &&
        planPlanModule({
          ...common,
          module: 'Availability',
          kind: 'featureAvailability',
          write: 'PUT featureAvailabilities',
          fields: PLAN_AVAILABILITY_FIELDS,
          manifest: wanted.availability,
          assumed: newPlanAvailability()
        })
    ]
  })
  return (await Promise.all(perPlan.flat())) as (DraftUpdate<unknown> | undefined)[]
}

/** One plan module's comparison: the draft read, or for a plan to create, the assumed one. */
interface PlanModuleComparison<R, M> extends Omit<FieldComparison<R, M>, 'current'> {
  module: 'Listing' | 'Availability'
  context: EngineContext
  offer: OfferSnapshot
  plan: OfferPlan
  /** What a new plan's draft is assumed to hold. */
  assumed: R
}

async function planPlanModule<R, M>(
  comparison: PlanModuleComparison<R, M>
): Promise<DraftUpdate<R> | undefined> {
  const { context, plan, module } = comparison
  const read = async (offer: OfferSnapshot) =>
    (await readPlanDraft(context, offer, { module, plan }))[0] as R
  if (!plan.pending) {
    return planFieldChanges({ ...comparison, current: await read(comparison.offer) })
  }
  const update = planFieldChanges({ ...comparison, current: comparison.assumed })
  return (
    update && {
      ...update,
      refresh: async (offer) => planFieldChanges({ ...comparison, current: await read(offer) })
    }
  )
}
