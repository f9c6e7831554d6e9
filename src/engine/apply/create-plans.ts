import type { ManifestManagedApplication } from '../../manifest/manifest.js'
import { sameText } from '../../partner-center/normalize.js'
import type { Branch, PackageConfiguration } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import type { DraftUpdate } from '../plan/field-changes.js'
import type { NewPlan } from '../plan/new-plans.js'
import type { PublishPlan } from '../plan/publish-plan.js'
import { pollUntil } from '../polling.js'
import { draftOf, type OfferSnapshot } from '../read/offer.js'
import { createOnce } from './create-once.js'

/**
 * How long a new plan's drafts may take to appear. Partner Center creates a plan's branches
 * (Listing, Availability, Package) after the POST answers, and `getByModule` may miss them for a
 * while (§4, §9.12: S3 retries 5 times, 3 s apart). Read with the package's growing interval
 * (2 s, then up to 15 s): about a dozen reads.
 */
const DRAFTS_WAIT_MS = 2 * 60_000

/** The plan-level modules a new plan gets a draft of (§4, §10). */
const PLAN_MODULES = ['Listing', 'Availability', 'Package'] as const

/**
 * Creates the plans the manifest adds (plan/new-plans.ts), each exactly once, waits until each
 * one's drafts show, and then fills in what the plan assumed about them: the listing and
 * availability updates are compared again with the real drafts, and the package work gets the
 * real technical configuration (with a managed application's authorizations written in, so the
 * bind's one PUT sets them). Returns the offer with the new plans' drafts, for the submission.
 * @throws Error when a created plan's drafts do not show within DRAFTS_WAIT_MS (a re-run
 *   continues with the plan, which exists then); PartnerCenterError from the calls.
 */
export async function createPlans(
  context: EngineContext,
  offer: OfferSnapshot,
  plan: PublishPlan
): Promise<OfferSnapshot> {
  let current = offer
  for (const entry of plan.newPlans) current = await createPlan(context, current, entry)
  plan.drafts = await refreshDrafts(context, current, plan.drafts)
  for (const entry of plan.newPlans) await readConfiguration(context, current, plan, entry)
  return current
}

async function createPlan(
  context: EngineContext,
  offer: OfferSnapshot,
  entry: NewPlan
): Promise<OfferSnapshot> {
  const { client, logger, recorder } = context
  const productId = offer.product.id
  const { planId } = entry.plan
  const { value: variant } = await createOnce({
    create: () =>
      client.createVariant(productId, {
        friendlyName: entry.friendlyName,
        externalID: planId,
        subType: entry.kind
      }),
    find: async () =>
      (await client.listVariants(productId)).find((variant) =>
        sameText(variant.externalID, planId)
      ),
    what: `plan ${planId}`,
    logger,
    signal: context.signal
  })
  entry.plan.variantId = variant.id
  recorder.done(entry.change)
  recorder.plan(planId, { variantId: variant.id })
  logger.info(`Plan ${planId}: created as a ${entry.kind} plan (${variant.id})`)
  const drafts = await pollUntil({
    read: () => Promise.all(PLAN_MODULES.map((module) => client.listBranches(productId, module))),
    done: (lists) => lists.every((branches) => hasDraft(branches, variant.id)),
    key: (lists) => lists.map((branches) => hasDraft(branches, variant.id)).join(),
    interval: context.polling.package,
    deadline: Date.now() + DRAFTS_WAIT_MS,
    signal: context.signal
  })
  if (drafts.timedOut) {
    throw new Error(
      `Plan ${planId} was created (${variant.id}), but Partner Center showed no drafts of it ` +
        `after ${drafts.polls} reads in ${DRAFTS_WAIT_MS / 60_000} minutes (a new plan's drafts ` +
        'appear with a delay). Run again: the plan exists now, and the run continues with it.'
    )
  }
  logger.info(`Plan ${planId}: its drafts appeared after ${drafts.polls} read(s)`)
  entry.plan.pending = false
  const [Listing, Availability, Package] = drafts.value
  return { ...offer, branches: { ...offer.branches, Listing, Availability, Package } }
}

const hasDraft = (branches: Branch[], variantId: string) =>
  branches.some((branch) => sameText(branch.variantID, variantId))

/**
 * The new plans' listing and availability updates, compared again with the drafts Partner
 * Center made: written into the real resources (with their ids and ETags). A field the new
 * draft already holds is not written again; its row stays, marked done, saying so. A field the
 * plan did not expect to differ is written too, and a note names it (the rows were planned from
 * what a new plan is assumed to hold, read/new-plan-drafts.ts).
 */
async function refreshDrafts(
  context: EngineContext,
  offer: OfferSnapshot,
  updates: DraftUpdate<unknown>[]
): Promise<DraftUpdate<unknown>[]> {
  const refreshed = await Promise.all(
    updates.map(async (update) => {
      if (!update.refresh) return update
      const fresh = await update.refresh(offer)
      const wanted = new Set(fresh?.changes.map((change) => change.field))
      for (const change of update.changes.filter((candidate) => !wanted.has(candidate.field))) {
        context.recorder.done(change, `${change.description} (the new plan already had it)`)
      }
      const planned = new Set(update.changes.map((change) => change.field))
      for (const change of fresh?.changes.filter((c) => !planned.has(c.field)) ?? []) {
        context.recorder.note(
          `New plan: also written, as the new draft differed: ${change.description}`
        )
      }
      return fresh && { ...update, resource: fresh.resource, refresh: undefined }
    })
  )
  return refreshed.filter((update) => update !== undefined)
}

/** The new plan's technical configuration, read from its Package draft, into its package work. */
async function readConfiguration(
  context: EngineContext,
  offer: OfferSnapshot,
  plan: PublishPlan,
  entry: NewPlan
): Promise<void> {
  const work = plan.works.find((candidate) => candidate.plan === entry.plan)
  if (!work) return
  work.draftId = draftOf(offer, 'Package', entry.plan.variantId) ?? ''
  const [configuration] = await context.client.listPackageConfigurations(
    offer.product.id,
    work.draftId
  )
  if (!configuration) {
    throw new Error(
      `Plan ${entry.plan.planId} has no technical configuration in its Package draft.`
    )
  }
  work.configuration = withManagedApplication(configuration, entry.wanted.managedApplication)
}

/**
 * A managed application's authorizations written into its technical configuration (§5.11:
 * publicAzureTenantID, publicAzureAuthorizations[{principalID, roleDefinitionID}],
 * allowJitAccess, deploymentMode), the rest as read. The 2026 service may give a new plan an
 * AzureApplicationPackageConfiguration (§9.19) whose fields are unknown: the same fields are
 * written to it [I], and its resourceType is sent back as read.
 */
function withManagedApplication(
  configuration: PackageConfiguration,
  managed: ManifestManagedApplication | undefined
): PackageConfiguration {
  if (!managed) return configuration
  return {
    ...configuration,
    publicAzureTenantID: managed.tenantId,
    publicAzureAuthorizations: managed.authorizations.map((authorization) => ({
      principalID: authorization.principalId,
      roleDefinitionID: authorization.roleDefinitionId
    })),
    ...(managed.jitAccess !== undefined && { allowJitAccess: managed.jitAccess }),
    ...(managed.deploymentMode && { deploymentMode: managed.deploymentMode })
  }
}
