import { describe, expect, it } from '@jest/globals'
import { createPlans } from '../../../src/engine/apply/create-plans.js'
import type { Services } from '../../../src/engine/context.js'
import type { DraftUpdate } from '../../../src/engine/plan/field-changes.js'
import { planNewPlans, withNewPlans } from '../../../src/engine/plan/new-plans.js'
import type { PublishPlan } from '../../../src/engine/plan/publish-plan.js'
import type { OfferSnapshot } from '../../../src/engine/read/offer.js'
import type { PlanWork } from '../../../src/engine/read/plan-packages.js'
import type { Change } from '../../../src/engine/result.js'
import type { ManifestPlan } from '../../../src/manifest/manifest.js'
import type { Branch } from '../../../src/partner-center/types.js'
import { engineContext } from '../../support/engine-context.js'
import { recordingLogger } from '../../support/recording-logger.js'

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const PRINCIPAL = '9b2c4d6e-8f01-4a23-b456-789abcdef012'

const WANTED: ManifestPlan = {
  id: 'enterprise',
  kind: 'managed-application',
  package: 'build/enterprise.zip',
  managedApplication: {
    tenantId: TENANT,
    authorizations: [{ principalId: PRINCIPAL, roleDefinitionId: 'Owner' }]
  },
  listing: { name: 'Enterprise', summary: 'For large teams.' }
}

const OFFER = {
  product: { id: 'p', resourceType: 'AzureApplication', name: 'Contoso' },
  plans: [],
  branches: { Availability: [], Listing: [], Property: [], ResellerConfiguration: [], Package: [] },
  submissions: []
} as unknown as OfferSnapshot

/**
 * A Partner Center whose new plan `v9` shows its drafts after `hiddenReads` reads of each
 * module (§9.12), with an unconfigured managed-application technical configuration.
 */
function partnerCenter(hiddenReads: number) {
  const reads = new Map<string, number>()
  const calls: string[] = []
  const client = {
    createVariant: async (_product: string, body: Record<string, unknown>) => {
      calls.push(`POST variants ${JSON.stringify(body)}`)
      return { resourceType: 'AzureSkuVariant', id: 'v9', externalID: body.externalID }
    },
    listBranches: async (_product: string, module: string): Promise<Branch[]> => {
      reads.set(module, (reads.get(module) ?? 0) + 1)
      return reads.get(module)! > hiddenReads
        ? [{ module, currentDraftInstanceID: `d9-${module}`, variantID: 'v9' } as Branch]
        : []
    },
    listPackageConfigurations: async (_product: string, draft: string) => {
      calls.push(`GET configuration ${draft}`)
      return [
        {
          resourceType: 'AzureManagedApplicationPackageConfiguration',
          id: 'c9',
          version: '',
          packageReferences: [],
          publicAzureTenantID: '',
          deploymentMode: 'Incremental'
        }
      ]
    }
  }
  const services = {
    client,
    logger: recordingLogger(),
    polling: { package: { initialMs: 1, maxMs: 1, factor: 1 } }
  } as unknown as Services
  return { services, calls, reads }
}

const row = (field: string): Change => ({
  kind: 'update-field',
  module: 'Listing',
  subject: 'enterprise',
  field,
  writes: ['PUT listings'],
  description: `Listing of enterprise: ${field}`,
  done: false
})

/** The publish plan of the new plan: its listing planned with `summary` and `shortDescription`. */
function publishPlan(refreshed: Change[]): PublishPlan {
  const newPlans = planNewPlans([WANTED], OFFER)
  const offer = withNewPlans(OFFER, newPlans)
  const listing: DraftUpdate<unknown> = {
    module: 'Listing',
    kind: 'listing',
    resource: { id: '' },
    changes: [row('summary'), row('shortDescription')],
    refresh: async (current) => {
      // Compared again with the draft of the plan now created.
      expect(current.branches.Listing[0].currentDraftInstanceID).toBe('d9-Listing')
      // As planFieldChanges answers: undefined when nothing differs.
      return refreshed.length > 0
        ? { module: 'Listing', kind: 'listing', resource: { id: 'l9' }, changes: refreshed }
        : undefined
    }
  }
  const work = { plan: offer.plans[0], draftId: '', configuration: {}, changes: {} } as PlanWork
  return {
    works: [work],
    drafts: [listing],
    newPlans,
    images: [],
    changes: [],
    submission: { kind: 'create' }
  }
}

describe('createPlans', () => {
  it('creates the plan, waits for its drafts, and fills in what the plan assumed', async () => {
    const { services, calls, reads } = partnerCenter(2)
    const { context, run } = engineContext(services)
    const plan = publishPlan([row('summary'), row('title')])
    const offer = await createPlans(context, withNewPlans(OFFER, plan.newPlans), plan)

    expect(calls[0]).toBe(
      'POST variants {"friendlyName":"Enterprise","externalID":"enterprise","subType":"managed-application"}'
    )
    // Two reads of each module miss the drafts, the third finds them.
    expect(Object.fromEntries(reads)).toEqual({ Listing: 3, Availability: 3, Package: 3 })
    expect(plan.newPlans[0].plan).toEqual({
      planId: 'enterprise',
      variantId: 'v9',
      kind: 'managed-application',
      pending: false
    })
    expect(plan.newPlans[0].change.done).toBe(true)
    expect(offer.branches.Package).toEqual([
      { module: 'Package', currentDraftInstanceID: 'd9-Package', variantID: 'v9' }
    ])
    // The listing is written into the real draft; a planned field the new draft already held is
    // done without a write, and a field that differed unexpectedly is written and named.
    expect(plan.drafts).toEqual([expect.objectContaining({ resource: { id: 'l9' } })])
    expect(plan.drafts[0].changes.find((c) => c.field === 'shortDescription')).toMatchObject({
      done: true,
      description: expect.stringContaining('the new plan already had it')
    })
    expect(run.notes).toEqual([expect.stringContaining('also written, as the new draft differed')])
    // The technical configuration read from the new draft, with the authorizations written in.
    expect(calls[1]).toBe('GET configuration d9-Package')
    expect(plan.works[0]).toMatchObject({
      draftId: 'd9-Package',
      configuration: {
        id: 'c9',
        publicAzureTenantID: TENANT,
        publicAzureAuthorizations: [{ principalID: PRINCIPAL, roleDefinitionID: 'Owner' }],
        deploymentMode: 'Incremental'
      }
    })
  })

  it('drops the write of a new plan draft that already holds every field', async () => {
    const { services } = partnerCenter(0)
    const { context } = engineContext(services)
    const plan = publishPlan([])
    await createPlans(context, withNewPlans(OFFER, plan.newPlans), plan)
    expect(plan.drafts).toEqual([])
  })
})
