import type { EngineContext } from '../context.js'
import type { ListingUpdate } from '../plan/listing-changes.js'

/**
 * Writes each planned listing update: one full PUT with If-Match per listing (§5.5, §6.2), then
 * marks its field changes done. In order, so a failure leaves the later ones not done, and the
 * summary says which fields were changed.
 */
export async function applyListingUpdates(
  context: EngineContext,
  productId: string,
  updates: ListingUpdate[]
): Promise<void> {
  for (const update of updates) {
    await context.client.updateListing(productId, update.listing)
    for (const change of update.changes) context.recorder.done(change)
    context.logger.info(
      `Listing ${update.listing.languageCode ?? 'en-us'}: ${update.changes.length} field(s) updated`
    )
  }
}
