import { createTwoFilesPatch } from 'diff'
import type { ManifestListing } from '../../manifest/manifest.js'
import type { AzureListing } from '../../partner-center/types.js'
import { LISTING_FIELDS, listingIn, type ListingField } from '../read/listing.js'
import type { Change } from '../result.js'
import { RequestError } from '../run-request.js'

/**
 * One listing's update: the whole listing as read with the manifest's fields written in (a PUT
 * replaces the whole resource, §5.5, §9.5), and one `update-field` change per field that differs.
 */
export interface ListingUpdate {
  listing: AzureListing
  changes: Change[]
}

/** The write each listing change is made by: one full PUT per listing (§5.5). */
const LISTING_WRITE = 'PUT listings'

/**
 * Compares the manifest's listing of each language with Partner Center's and returns an update
 * per listing that differs; fields the manifest leaves out are not compared and are written
 * back as read. `subject`: the offer ID (or plan ID) the rows name.
 * @throws RequestError for a language the offer has no listing in (adding a language is not
 *   supported: Azure Application offers are listed in English, README limitations).
 */
export function planListingChanges(
  subject: string,
  wanted: Record<string, ManifestListing> | undefined,
  current: AzureListing[]
): ListingUpdate[] {
  return Object.entries(wanted ?? {}).flatMap(([language, manifest]) => {
    const listing = listingIn(current, language)
    if (!listing) {
      const languages = current.map((item) => item.languageCode ?? 'en-us').join(', ') || 'none'
      throw new RequestError(
        `${subject} has no ${language} listing in Partner Center (its listings: ${languages}). ` +
          'List the offer in a language it has.'
      )
    }
    const updated: AzureListing = structuredClone(listing)
    const changes: Change[] = []
    for (const field of LISTING_FIELDS) {
      const value = field.wanted(manifest)
      if (value === undefined) continue
      const before = field.read(listing)
      if (sameValue(before, value)) continue
      field.write(updated, manifest)
      changes.push(fieldChange(subject, `${language}.${field.name}`, field, { before, value }))
    }
    return changes.length > 0 ? [{ listing: updated, changes }] : []
  })
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/** One row of the plan: `Listing · subject · field · before → after`; long texts as a diff. */
function fieldChange(
  subject: string,
  name: string,
  field: ListingField,
  { before, value }: { before: unknown; value: unknown }
): Change {
  const change: Change = {
    kind: 'update-field',
    module: 'Listing',
    subject,
    field: name,
    from: shown(before),
    to: shown(value),
    writes: [LISTING_WRITE],
    description: `Listing of ${subject}: ${name} ${shown(before)} → ${shown(value)}`,
    done: false
  }
  if (field.long) {
    const [old, next] = [String(before ?? ''), String(value)]
    change.from = `(${[...old].length} characters)`
    change.to = `(${[...next].length} characters)`
    change.description = `Listing of ${subject}: ${name} changed (${change.from} → ${change.to})`
    change.diff = createTwoFilesPatch(
      `${name} (Partner Center)`,
      `${name} (manifest)`,
      withNewline(old),
      withNewline(next),
      undefined,
      undefined,
      { context: 2 }
    )
      .split('\n')
      // The "====" separator line carries nothing the row does not say.
      .filter((line) => !/^=+$/.test(line))
      .join('\n')
      .trimEnd()
  }
  return change
}

const withNewline = (text: string) => (text.endsWith('\n') || text === '' ? text : `${text}\n`)

/** A value for one table cell: quoted text, lists and objects as compact JSON, `(none)` if unset. */
function shown(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value)
}
