/**
 * Offer as code (issue 13), cases a newcomer's manifest meets: what the offer already holds,
 * written in another order, is no change; a value Partner Center would hold once (a market, an
 * audience ID) listed twice is refused on its line before any write.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { solidPng } from '../../emulator/png.js'
import { SAMPLE_PRODUCT_ID } from '../../emulator/seed.js'
import { Api } from '../emulator/support.js'
import { resultOf, startHarness, writeRequests, type Harness } from './harness.js'
import { expectRefusedOnLine, offerDraft } from './offer-support.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('offer as code, as a newcomer writes it', () => {
  it("the seeded offer's values with their keys in another order: no change, no write", async () => {
    const h = (harness = await startHarness())
    await h.write(
      'marketplace.yml',
      [
        'offer: contoso-app',
        'listing:',
        '  en-us:',
        '    links:',
        '      - url: https://contoso.example/docs',
        '        name: Documentation',
        '    contacts:',
        '      engineering:',
        '        email: engineering@contoso.example',
        '        phone: +1 425 555 0101',
        '        name: Contoso Engineering',
        'previewAudience:',
        '  - description: Contoso test subscription',
        '    subscription: 7c1f3b2a-9d4e-4f6a-8b0c-2e5d7a9f1b3c',
        'plans:',
        '  - id: premium',
        '    availability:',
        '      privateAudience:',
        '        - description: Fabrikam',
        '          type: tenant',
        '          id: 5e2d1c0b-3a4f-4e5d-9c8b-7a6f5e4d3c2b'
      ].join('\n')
    )
    const run = await h.run()
    expect(run.exitCode).toBe(0)
    expect(resultOf(run).changes).toEqual([])
    expect(writeRequests(h.emulator)).toEqual([])
  })
})

describe('an entry listed twice', () => {
  const sample = (...lines: string[]) => ['offer: contoso-app', ...lines].join('\n')
  it.each([
    [
      'a market, in another case',
      sample('plans:', '  - id: standard', '    availability:', '      markets: [US, DE, us]'),
      5,
      'the market "us" is listed twice'
    ],
    [
      'a preview subscription, in another case',
      sample(
        'previewAudience:',
        '  - subscription: 7c1f3b2a-9d4e-4f6a-8b0c-2e5d7a9f1b3c',
        '  - subscription: 7C1F3B2A-9D4E-4F6A-8B0C-2E5D7A9F1B3C'
      ),
      4,
      'the subscription "7C1F3B2A-9D4E-4F6A-8B0C-2E5D7A9F1B3C" is listed twice'
    ],
    [
      "a private plan's tenant",
      sample(
        'plans:',
        '  - id: premium',
        '    availability:',
        '      privateAudience:',
        '        - { id: 5e2d1c0b-3a4f-4e5d-9c8b-7a6f5e4d3c2b, type: tenant }',
        '        - { id: 5e2d1c0b-3a4f-4e5d-9c8b-7a6f5e4d3c2b, type: tenant, description: again }'
      ),
      7,
      'the audience ID "5e2d1c0b-3a4f-4e5d-9c8b-7a6f5e4d3c2b" is listed twice'
    ],
    [
      'a keyword',
      sample('listing:', '  en-us:', '    keywords:', '      - contoso', '      - Contoso'),
      6,
      'the keyword "Contoso" is listed twice'
    ],
    [
      'an industry',
      sample('properties:', '  industries:', '    - retail', '    - retail'),
      5,
      'the industry "retail" is listed twice'
    ]
  ])('%s: refused on its line, nothing sent', async (_, manifest, line, message) => {
    const h = (harness = await startHarness())
    await h.write('marketplace.yml', manifest)
    const run = await h.run()
    expect(run.outputs.status).toBe('failed')
    expectRefusedOnLine(h, run, line, message)
  })
})

/**
 * Writes each screenshot (1280×720, one colour) into images/ and a manifest that lists them, in
 * this order, one a line from line 6.
 */
async function writeScreenshots(
  h: Harness,
  shots: Record<string, [number, number, number]>
): Promise<void> {
  await mkdir(path.join(h.workspace, 'images'), { recursive: true })
  for (const [name, colour] of Object.entries(shots))
    await writeFile(path.join(h.workspace, 'images', name), solidPng(1280, 720, colour))
  await h.write(
    'marketplace.yml',
    [
      'offer: contoso-app',
      'listing:',
      '  en-us:',
      '    images:',
      '      screenshots:',
      ...Object.keys(shots).map((name) => `        - images/${name}`)
    ].join('\n')
  )
}

