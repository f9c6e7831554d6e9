import type { PartnerCenterApi } from '../../partner-center/client.js'
import type {
  AzureListing,
  AzureProperty,
  FeatureAvailability,
  ProductAvailability
} from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import type { DraftKind, DraftUpdate } from '../plan/field-changes.js'

/** The full PUT with If-Match of each draft resource (§5.5, §5.7, §5.8, §5.9, §6.2). */
const PUT: Record<
  DraftKind,
  (client: PartnerCenterApi, productId: string, resource: never) => Promise<unknown>
> = {
  listing: (client, productId, resource: AzureListing) => client.updateListing(productId, resource),
  property: (client, productId, resource: AzureProperty) =>
    client.updateProperty(productId, resource),
  productAvailability: (client, productId, resource: ProductAvailability) =>
    client.updateProductAvailability(productId, resource),
  featureAvailability: (client, productId, resource: FeatureAvailability) =>
    client.updateFeatureAvailability(productId, resource)
}

/**
 * Writes each planned draft update (the listing, the properties, the preview audience): one
 * full PUT per resource, then marks its field changes done. In order, so that after a failure
 * the summary says which fields were changed and which were not.
 */
export async function applyDraftUpdates(
  context: EngineContext,
  productId: string,
  updates: DraftUpdate<unknown>[]
): Promise<void> {
  for (const update of updates) {
    await PUT[update.kind](context.client, productId, update.resource as never)
    for (const change of update.changes) context.recorder.done(change)
    context.logger.info(`${update.module}: ${update.changes.length} field(s) updated`)
  }
}
