import type { ManifestListing } from '../../manifest/manifest.js'
import type { AzureListing } from '../../partner-center/types.js'
import { LISTING_FIELDS, listingIn } from '../read/listing.js'
import { RequestError } from '../run-request.js'
import { planFieldChanges, type DraftUpdate } from './field-changes.js'

/**
 * Compares the manifest's listing of each language with Partner Center's and returns an update
 * per listing that differs (one full PUT each, §5.5); fields the manifest leaves out are written
 * back as read. `subject`: the offer ID the rows name.
 * @throws RequestError for a language the offer has no listing in (adding a language is not
 *   supported: Azure Application offers are listed in English, README limitations).
 */
export function planListingChanges(
  subject: string,
  wanted: Record<string, ManifestListing> | undefined,
  current: AzureListing[]
): DraftUpdate<AzureListing>[] {
  return Object.entries(wanted ?? {}).flatMap(([language, manifest]) => {
    const listing = listingIn(current, language)
    if (!listing) {
      const languages = current.map((item) => item.languageCode ?? 'en-us').join(', ') || 'none'
      throw new RequestError(
        `${subject} has no ${language} listing in Partner Center (its listings: ${languages}). ` +
          'List the offer in a language it has.'
      )
    }
    const update = planFieldChanges({
      module: 'Listing',
      kind: 'listing',
      subject,
      prefix: `${language}.`,
      write: 'PUT listings',
      fields: LISTING_FIELDS,
      manifest,
      current: listing
    })
    return update ? [update] : []
  })
}
