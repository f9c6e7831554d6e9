import type {
  ManifestPlanAvailability,
  ManifestPlanListing,
  ManifestPrivateAudience
} from '../../manifest/manifest.js'
import { sameText } from '../../partner-center/normalize.js'
import type { AzureListing, FeatureAvailability } from '../../partner-center/types.js'
import type { DraftField } from '../plan/field-changes.js'
import { textField } from './listing.js'

/**
 * A plan's listing (§5.5, plan level: S3 puts title, summary and description there) and its
 * availability (§5.9) in the manifest's terms.
 */

export const PLAN_LISTING_FIELDS: readonly DraftField<AzureListing, ManifestPlanListing>[] = [
  textField<ManifestPlanListing>('name', 'title'),
  textField<ManifestPlanListing>('summary', 'summary'),
  textField<ManifestPlanListing>('description', 'description', true)
]

type AvailabilityField = DraftField<FeatureAvailability, ManifestPlanAvailability>

const ENABLED = 'Enabled'
const sorted = (codes: string[]) => [...codes].map((code) => code.toUpperCase()).sort()

/** The audience lists of a private plan (§5.9), by the manifest's `type`. */
const AUDIENCE_LISTS = { subscription: 'subscriptionAudiences', tenant: 'tenantAudiences' } as const

export const PLAN_AVAILABILITY_FIELDS: readonly AvailabilityField[] = [
  {
    name: 'markets',
    // The markets whose state is Enabled (§5.9 marketStates), compared as a set.
    read: (resource) =>
      sorted(
        (resource.marketStates ?? [])
          .filter((market) => sameText(market.state, ENABLED))
          .map((market) => market.marketCode ?? '')
      ),
    wanted: (manifest) => (manifest.markets ? sorted(manifest.markets) : undefined),
    write: (resource, manifest) => {
      const wanted = new Set(sorted(manifest.markets ?? []))
      const states = (resource.marketStates ?? []).map((market) => {
        const code = (market.marketCode ?? '').toUpperCase()
        const enabled = wanted.delete(code)
        // A market not listed is disabled; StopSelling and Terminated stay as they are.
        if (enabled) return { ...market, state: ENABLED }
        return sameText(market.state, ENABLED) ? { ...market, state: 'Disabled' } : market
      })
      resource.marketStates = [
        ...states,
        ...[...wanted].map((marketCode) => ({ marketCode, state: ENABLED }))
      ]
    }
  },
  {
    name: 'visibility',
    read: (resource) => (resource.visibility ?? 'Public').toLowerCase(),
    wanted: (manifest) => manifest.visibility,
    write: (resource, manifest) => {
      resource.visibility = manifest.visibility === 'private' ? 'Private' : 'Public'
    }
  },
  {
    name: 'privateAudience',
    read: (resource) =>
      (['subscription', 'tenant'] as const).flatMap((type) =>
        (resource[AUDIENCE_LISTS[type]] ?? []).map((entry) => {
          const id = entry.ID ?? entry.id ?? ''
          return entry.description ? { id, type, description: entry.description } : { id, type }
        })
      ),
    wanted: (manifest) =>
      manifest.privateAudience &&
      // In the order read: subscriptions first, then tenants.
      [...manifest.privateAudience].sort(
        (a, b) => Number(a.type === 'tenant') - Number(b.type === 'tenant')
      ),
    write: (resource, manifest) => {
      const audience: ManifestPrivateAudience[] = manifest.privateAudience ?? []
      for (const type of ['subscription', 'tenant'] as const) {
        resource[AUDIENCE_LISTS[type]] = audience
          .filter((entry) => entry.type === type)
          .map((entry) => ({ ID: entry.id, description: entry.description ?? '' }))
      }
    }
  },
  {
    name: 'hidden',
    read: (resource) => resource.isHidden ?? false,
    wanted: (manifest) => manifest.hidden,
    write: (resource, manifest) => {
      resource.isHidden = manifest.hidden
    }
  }
]
