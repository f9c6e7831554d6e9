import type { ManifestPlan, PlanKind } from '../../manifest/manifest.js'
import { sameText } from '../../partner-center/normalize.js'
import { newPlanName } from '../read/new-plan-drafts.js'
import type { OfferPlan, OfferSnapshot } from '../read/offer.js'
import type { Change } from '../result.js'
import { RequestError } from '../run-request.js'

/** A plan the manifest names with a `kind` and the offer does not have: created by this run. */
export interface NewPlan {
  /** The plan as the rest of the plan sees it: `pending` until created, then its variant id. */
  plan: OfferPlan
  kind: PlanKind
  /** The display name it is created with (§5.4 friendlyName). */
  friendlyName: string
  wanted: ManifestPlan
  /** Its row: `Plan · plan · created · (none) → kind`, made by `POST variants`. */
  change: Change
}

/**
 * The manifest's plans to create: those it gives a `kind` that the offer has no active plan of
 * (plan IDs compared ignoring case, as matchPlans does). A plan the offer has but the manifest
 * leaves out is never touched: nothing is deleted. A plan without `kind` that the offer lacks
 * stays an error (matchPlans says what to add).
 *
 * Throws RequestError, before anything is written: a new plan without `package` (Partner Center
 * publishes no plan without a technical configuration, §5.11), or a `kind` different from the
 * existing plan's (a plan's type is fixed once it exists; Learn, "Create plans for an Azure
 * application offer": the plan setup's type).
 */
export function planNewPlans(plans: ManifestPlan[], offer: OfferSnapshot): NewPlan[] {
  const refused: string[] = []
  const created = plans.flatMap((wanted): NewPlan[] => {
    if (!wanted.kind) return []
    const existing = offer.plans.find((plan) => sameText(plan.planId, wanted.id))
    if (existing) {
      if (existing.kind !== wanted.kind)
        refused.push(
          `Plan ${wanted.id} is a ${existing.kind} plan in Partner Center, and a plan's type ` +
            `cannot be changed: set \`kind: ${existing.kind}\` or remove \`kind\` from the plan.`
        )
      return []
    }
    if (!wanted.package) {
      refused.push(
        `Plan ${wanted.id} does not exist yet: a new plan needs a \`package\` for its technical ` +
          'configuration. Add `package` to the plan in the manifest.'
      )
      return []
    }
    return [newPlan(wanted, wanted.kind)]
  })
  if (refused.length > 0) throw new RequestError(refused.join('\n'))
  return created
}

function newPlan(wanted: ManifestPlan, kind: PlanKind): NewPlan {
  const friendlyName = newPlanName(wanted)
  const managed = wanted.managedApplication
  const authorizations = managed
    ? `, managed from tenant ${managed.tenantId} with ${managed.authorizations.length} ` +
      `authorization${managed.authorizations.length === 1 ? '' : 's'}`
    : ''
  return {
    plan: { planId: wanted.id, variantId: '', kind, pending: true },
    kind,
    friendlyName,
    wanted,
    change: {
      kind: 'create-plan',
      module: 'Plan',
      subject: wanted.id,
      field: 'created',
      from: '(none)',
      to: kind,
      writes: ['POST variants'],
      description: `Create plan ${wanted.id} (${kind}) named ${JSON.stringify(friendlyName)}${authorizations}`,
      done: false
    }
  }
}

/** The offer as the plan sees it: its plans and the ones this run creates (pending). */
export function withNewPlans(offer: OfferSnapshot, created: NewPlan[]): OfferSnapshot {
  return { ...offer, plans: [...offer.plans, ...created.map((entry) => entry.plan)] }
}
