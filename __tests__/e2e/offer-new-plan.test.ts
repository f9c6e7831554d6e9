/**
 * Plans as code (issue 13): a plan the manifest names with a `kind` that the offer does not have
 * is created (POST variants, §5.4), its drafts waited for (§9.12), its listing, availability and
 * technical configuration written, its package bound, and it is submitted with the offer; the dry
 * run shows the create row and writes nothing; invalid new-plan fields are refused on their line.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { SAMPLE_PRODUCT_ID } from '../../emulator/seed.js'
import { Api } from '../emulator/support.js'
import {
  VALID_PACKAGE,
  expectNothingLeftBehind,
  offerBefore,
  resultOf,
  startHarness,
  writeRequests,
  type Harness
} from './harness.js'
import { dryRunThenPublish, expectRefusedOnLine } from './offer-support.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'
const PRINCIPAL = '9b2c4d6e-8f01-4a23-b456-789abcdef012'
const AUDIENCE = '5e2d1c0b-3a4f-4e5d-9c8b-7a6f5e4d3c2b'

/** The sample offer with a new managed-application plan, `enterprise`, private to one tenant. */
const NEW_PLAN = [
  'offer: contoso-app',
  'plans:',
  '  - id: enterprise',
  '    kind: managed-application',
  '    package: build/enterprise.zip',
  '    managedApplication:',
  `      tenantId: ${TENANT}`,
  '      authorizations:',
  `        - { principalId: ${PRINCIPAL}, roleDefinitionId: Owner }`,
  '    listing:',
  '      name: Enterprise',
  '      summary: Run by Contoso for large teams.',
  '    availability:',
  '      markets: [US, DE]',
  '      visibility: private',
  `      privateAudience: [{ id: ${AUDIENCE}, type: tenant, description: Fabrikam }]`
].join('\n')

async function newPlanHarness(hiddenReads = 0): Promise<Harness> {
  const h = (harness = await startHarness({ newPlanHiddenReads: hiddenReads }))
  await h.write('build/enterprise.zip', VALID_PACKAGE)
  await h.write('marketplace.yml', NEW_PLAN)
  return h
}

/** The new plan's resource in its current draft of `module`, as the emulator holds it. */
async function planDraft(h: Harness, collection: string, module: string) {
  const api = await Api.create(h.emulator)
  const variant = await api.variantId(SAMPLE_PRODUCT_ID, 'enterprise')
  const draft = await api.branch(SAMPLE_PRODUCT_ID, module, variant)
  const [resource] = await api.all(
    `products/${SAMPLE_PRODUCT_ID}/${collection}/getByInstanceID(instanceID=${draft})`
  )
  return resource as Record<string, unknown>
}

