/**
 * Which Partner Center the emulator plays. The real service changed under its clients in 2026
 * (reference §9 items 2, 3, 18–21); each change is one switch here, so a test can turn on
 * exactly the behaviour it is about, and `docs/partner-center-changes.md` names the switch.
 */
export type ProfileName = 'classic' | '2026'

export interface ServiceProfile {
  name: ProfileName
  /**
   * §9.18 (April 2026 migration): `GET /products` answers an empty page for offers that exist,
   * filtered or not ([I] the filtered case is assumed affected). Every call naming the product
   * GUID still works, and the Product Ingestion lookup finds the offer.
   */
  listingOmitsOffers: boolean
  /**
   * §9.19: the resourceType of a new plan's technical configuration. Undefined: by plan subType
   * (§5.11, the classic service). The 2026 service reads back `AzureApplicationPackageConfiguration`.
   */
  planConfigurationType?: string
  /**
   * §9.3 (June 2026 regression): every ingestion call without an `x-ms-publisherId` header is
   * refused with 400 "x-ms-publisherId is a required header". Off by default in both profiles
   * (Microsoft rolled a fix out); tests switch it on.
   */
  requirePublisherId: boolean
}

export const PROFILE_NAMES: readonly ProfileName[] = ['classic', '2026']

/** A fresh (mutable) profile of that name. */
export function serviceProfile(name: ProfileName): ServiceProfile {
  if (name === '2026') {
    return {
      name,
      listingOmitsOffers: true,
      planConfigurationType: 'AzureApplicationPackageConfiguration',
      requirePublisherId: false
    }
  }
  return { name, listingOmitsOffers: false, requirePublisherId: false }
}

/** Reads a profile name (CLI flag, EMULATOR_PROFILE); throws naming the allowed values. */
export function parseProfileName(value: string | undefined, fallback: ProfileName): ProfileName {
  const text = (value ?? '').trim() || fallback
  if (!(PROFILE_NAMES as readonly string[]).includes(text)) {
    throw new Error(`Unknown emulator profile "${text}"; use one of ${PROFILE_NAMES.join(', ')}.`)
  }
  return text as ProfileName
}
