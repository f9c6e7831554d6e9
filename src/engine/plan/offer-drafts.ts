import type { EngineContext } from '../context.js'
import { readOfferListings } from '../read/listing.js'
import type { OfferSnapshot } from '../read/offer.js'
import { readOfferDraft } from '../read/offer-drafts.js'
import { PREVIEW_AUDIENCE_FIELDS, PROPERTY_FIELDS } from '../read/properties.js'
import { planFieldChanges, type DraftUpdate } from './field-changes.js'
import { planListingChanges } from './listing-changes.js'

/**
 * The offer-level drafts the manifest edits, field by field: the listing (§5.5), the properties
 * (§5.7) and the preview audience (§5.8). Reads only the modules the manifest names, and returns
 * an update per resource that differs, in that order (§6.2).
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
        subject,
        write: 'PUT productAvailabilities',
        fields: PREVIEW_AUDIENCE_FIELDS,
        manifest: { previewAudience: manifest.previewAudience },
        current
      })
    )
  }
  return updates.filter((update) => update !== undefined)
}