describe('a plan the offer does not have', () => {
  it('is created, configured, bound and submitted; the dry run shows it and writes nothing; a re-run writes nothing', async () => {
    // Two reads miss the new plan's drafts (§9.12): the writes stay the dry run's.
    const h = await newPlanHarness(2)
    const { dry, planned } = await dryRunThenPublish(h)
    expect(
      planned.map((change) => `${change.module} ${change.subject} ${change.field ?? change.kind}`)
    ).toEqual([
      'Plan enterprise created',
      'Listing enterprise summary',
      'Availability enterprise markets',
      'Availability enterprise visibility',
      'Availability enterprise privateAudience',
      'Package enterprise upload-package',
      'Package enterprise bind-package',
      'Submission contoso-app create-submission'
    ])
    expect(planned[0]).toMatchObject({
      kind: 'create-plan',
      from: '(none)',
      to: 'managed-application',
      writes: ['POST variants']
    })
    expect(dry.stdout).toContain(
      'Plan · enterprise · created: (none) → managed-application [POST variants]'
    )
    expect(dry.summary).toContain('create-plan')

    const state = h.emulator.inspect('contoso-app')
    const plan = state.plans.find((candidate) => candidate.id === 'enterprise')
    expect(plan).toMatchObject({ subType: 'managed-application', state: 'Active' })
    const [configuration] = state.packageConfigurations.filter((c) => c.planId === 'enterprise')
    const bound = state.packages.find((pkg) => pkg.id === configuration.packageReferences[0]?.value)
    expect(configuration.version).toBe('1.2.3')
    expect(bound).toMatchObject({ state: 'Processed' })
    expect(await planDraft(h, 'packageConfigurations', 'Package')).toMatchObject({
      publicAzureTenantID: TENANT,
      publicAzureAuthorizations: [{ principalID: PRINCIPAL, roleDefinitionID: 'Owner' }]
    })
    expect(await planDraft(h, 'listings', 'Listing')).toMatchObject({
      title: 'Enterprise',
      summary: 'Run by Contoso for large teams.'
    })
    expect(await planDraft(h, 'featureAvailabilities', 'Availability')).toMatchObject({
      visibility: 'Private',
      tenantAudiences: [{ ID: AUDIENCE, description: 'Fabrikam' }]
    })
    const submission = state.submissions.at(-1)!
    expect(submission.variantResources.map((entry) => entry.variantID)).toContain(plan!.variantId)

    // The re-run finds the plan and everything in place: no plan created, nothing written.
    const writes = writeRequests(h.emulator).length
    const again = await h.run()
    expect(again.exitCode).toBe(0)
    expect(resultOf(again).changes).toEqual([])
    expect(writeRequests(h.emulator)).toHaveLength(writes)
    expect(
      h.emulator.inspect('contoso-app').plans.filter((p) => p.id === 'enterprise')
    ).toHaveLength(1)
  })

  it("waits for the new plan's drafts, which Partner Center shows only after a few reads (§9.12)", async () => {
    const h = await newPlanHarness(3)
    const run = await h.run()
    expect(run.exitCode).toBe(0)
    // Three reads of each plan module miss the new plan; the fourth finds all three drafts.
    expect(run.stdout).toContain('Plan enterprise: its drafts appeared after 4 read(s)')
    expect(resultOf(run).changes.every((change) => change.done)).toBe(true)
    expect(resultOf(run).status).toBe('submitted')
  })

  it.each([
    [
      'a missing plan without `kind`: the message says what to add',
      ['  - id: enterprise', '    package: build/enterprise.zip'],
      /no active plan "enterprise".*give the plan a `kind`/s
    ],
    [
      'a new plan without a package',
      ['  - id: gold', '    kind: solution-template'],
      /a new plan needs a `package`/
    ],
    [
      "a kind that is not the existing plan's",
      ['  - id: standard', '    kind: solution-template'],
      /is a managed-application plan in Partner Center/
    ]
  ])('refuses %s, and leaves nothing behind', async (_what, lines, message) => {
    const h = await newPlanHarness()
    await h.write('marketplace.yml', ['offer: contoso-app', 'plans:', ...lines].join('\n'))
    const before = offerBefore(h.emulator)
    const run = await h.run()
    expect(run.exitCode).not.toBe(0)
    expect(resultOf(run).error).toMatch(message)
    // Refused once the offer is read: a package that went ahead meanwhile is deleted again.
    expectNothingLeftBehind(run, h.emulator, before)
  })

  it.each([
    [
      'a managed application without its technical configuration',
      ['  - id: gold', '    kind: managed-application', '    package: build/enterprise.zip'],
      3,
      'needs "managedApplication"'
    ],
    [
      'a kind that is not a plan type',
      ['  - id: gold', '    kind: saas', '    package: build/enterprise.zip'],
      4,
      'must be equal to one of the allowed values'
    ],
    [
      'a new plan ID in upper case',
      ['  - id: Gold', '    kind: solution-template', '    package: build/enterprise.zip'],
      3,
      'lower case only: write "gold"'
    ],
    [
      'a tenant that is not a GUID',
      [
        '  - id: gold',
        '    kind: managed-application',
        '    package: build/enterprise.zip',
        '    managedApplication:',
        '      tenantId: contoso.onmicrosoft.com',
        `      authorizations: [{ principalId: ${PRINCIPAL}, roleDefinitionId: Owner }]`
      ],
      7,
      'Microsoft Entra tenant ID (a GUID)'
    ],
    [
      'no authorization',
      [
        '  - id: gold',
        '    kind: managed-application',
        '    package: build/enterprise.zip',
        `    managedApplication: { tenantId: ${TENANT}, authorizations: [] }`
      ],
      6,
      'authorizations must list at least one entry'
    ],
    [
      'a managed application on a solution template',
      [
        '  - id: gold',
        '    kind: solution-template',
        '    package: build/enterprise.zip',
        `    managedApplication: { tenantId: ${TENANT}, authorizations: [{ principalId: ${PRINCIPAL}, roleDefinitionId: Owner }] }`
      ],
      6,
      'add `kind: managed-application`'
    ]
  ])('refuses %s on its line, before anything is written', async (_what, lines, line, message) => {
    const h = await newPlanHarness()
    await h.write('marketplace.yml', ['offer: contoso-app', 'plans:', ...lines].join('\n'))
    const run = await h.run()
    expect(run.outputs.status).toBe('failed')
    expectRefusedOnLine(h, run, line, message)
  })
})
