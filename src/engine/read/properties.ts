import type { ManifestPreviewAudience, ManifestProperties } from '../../manifest/manifest.js'
import { sameText } from '../../partner-center/normalize.js'
import type { AzureProperty, ProductAvailability } from '../../partner-center/types.js'
import type { DraftField } from '../plan/field-changes.js'

/**
 * The offer's properties (§5.7) and preview audience (§5.8) in the manifest's terms: how each
 * manifest field reads from and writes into the draft resource. The planner compares, export
 * writes what is read, the applier PUTs what is written.
 */

type PropertyField = DraftField<AzureProperty, ManifestProperties>

function simple<K extends keyof ManifestProperties & string>(
  name: K,
  property: string,
  empty: unknown,
  long = false
): PropertyField {
  return {
    name,
    long,
    read: (resource) => resource[property] ?? empty,
    wanted: (manifest) => manifest[name],
    write: (resource, manifest) => {
      resource[property] = manifest[name]
    }
  }
}

/** Every property the manifest can set, in the order the plan shows them. */
export const PROPERTY_FIELDS: readonly PropertyField[] = [
  {
    name: 'categories',
    // Category → subcategories (leveledCategories, §5.7); `categories` alone on older offers.
    read: (resource) => {
      const leveled = resource.leveledCategories ?? {}
      if (Object.keys(leveled).length > 0) return leveled
      return Object.fromEntries((resource.categories ?? []).map((category) => [category, []]))
    },
    wanted: (manifest) => manifest.categories,
    write: (resource, manifest) => {
      resource.leveledCategories = manifest.categories
      resource.categories = Object.keys(manifest.categories ?? {})
    }
  },
  simple('industries', 'industries', []),
  simple('appVersion', 'appVersion', ''),
  simple('standardContract', 'useEnterpriseContract', false),
  simple('termsOfUse', 'termsOfUse', '', true)
]

/** The audience type that holds the preview audience's subscription IDs (§5.8, S3). */
const PREVIEW_GROUP = 'PreviewMarketplaceGroup'

/** The manifest's `previewAudience`, as the one field of the offer's availability it sets. */
export const PREVIEW_AUDIENCE_FIELDS: readonly DraftField<
  ProductAvailability,
  { previewAudience?: ManifestPreviewAudience[] }
>[] = [
  {
    name: 'previewAudience',
    read: (resource) => {
      const ids =
        (resource.audiences ?? []).find((audience) => sameText(audience.type, PREVIEW_GROUP))
          ?.values ?? []
      // Descriptions, where Partner Center keeps them: subscriptionAudiences by ID [I].
      const described = resource.subscriptionAudiences ?? []
      return ids.map((subscription) => {
        const description = described.find((entry) =>
          sameText(entry.ID ?? entry.id, subscription)
        )?.description
        return description ? { subscription, description } : { subscription }
      })
    },
    wanted: (manifest) => manifest.previewAudience,
    write: (resource, manifest) => {
      const audience = manifest.previewAudience ?? []
      resource.audiences = [
        ...(resource.audiences ?? []).filter((entry) => !sameText(entry.type, PREVIEW_GROUP)),
        { type: PREVIEW_GROUP, values: audience.map((entry) => entry.subscription) }
      ]
      resource.subscriptionAudiences = audience.map((entry) => ({
        ID: entry.subscription,
        description: entry.description ?? ''
      }))
    }
  }
]

/** Fields read from a resource, as a manifest section: what export writes (empty ones left out). */
export function fieldsAsManifest<R, M>(
  fields: readonly DraftField<R, M>[],
  resource: R
): Partial<Record<string, unknown>> {
  const section: Record<string, unknown> = {}
  for (const field of fields) {
    const value = field.read(resource)
    const empty =
      value === undefined ||
      value === '' ||
      value === false ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
    if (!empty) section[field.name] = value
  }
  return section
}
