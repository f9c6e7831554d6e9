import type { ManifestPlan } from '../../manifest/manifest.js'
import type {
  AzureListing,
  FeatureAvailability,
  PackageConfiguration
} from '../../partner-center/types.js'
import type { OfferPlan } from './offer.js'

/**
 * What a plan this run creates is assumed to hold once created, so that the plan (and a dry run)
 * can show its rows before it exists. From the recorded create (§5.4: the display name is the
 * friendlyName sent) and the draft resources' fields (§5.5, §5.9, §5.11); a new plan's exact
 * defaults are not recorded [I]. The real run reads the real drafts once the plan exists and
 * writes the manifest's fields into those (apply/create-plans.ts), so a wrong guess changes a
 * row's "before", never what is written.
 */
export function newPlanListing(friendlyName: string): AzureListing {
  return { resourceType: 'AzureListing', id: '', languageCode: 'en-us', title: friendlyName }
}

/** A new plan's availability: public, in no market yet (§5.9). */
export function newPlanAvailability(): FeatureAvailability {
  return { resourceType: 'FeatureAvailability', id: '', visibility: 'Public', marketStates: [] }
}

/** A new plan's technical configuration: the type of its kind (§5.11), no version, no package. */
export function newPlanConfiguration(plan: OfferPlan): PackageConfiguration {
  return {
    resourceType:
      plan.kind === 'managed-application'
        ? 'AzureManagedApplicationPackageConfiguration'
        : 'AzureSolutionTemplatePackageConfiguration',
    id: '',
    version: '',
    packageReferences: []
  }
}

/**
 * The display name a new plan is created with (§5.4 friendlyName): its listing's name, else its
 * plan ID. Partner Center shows it as the plan listing's name (§5.5).
 */
export function newPlanName(wanted: ManifestPlan): string {
  return wanted.listing?.name ?? wanted.id
}
