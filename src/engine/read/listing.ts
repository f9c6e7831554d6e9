import type { ManifestContact, ManifestListing } from '../../manifest/manifest.js'
import { sameText } from '../../partner-center/normalize.js'
import type { AzureListing, ListingContact, ListingUri } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import type { DraftField } from '../plan/field-changes.js'
import type { OfferSnapshot } from './offer.js'
import { readOfferDraft } from './offer-drafts.js'

/**
 * The offer listing (§5.5) in the manifest's terms: one entry per field of a manifest listing,
 * how to read it from an AzureListing and how to write it into one. The planner compares what
 * it reads with the manifest; export writes what it reads; the applier PUTs what it writes.
 */

/** The listing-URI type of the privacy policy link (§5.5, S3 template and S5 recording). */
const PRIVACY_URI = 'PrivacyUri'
/**
 * The type given to a new useful link. Not documented [I]: the service's own type for useful
 * links is unknown; a link read back keeps the type it had (README limitations).
 */
const USEFUL_LINK = 'UsefulLink'

/** A field of a listing in the manifest's terms (plan/field-changes.ts). */
export type ListingField = DraftField<AzureListing, ManifestListing>

/** A text field of a listing: `name` in the manifest, `property` in Partner Center's listing. */
export function textField<M>(
  name: keyof M & string,
  property: string,
  long = false
): DraftField<AzureListing, M> {
  return {
    name,
    long,
    read: (listing) => (typeof listing[property] === 'string' ? listing[property] : ''),
    wanted: (manifest) => manifest[name],
    write: (listing, manifest) => {
      listing[property] = manifest[name]
    }
  }
}

/** The contact types Partner Center knows (swagger enum, Appendix B). */
const CONTACT_TYPES = { support: 'CustomerSupport', engineering: 'Engineering' } as const

function contactField(which: keyof typeof CONTACT_TYPES): ListingField {
  const type = CONTACT_TYPES[which]
  const find = (listing: AzureListing) =>
    (listing.listingContacts ?? []).find((contact) => sameText(contact.type, type))
  return {
    name: `contacts.${which}`,
    read: (listing) => {
      const contact = find(listing)
      return contact ? manifestContact(contact, which === 'support') : undefined
    },
    wanted: (manifest) => manifest.contacts?.[which],
    write: (listing, manifest) => {
      const wanted = manifest.contacts![which]!
      const others = (listing.listingContacts ?? []).filter(
        (contact) => !sameText(contact.type, type)
      )
      // The contact keeps what this action does not manage (its uri for engineering).
      listing.listingContacts = [
        ...others,
        {
          ...find(listing),
          type,
          name: wanted.name,
          email: wanted.email,
          phone: wanted.phone,
          ...(which === 'support' ? { uri: wanted.url ?? '' } : {})
        }
      ]
    }
  }
}

function manifestContact(contact: ListingContact, withUrl: boolean): ManifestContact {
  return {
    name: contact.name ?? '',
    email: contact.email ?? '',
    phone: contact.phone ?? '',
    ...(withUrl && contact.uri ? { url: contact.uri } : {})
  }
}

const isPrivacy = (uri: ListingUri) => sameText(uri.type, PRIVACY_URI)

/** Every listing field the manifest can set, in the order the plan shows them. */
export const LISTING_FIELDS: readonly ListingField[] = [
  textField('name', 'title'),
  textField('summary', 'summary'),
  textField('shortDescription', 'shortDescription'),
  textField('description', 'description', true),
  textField('gettingStarted', 'gettingStartedInstructions', true),
  {
    name: 'keywords',
    read: (listing) => listing.keywords ?? [],
    wanted: (manifest) => manifest.keywords,
    write: (listing, manifest) => {
      listing.keywords = manifest.keywords
    }
  },
  {
    name: 'privacyUrl',
    read: (listing) => (listing.listingUris ?? []).find(isPrivacy)?.uri ?? '',
    wanted: (manifest) => manifest.privacyUrl,
    write: (listing, manifest) => {
      const uris = listing.listingUris ?? []
      const current = uris.find(isPrivacy)
      listing.listingUris = [
        ...uris.filter((uri) => !isPrivacy(uri)),
        { ...current, type: PRIVACY_URI, uri: manifest.privacyUrl }
      ]
    }
  },
  {
    name: 'links',
    read: (listing) =>
      (listing.listingUris ?? [])
        .filter((uri) => !isPrivacy(uri))
        .map((uri) => ({ name: uri.displayText ?? '', url: uri.uri ?? '' })),
    wanted: (manifest) => manifest.links,
    write: (listing, manifest) => {
      const uris = listing.listingUris ?? []
      const links = manifest.links!.map((link) => {
        // A link that is there already keeps its type and subtype (write back what was read).
        const same = uris.find((uri) => !isPrivacy(uri) && uri.uri === link.url)
        return { type: USEFUL_LINK, ...same, displayText: link.name, uri: link.url }
      })
      listing.listingUris = [...uris.filter(isPrivacy), ...links]
    }
  },
  contactField('support'),
  contactField('engineering')
]

/** One read of each snapshot's Listing draft: the listing text and the images both need it. */
const listingReads = new WeakMap<OfferSnapshot, Promise<AzureListing[]>>()

/**
 * The listings (one per language) of the offer's Listing draft (§5.5, §6.2), read once per
 * offer snapshot however many parts of the plan ask (the text's fields and the images, which
 * are planned at the same time); a snapshot read again after an edit is a new object, read anew.
 */
export function readOfferListings(
  context: EngineContext,
  offer: OfferSnapshot
): Promise<AzureListing[]> {
  let read = listingReads.get(offer)
  if (!read) {
    read = readOfferDraft(context, offer, 'Listing')
    listingReads.set(offer, read)
  }
  return read
}

/** The listing of one language (language codes ignore case), if there is one. */
export function listingIn(listings: AzureListing[], language: string): AzureListing | undefined {
  return listings.find((listing) => sameText(listing.languageCode ?? 'en-us', language))
}

/**
 * A listing as the manifest would say it, with every field that has a value: what export writes,
 * so that publishing it back plans no change.
 */
export function listingAsManifest(listing: AzureListing): ManifestListing {
  const manifest: Record<string, unknown> = {}
  for (const field of LISTING_FIELDS) {
    const value = field.read(listing)
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
      continue
    if (field.name.startsWith('contacts.')) {
      // A contact the manifest could not hold (a part missing) stays out, and so stays as it is.
      const { name, email, phone } = value as ManifestContact
      if (!name || !email || !phone) continue
      const contacts = (manifest.contacts ?? {}) as Record<string, unknown>
      contacts[field.name.slice('contacts.'.length)] = value
      manifest.contacts = contacts
    } else {
      manifest[field.name] = value
    }
  }
  return manifest as ManifestListing
}
