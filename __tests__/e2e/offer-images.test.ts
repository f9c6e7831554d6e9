/**
 * Listing images as code (issue 13, images): logos and screenshots from files in the repository,
 * uploaded through the listing-image flow (§5.6) under a name carrying their content hash, so a
 * re-run uploads nothing; a replaced logo is deleted only once its successor is processed; bad
 * files are refused on their manifest line before any write; export writes the images.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { solidPng } from '../../emulator/png.js'
import { SAMPLE_LOGOS, SAMPLE_PRODUCT_ID } from '../../emulator/seed.js'
import { Api } from '../emulator/support.js'
import { expectNoSecrets, resultOf, startHarness, writeRequests, type Harness } from './harness.js'
import { dryRunThenPublish, expectRefusedOnLine, offerDraft } from './offer-support.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const RED: [number, number, number] = [200, 30, 30]
const GREEN: [number, number, number] = [30, 160, 60]

async function writeBytes(h: Harness, name: string, content: Buffer): Promise<void> {
  const file = path.join(h.workspace, name)
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, content)
}

/** The manifest: the sample offer, no plans, these lines under `listing: en-us: images:`. */
const imagesManifest = (...lines: string[]) =>
  [
    'offer: contoso-app',
    'listing:',
    '  en-us:',
    '    images:',
    ...lines.map((l) => `      ${l}`)
  ].join('\n')

interface Image {
  id: string
  fileName: string
  type: string
  state: string
  order: number
}

/** The sample offer listing's images as the emulator holds them now. */
async function currentImages(h: Harness): Promise<Image[]> {
  const listing = await offerDraft(h, 'Listing')
  const api = await Api.create(h.emulator)
  return (await api.all(
    `products/${SAMPLE_PRODUCT_ID}/listings/${String(listing.id)}/images`
  )) as unknown as Image[]
}

const names = (images: Image[]) =>
  images.map((image) => `${image.type} ${image.fileName} ${image.state}`).sort()

