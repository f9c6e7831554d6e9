/**
 * The offer's properties (§5.7) and preview audience (§5.8) as code (issue 13, slice 3): each
 * section changed alone and all sections together, the dry run's rows and writes equal to what
 * the real run then does, invalid values refused on their line before any write.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { startHarness, writeRequests, type Harness } from './harness.js'
import { dryRunThenPublish, expectRefusedOnLine, offerDraft } from './offer-support.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const manifest = (...lines: string[]) => ['offer: contoso-app', ...lines].join('\n')
const SUBSCRIPTION = '3f2a1b0c-4d5e-4f60-8a7b-9c0d1e2f3a4b'
const SEEDED_SUBSCRIPTION = '7c1f3b2a-9d4e-4f6a-8b0c-2e5d7a9f1b3c'

describe('offer properties and preview audience', () => {
  it('properties alone: a row per field, one PUT, what is left out kept', async () => {
    const h = (harness = await startHarness())
    await h.write(
      'marketplace.yml',
      manifest(
        'properties:',
        '  categories: { developer-tools: [devops, tools], analytics: [] }',
        "  appVersion: '1.2.0'",
        '  standardContract: false',
        '  termsOfUse: https://contoso.example/terms'
      )
    )
    const { planned } = await dryRunThenPublish(h)
    expect(planned.filter((change) => change.kind === 'update-field')).toMatchObject([
      {
        module: 'Property',
        field: 'categories',
        from: '{"developer-tools":["devops"]}',
        to: '{"developer-tools":["devops","tools"],"analytics":[]}',
        writes: ['PUT properties']
      },
      { field: 'appVersion', from: '"1.0.0"', to: '"1.2.0"' },
      { field: 'standardContract', from: 'true', to: 'false' },
      { field: 'termsOfUse', from: '(0 characters)' }
    ])
    expect(await offerDraft(h, 'Property')).toMatchObject({
      categories: ['developer-tools', 'analytics'],
      leveledCategories: { 'developer-tools': ['devops', 'tools'], analytics: [] },
      industries: [],
      appVersion: '1.2.0',
      useEnterpriseContract: false,
      termsOfUse: 'https://contoso.example/terms'
    })
  })

  it('preview audience alone: the list replaces the audience, with descriptions', async () => {
    const h = (harness = await startHarness())
    await h.write(
      'marketplace.yml',
      manifest(
        'previewAudience:',
        `  - subscription: ${SEEDED_SUBSCRIPTION}`,
        '    description: Contoso test subscription',
        `  - subscription: ${SUBSCRIPTION}`,
        '    description: Fabrikam pilot'
      )
    )
    const { planned } = await dryRunThenPublish(h)
    expect(planned.filter((change) => change.kind === 'update-field')).toMatchObject([
      { module: 'Availability', field: 'previewAudience', writes: ['PUT productAvailabilities'] }
    ])
    expect(await offerDraft(h, 'Availability')).toMatchObject({
      visibility: 'Public',
      audiences: [{ type: 'PreviewMarketplaceGroup', values: [SEEDED_SUBSCRIPTION, SUBSCRIPTION] }]
    })
  })

  it('every section together: the dry run is what is written, then a re-run writes nothing', async () => {
    const h = (harness = await startHarness())
    await h.write(
      'marketplace.yml',
      manifest(
        'listing:',
        '  en-us:',
        '    summary: Contoso on Azure.',
        'properties:',
        '  industries: [retail]',
        'previewAudience:',
        `  - subscription: ${SUBSCRIPTION}`
      )
    )
    const { planned } = await dryRunThenPublish(h)
    expect(planned.map((change) => `${change.module} ${change.field ?? change.kind}`)).toEqual([
      'Listing en-us.summary',
      'Property industries',
      'Availability previewAudience',
      'Submission create-submission'
    ])
    const writes = writeRequests(h.emulator).length
    expect((await h.run()).exitCode).toBe(0)
    expect(writeRequests(h.emulator)).toHaveLength(writes)
  })

  it.each([
    ['three categories', 'properties: { categories: { a: [], b: [], c: [] } }', 2, 'more than 2'],
    ['three industries', 'properties: { industries: [a, b, c] }', 2, 'more than 2 items'],
    [
      'a category that is not an id',
      'properties: { categories: { Big Data: [] } }',
      2,
      'lower case'
    ],
    ['a subscription that is not a GUID', 'previewAudience: [{ subscription: abc }]', 2, 'GUID']
  ])('refuses %s on its line, before anything is written', async (_what, line, lineNo, message) => {
    const h = (harness = await startHarness())
    await h.write('marketplace.yml', manifest(line))
    const run = await h.run()
    expect(run.outputs.status).toBe('failed')
    expectRefusedOnLine(h, run, lineNo, message)
  })
})