/**
 * Exports the offer into out/, then publishes that export to the draft, which must plan nothing
 * and write nothing. Returns the export's run and the manifest it wrote.
 */
async function exportThenPublish(h: Harness) {
  const exported = await h.run({
    command: 'export',
    'offer-id': 'contoso-app',
    'export-path': 'out'
  })
  expect(exported.exitCode).toBe(0)
  const manifest = await readFile(path.join(h.workspace, 'out/marketplace.yml'), 'utf8')
  const writes = writeRequests(h.emulator).length
  const publish = await h.run({ manifest: 'out/marketplace.yml', target: 'draft' })
  expect(publish.exitCode).toBe(0)
  expect(resultOf(publish).changes).toEqual([])
  expect(writeRequests(h.emulator)).toHaveLength(writes)
  return { exported, manifest }
}

describe('export, then publish', () => {
  it('a screenshot export could not read: the export names none, so publishing it deletes none', async () => {
    const h = (harness = await startHarness())
    await writeScreenshots(h, {
      'shot-1.png': [200, 30, 30],
      'shot-2.png': [30, 160, 60]
    })
    const first = await h.run({ target: 'draft' })
    expect(first.exitCode).toBe(0)
    const second = resultOf(first).changes.filter((change) => change.kind === 'upload-image')[1]
    // The storage refuses to hand out the second screenshot (an expired read SAS, say).
    h.emulator.faults.add({ method: 'GET', path: new RegExp(`/blob/.*/${second.to}`), status: 403 })
    const { exported, manifest } = await exportThenPublish(h)
    expect(exported.stdout).toContain('not exported')
    expect(manifest).not.toContain('screenshot')
  })

  it('values Partner Center holds that a manifest cannot: left out of the export, and so kept', async () => {
    const h = (harness = await startHarness())
    // Set by hand in Partner Center: a phone with an extension, a keyword twice in two cases.
    const listing = await offerDraft(h, 'Listing')
    const contacts = listing.listingContacts as Record<string, unknown>[]
    const edited = {
      ...listing,
      keywords: ['contoso', 'Contoso'],
      listingContacts: contacts.map((contact) =>
        contact.type === 'Engineering' ? { ...contact, phone: '+1 425 555 0101 ext. 7' } : contact
      )
    }
    const api = await Api.create(h.emulator)
    const put = await api.request(
      'PUT',
      `products/${SAMPLE_PRODUCT_ID}/listings/${String(listing.id)}`,
      edited,
      { 'if-match': String(listing['@odata.etag']) }
    )
    expect(put.status).toBe(200)
    const { exported, manifest } = await exportThenPublish(h)
    expect(exported.stdout).toContain('listing.en-us.contacts.engineering')
    expect(manifest).not.toContain('ext. 7')
    expect(manifest).not.toContain('keywords')
    expect(manifest).toContain('Contoso Support')
  })
})

describe('the same screenshot twice', () => {
  it('under two paths: refused on the second one’s line, nothing sent', async () => {
    const h = (harness = await startHarness())
    await writeScreenshots(h, { 'shot.png': [9, 9, 9], 'copy.png': [9, 9, 9] })
    const run = await h.run()
    expect(run.outputs.status).toBe('failed')
    expectRefusedOnLine(h, run, 7, 'images/copy.png is the same image as images/shot.png')
  })
})

describe('export into a folder the repository prepared', () => {
  it('an images folder that is a symlink out of the workspace: refused, nothing written there', async () => {
    const h = (harness = await startHarness())
    const outside = await mkdtemp(path.join(tmpdir(), 'outside-'))
    try {
      await mkdir(path.join(h.workspace, 'out'), { recursive: true })
      await symlink(outside, path.join(h.workspace, 'out/images'))
      const run = await h.run({
        command: 'export',
        'offer-id': 'contoso-app',
        'export-path': 'out'
      })
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toMatch(/out\/images\/logo-large\.png resolves to .*, outside /)
      expect(await readdir(outside)).toEqual([])
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })
})