describe('listing images', () => {
  it('uploads logos and screenshots once, through the §5.6 flow, and skips them on a re-run', async () => {
    const h = (harness = await startHarness())
    await writeBytes(h, 'images/large.png', solidPng(216, 216, RED))
    await writeBytes(h, 'images/small.png', solidPng(48, 48, RED))
    await writeBytes(h, 'images/shot-1.png', solidPng(1280, 720, RED))
    await writeBytes(h, 'images/shot-2.png', solidPng(1280, 720, GREEN))
    await h.write(
      'marketplace.yml',
      imagesManifest(
        'logos:',
        '  large: images/large.png',
        '  small: images/small.png',
        'screenshots:',
        '  - images/shot-1.png',
        '  - images/shot-2.png'
      )
    )
    const { dry, real, planned } = await dryRunThenPublish(h)
    // The write SAS of each upload stays out of the log, summary and outputs.
    expectNoSecrets(real, h.emulator)
    const images = planned.filter((change) => change.kind === 'upload-image')
    expect(images.map(({ field, from }) => [field, from])).toEqual([
      ['en-us.image AzureLogoLarge', 'contoso-logo-large.png'],
      ['en-us.image AzureLogoSmall', 'contoso-logo-small.png'],
      ['en-us.image AzureScreenshot', '(none)'],
      ['en-us.image AzureScreenshot', '(none)']
    ])
    expect(images.map((change) => change.to)).toEqual([
      expect.stringMatching(/^logo-large-[0-9a-f]{16}\.png$/),
      expect.stringMatching(/^logo-small-[0-9a-f]{16}\.png$/),
      expect.stringMatching(/^screenshot-[0-9a-f]{16}\.png$/),
      expect.stringMatching(/^screenshot-[0-9a-f]{16}\.png$/)
    ])
    expect(dry.stdout).toContain(
      `Listing · contoso-app · en-us.image AzureLogoLarge: contoso-logo-large.png → ${images[0].to}`
    )
    expect(planned.at(-1)?.kind).toBe('create-submission')
    // The new logos replaced the old ones; the logos the manifest leaves out stay as they were.
    expect(names(await currentImages(h))).toEqual(
      [
        `AzureLogoLarge ${images[0].to} Processed`,
        `AzureLogoSmall ${images[1].to} Processed`,
        'AzureLogoMedium contoso-logo-medium.png Processed',
        'AzureLogoWide contoso-logo-wide.png Processed',
        `AzureScreenshot ${images[2].to} Processed`,
        `AzureScreenshot ${images[3].to} Processed`
      ].sort()
    )
    expect((await currentImages(h)).find((i) => i.fileName === images[3].to)?.order).toBe(1)
    // Again: every image is there under its hash name, nothing is uploaded, nothing is written.
    const writes = writeRequests(h.emulator).length
    const before = h.emulator.requests.length
    const again = await h.run()
    expect(again.exitCode).toBe(0)
    // The listing's text and its images are planned from one read of the Listing draft.
    expect(
      h.emulator.requests.slice(before).filter((r) => /\/listings\/getByInstanceID/.test(r.path))
    ).toHaveLength(1)
    expect(resultOf(again).changes.filter((c) => c.kind.endsWith('-image'))).toEqual([])
    expect(writeRequests(h.emulator)).toHaveLength(writes)
    expectNoSecrets(again, h.emulator)
  })

  it('replaces a logo: the new one is processed before the old one is deleted', async () => {
    const h = (harness = await startHarness())
    await writeBytes(h, 'images/large.png', solidPng(216, 216, GREEN))
    await h.write('marketplace.yml', imagesManifest('logos:', '  large: images/large.png'))
    const old = (await currentImages(h)).find((image) => image.type === 'AzureLogoLarge')!
    const run = await h.run({ target: 'draft' })
    expect(run.exitCode).toBe(0)
    const now = (await currentImages(h)).filter((image) => image.type === 'AzureLogoLarge')
    expect(now).toHaveLength(1)
    const fresh = now[0]
    const calls = h.emulator.requests.map((r) => `${r.method} ${r.path}`)
    const index = (pattern: RegExp) => calls.findIndex((call) => pattern.test(call))
    const lastIndex = (pattern: RegExp) =>
      calls.length - 1 - [...calls].reverse().findIndex((call) => pattern.test(call))
    const uploaded = index(new RegExp(`^PUT .*/images/${fresh.id}$`))
    const lastRead = lastIndex(new RegExp(`^GET .*/images/${fresh.id}$`))
    const deleted = index(new RegExp(`^DELETE .*/images/${old.id}$`))
    expect(index(/^POST .*\/images$/)).toBeGreaterThan(-1)
    expect(uploaded).toBeGreaterThan(index(/^POST .*\/images$/))
    // Polled until Processed, then deleted: the delete comes after the last read of the new one.
    expect(lastRead).toBeGreaterThan(uploaded)
    expect(deleted).toBeGreaterThan(lastRead)
  })

  it('keeps the old logo when the new one fails processing, and says so', async () => {
    const h = (harness = await startHarness())
    await writeBytes(h, 'images/large.png', solidPng(216, 216, GREEN))
    await h.write('marketplace.yml', imagesManifest('logos:', '  large: images/large.png'))
    h.emulator.scenario.failNextImageProcessing('contoso-app')
    const run = await h.run()
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toContain('did not process the image images/large.png')
    expect(run.stdout).toContain('The image it replaces was kept')
    expect(writeRequests(h.emulator).filter((w) => w.startsWith('DELETE'))).toEqual([])
    expect(writeRequests(h.emulator).filter((w) => /submissions$/.test(w))).toEqual([])
    const large = (await currentImages(h)).filter((image) => image.type === 'AzureLogoLarge')
    expect(names(large)).toEqual(
      [
        'AzureLogoLarge contoso-logo-large.png Processed',
        expect.stringMatching(/^AzureLogoLarge logo-large-\w+\.png ProcessFailed$/)
      ].sort()
    )
  })

  const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)])
  const TOO_BIG = Buffer.concat([solidPng(216, 216, RED), Buffer.alloc(5 * 1024 * 1024)])
  it.each([
    [
      'a JPEG where a PNG goes',
      { 'large.png': JPEG },
      'large.png',
      6,
      'images/large.png is a JPEG; Partner Center wants a PNG of 216×216 pixels'
    ],
    [
      'a logo of the wrong size',
      { 'large.png': solidPng(200, 200, RED) },
      'large.png',
      6,
      'is 200×200 pixels; Partner Center wants a PNG of 216×216 pixels for logos.large'
    ],
    [
      'a file over 5 MiB',
      { 'large.png': TOO_BIG },
      'large.png',
      6,
      'an image may be at most 5242880 bytes'
    ],
    ['a missing file', {}, 'gone.png', 6, 'images/gone.png does not exist'],
    [
      'a screenshot of a logo size',
      { 'shot.png': solidPng(216, 216, RED) },
      'large.png',
      8,
      'is 216×216 pixels; Partner Center wants a PNG of 1280×720 pixels'
    ]
  ])(
    'refuses %s on its line, before anything is written',
    async (_what, files, large, line, message) => {
      const h = (harness = await startHarness())
      const all: Record<string, Buffer> = {
        'large.png': solidPng(216, 216, RED),
        'shot.png': solidPng(1280, 720, RED),
        ...files
      }
      for (const [name, content] of Object.entries(all))
        await writeBytes(h, `images/${name}`, content)
      await h.write(
        'marketplace.yml',
        imagesManifest('logos:', `  large: images/${large}`, 'screenshots:', '  - images/shot.png')
      )
      const run = await h.run()
      expect(run.outputs.status).toBe('failed')
      expectRefusedOnLine(h, run, line, message)
    }
  )

  it('refuses an image path that leaves the repository, on its line, before anything is written', async () => {
    const h = (harness = await startHarness())
    await h.write('marketplace.yml', imagesManifest('logos:', '  large: ../../etc/logo.png'))
    const run = await h.run()
    expectRefusedOnLine(h, run, 6, 'resolves to')
    expect(run.stdout).toMatch(/The image \.\.\/\.\.\/etc\/logo\.png resolves to .*, outside /)
  })

  it('refuses six screenshots and logos without the large one, by the schema, on their lines', async () => {
    const h = (harness = await startHarness())
    const six = Array.from({ length: 6 }, (_, i) => `  - images/shot-${i}.png`)
    await h.write('marketplace.yml', imagesManifest('screenshots:', ...six))
    const sixShots = await h.run()
    expect(sixShots.outputs.status).toBe('failed')
    expectRefusedOnLine(h, sixShots, 6, 'more than 5 items')
    await h.write('marketplace.yml', imagesManifest('logos:', '  small: images/small.png'))
    const noLarge = await h.run()
    expect(noLarge.outputs.status).toBe('failed')
    expectRefusedOnLine(h, noLarge, 6, 'needs "large"')
  })

  it('export writes the logos beside the manifest, and publishing the export uploads nothing', async () => {
    const h = (harness = await startHarness())
    const run = await h.run({ command: 'export', 'offer-id': 'contoso-app', 'export-path': 'out' })
    expect(run.exitCode).toBe(0)
    const manifest = await readFile(path.join(h.workspace, 'out/marketplace.yml'), 'utf8')
    expect(manifest).toContain('large: images/logo-large.png')
    for (const logo of SAMPLE_LOGOS) {
      const stem = logo.type.replace('AzureLogo', 'logo-').toLowerCase()
      expect(await readFile(path.join(h.workspace, 'out/images', `${stem}.png`))).toEqual(logo.png)
    }
    expectNoSecrets(run, h.emulator)
    const publish = await h.run({ manifest: 'out/marketplace.yml' })
    expect(publish.exitCode).toBe(0)
    expect(writeRequests(h.emulator)).toEqual([])
  })
})
