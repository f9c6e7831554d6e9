/**
 * Plans as code (issue 13, slice 4): a plan's listing and availability (markets, public or
 * private with its audience, hidden), each changed alone and all together with a package, the
 * dry run's rows and writes equal to what the real run then does; invalid values refused on
 * their line before any write.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { VALID_PACKAGE, startHarness, writeRequests, type Harness } from './harness.js'
import { dryRunThenPublish, expectRefusedOnLine, offerDraft } from './offer-support.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const manifest = (...lines: string[]) => ['offer: contoso-app', 'plans:', ...lines].join('\n')
const SUBSCRIPTION = '3f2a1b0c-4d5e-4f60-8a7b-9c0d1e2f3a4b'

describe('plan listing and availability', () => {
  it("a plan's listing alone: its rows name the plan, one PUT of its listing", async () => {
    const h = (harness = await startHarness())
    await h.write(
      'marketplace.yml',
      manifest(
        '  - id: standard',
        '    listing:',
        '      name: Standard (managed)',
        '      description: <p>Run by Contoso, with a 99.9% SLA.</p>'
      )
    )
    const { planned } = await dryRunThenPublish(h)
    expect(planned.filter((change) => change.kind === 'update-field')).toMatchObject([
      { module: 'Listing', subject: 'standard', field: 'name', to: '"Standard (managed)"' },
      { module: 'Listing', subject: 'standard', field: 'description', from: '(0 characters)' }
    ])
    expect(await offerDraft(h, 'Listing', 'standard')).toMatchObject({
      title: 'Standard (managed)',
      summary: 'The managed Contoso App, run by Contoso.',
      description: '<p>Run by Contoso, with a 99.9% SLA.</p>'
    })
  })

  it('a private plan with its audience, hidden, in other markets: one PUT of its availability', async () => {
    const h = (harness = await startHarness())
    await h.write(
      'marketplace.yml',
      manifest(
        '  - id: standard',
        '    availability:',
        '      markets: [us, fr]',
        '      visibility: private',
        '      privateAudience:',
        `        - { id: ${SUBSCRIPTION}, type: subscription, description: Fabrikam pilot }`,
        '      hidden: true'
      )
    )
    const { planned } = await dryRunThenPublish(h)
    expect(planned.filter((change) => change.kind === 'update-field')).toMatchObject([
      { module: 'Availability', field: 'markets', from: '["DE","US"]', to: '["FR","US"]' },
      { field: 'visibility', from: '"public"', to: '"private"' },
      { field: 'privateAudience', from: '[]' },
      { field: 'hidden', from: 'false', to: 'true', writes: ['PUT featureAvailabilities'] }
    ])
    expect(await offerDraft(h, 'Availability', 'standard')).toMatchObject({
      visibility: 'Private',
      isHidden: true,
      marketStates: [
        { marketCode: 'US', state: 'Enabled' },
        { marketCode: 'DE', state: 'Disabled' },
        { marketCode: 'FR', state: 'Enabled' }
      ],
      subscriptionAudiences: [{ ID: SUBSCRIPTION, description: 'Fabrikam pilot' }]
    })
  })

  it('all together with a new package: the plan of the dry run is what is written', async () => {
    const h = (harness = await startHarness())
    await h.write('build/standard.zip', VALID_PACKAGE)
    await h.write(
      'marketplace.yml',
      [
        'offer: contoso-app',
        'listing: { en-us: { summary: Contoso on Azure. } }',
        'properties: { appVersion: "1.2.3" }',
        'plans:',
        '  - id: standard',
        '    package: build/standard.zip',
        '    listing: { summary: Managed by Contoso. }',
        '    availability: { hidden: true }',
        '  - id: premium',
        '    availability: { markets: [US, DE] }'
      ].join('\n')
    )
    const { planned } = await dryRunThenPublish(h)
    expect(
      planned.map((change) => `${change.module} ${change.subject} ${change.field ?? change.kind}`)
    ).toEqual([
      'Listing contoso-app en-us.summary',
      'Property contoso-app appVersion',
      'Listing standard summary',
      'Availability standard hidden',
      'Availability premium markets',
      'Package standard upload-package',
      'Package standard bind-package',
      'Submission contoso-app create-submission'
    ])
    const writes = writeRequests(h.emulator).length
    expect((await h.run()).exitCode).toBe(0)
    expect(writeRequests(h.emulator)).toHaveLength(writes)
  })

  it.each([
    [
      'a market code that is not one',
      'availability: { markets: [USA] }',
      4,
      'two-letter market code'
    ],
    [
      'an audience of an unknown type',
      `availability: { privateAudience: [{ id: ${SUBSCRIPTION}, type: group }] }`,
      4,
      'must be equal to one of the allowed values'
    ],
    [
      'a plan summary over 100 characters',
      `listing: { summary: ${'x'.repeat(101)} }`,
      4,
      'at most 100 characters'
    ]
  ])('refuses %s on its line, before anything is written', async (_what, line, lineNo, message) => {
    const h = (harness = await startHarness())
    await h.write('marketplace.yml', manifest('  - id: standard', `    ${line}`))
    // Line 4: the plan's line under `plans:`.
    const run = await h.run()
    expect(run.outputs.status).toBe('failed')
    expectRefusedOnLine(h, run, lineNo, message)
  })
})
