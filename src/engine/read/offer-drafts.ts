import type { PartnerCenterApi } from '../../partner-center/client.js'
import type {
  AzureListing,
  AzureProperty,
  FeatureAvailability,
  ProductAvailability
} from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import type { FieldModule } from '../plan/field-changes.js'
import { RequestError } from '../run-request.js'
import { draftOf, type OfferPlan, type OfferSnapshot } from './offer.js'

/** The resources of each offer-level module draft the manifest edits field by field. */
export interface OfferDraftResources {
  Listing: AzureListing
  Property: AzureProperty
  Availability: ProductAvailability
}

const LIST: {
  [M in FieldModule]: (
    client: PartnerCenterApi,
    productId: string,
    draft: string
  ) => Promise<OfferDraftResources[M][]>
} = {
  // §5.5 listings, one per language; §5.7 properties; §5.8 product availability.
  Listing: (client, productId, draft) => client.listListings(productId, draft),
  Property: (client, productId, draft) => client.listProperties(productId, draft),
  Availability: (client, productId, draft) => client.listProductAvailabilities(productId, draft)
}

/**
 * The resources in a plan's current draft (§5.5 plan listing, §5.9 feature availability, the
 * latter with its markets, trial and prices expanded).
 * @throws RequestError when the plan has no such draft (branches not there yet, §9.12).
 */
export async function readPlanDraft<M extends 'Listing' | 'Availability'>(
  context: EngineContext,
  offer: OfferSnapshot,
  { module, plan }: { module: M; plan: OfferPlan }
): Promise<(M extends 'Listing' ? AzureListing : FeatureAvailability)[]> {
  const draft = draftOf(offer, module, plan.variantId)
  if (!draft) {
    throw new RequestError(
      `Plan ${plan.planId} has no ${module} draft in Partner Center yet; try again in a few minutes.`
    )
  }
  const { client } = context
  const productId = offer.product.id
  return (
    module === 'Listing'
      ? client.listListings(productId, draft)
      : client.listFeatureAvailabilities(productId, draft)
  ) as never
}

/**
 * The resources in the offer's current draft of `module` (offer level: no variant).
 * @throws RequestError when the offer has no such draft (branches not there yet, §9.12).
 */
export async function readOfferDraft<M extends FieldModule>(
  context: EngineContext,
  offer: OfferSnapshot,
  module: M
): Promise<OfferDraftResources[M][]> {
  const draft = draftOf(offer, module)
  if (!draft) {
    throw new RequestError(
      `Offer ${context.request.offerId} has no ${module} draft in Partner Center yet. Open the ` +
        'offer in Partner Center once, or try again in a few minutes.'
    )
  }
  return LIST[module](context.client, offer.product.id, draft)
}
