/**
 * The offer listing as code (issue 13, slice 1): each listing field planned as its own row, the
 * dry run's rows and writes equal to what a real run then does, long texts as a diff, invalid
 * values refused on the manifest's line before any write, and what the manifest leaves out kept.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { resultOf, startHarness, writeRequests, type Harness } from './harness.js'
import { dryRunThenPublish, expectRefusedOnLine, offerDraft, rows } from './offer-support.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** The manifest: the sample offer, no plans, and these lines under `listing: en-us:`. */
const listingManifest = (...lines: string[]) =>
  ['offer: contoso-app', 'listing:', '  en-us:', ...lines.map((line) => `    ${line}`)].join('\n')

const currentListing = (h: Harness) => offerDraft(h, 'Listing')

describe('offer listing', () => {
  it('one field changed alone: one row, one PUT, the rest of the listing kept, then submitted', async () => {
    const h = (harness = await startHarness())
    const before = await currentListing(h)
    await h.write('marketplace.yml', listingManifest('summary: Contoso on Azure, in minutes.'))
    const { dry, planned } = await dryRunThenPublish(h)
    expect(rows(planned.filter((change) => change.kind === 'update-field'))).toEqual([
      {
        kind: 'update-field',
        module: 'Listing',
        subject: 'contoso-app',
        field: 'en-us.summary',
        from: JSON.stringify(before.summary),
        to: '"Contoso on Azure, in minutes."',
        diff: undefined
      }
    ])
    expect(dry.stdout).toContain(
      `Listing · contoso-app · en-us.summary: ${JSON.stringify(before.summary)} → "Contoso on Azure, in minutes."`
    )
    expect(dry.summary).toContain('<th>Field</th>')
    const after = await currentListing(h)
    const strip = ({ summary: _summary, '@odata.etag': _etag, ...rest }: Record<string, unknown>) =>
      rest
    expect(after.summary).toBe('Contoso on Azure, in minutes.')
    expect(strip(after)).toEqual(strip(before))
    // The same manifest again: nothing differs, nothing is written.
    const writes = writeRequests(h.emulator).length
    const again = await h.run()
    expect(again.exitCode).toBe(0)
    expect(writeRequests(h.emulator)).toHaveLength(writes)
  })

  it('every field together: one row each, long texts as a diff in the log and a collapsed section', async () => {
    const h = (harness = await startHarness())
    await h.write(
      'marketplace.yml',
      listingManifest(
        'name: Contoso App Pro',
        'summary: Contoso on Azure.',
        'shortDescription: The Contoso web app.',
        'description: |-',
        '  <p>Contoso App deploys a web app, an Azure SQL database and Application Insights.</p>',
        '  <p>Now with backups.</p>',
        'gettingStarted: Open the URL from the outputs.',
        'keywords: [contoso, backup]',
        'privacyUrl: https://contoso.example/privacy-2026',
        'links:',
        '  - { name: Docs, url: "https://contoso.example/docs" }',
        '  - { name: Blog, url: "https://contoso.example/blog" }',
        'contacts:',
        '  support: { name: Help desk, email: help@contoso.example, phone: "+1 425 555 0199", url: "https://contoso.example/help" }',
        '  engineering: { name: Platform team, email: platform@contoso.example, phone: "+1 425 555 0198" }'
      )
    )
    const { dry, planned } = await dryRunThenPublish(h)
    expect(planned.filter((change) => change.kind === 'update-field').map((c) => c.field)).toEqual(
      [
        'name',
        'summary',
        'shortDescription',
        'description',
        'gettingStarted',
        'keywords',
        'privacyUrl',
        'links',
        'contacts.support',
        'contacts.engineering'
      ].map((field) => `en-us.${field}`)
    )
    const description = planned.find((change) => change.field === 'en-us.description')!
    expect(description.diff).toContain('+<p>Now with backups.</p>')
    expect(dry.stdout).toContain('+<p>Now with backups.</p>')
    expect(dry.summary).toMatch(
      /<details><summary>Listing · contoso-app · en-us\.description: diff/
    )
    const after = await currentListing(h)
    expect(after).toMatchObject({
      title: 'Contoso App Pro',
      keywords: ['contoso', 'backup'],
      listingUris: [
        { type: 'PrivacyUri', subtype: 'SubTypeUri', uri: 'https://contoso.example/privacy-2026' },
        // The link that was there keeps its type and subtype; the new one gets the default.
        { type: 'UsefulLink', subtype: 'SubTypeUri', displaytext: 'Docs' },
        { type: 'UsefulLink', displaytext: 'Blog', uri: 'https://contoso.example/blog' }
      ]
    })
    expect(resultOf(await h.run()).changes.filter((c) => c.kind === 'update-field')).toEqual([])
  })

  it.each([
    ['a summary over 100 characters', `summary: ${'x'.repeat(101)}`, 4, 'at most 100 characters'],
    ['four keywords', 'keywords: [a, b, c, d]', 4, 'more than 3 items'],
    ['a blank name', "name: ' '", 4, '1 to 200 characters'],
    ['a privacy URL that is not a web address', 'privacyUrl: contoso.example', 4, 'https://'],
    [
      'a contact email that is not one',
      'contacts: { support: { name: A, email: nobody, phone: "1" } }',
      4,
      'email address'
    ],
    ['a language the offer is not listed in', 'de-de: {}', 3, 'unknown field "de-de"']
  ])('refuses %s on its line, before anything is written', async (_what, line, lineNo, message) => {
    const h = (harness = await startHarness())
    const manifest =
      line === 'de-de: {}'
        ? ['offer: contoso-app', 'listing:', '  de-de: {}'].join('\n')
        : listingManifest(line)
    await h.write('marketplace.yml', manifest)
    const run = await h.run()
    expect(run.outputs.status).toBe('failed')
    expectRefusedOnLine(h, run, lineNo, message)
  })
})
