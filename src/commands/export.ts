import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { EngineContext } from '../engine/context.js'
import { listingAsManifest, listingIn, readOfferListings } from '../engine/read/listing.js'
import { exportListingImages, type ExportedImage } from '../engine/read/listing-images.js'
import { findProduct, readOffer, type OfferSnapshot } from '../engine/read/offer.js'
import { readOfferDraft, readPlanDraft } from '../engine/read/offer-drafts.js'
import { PLAN_AVAILABILITY_FIELDS, PLAN_LISTING_FIELDS } from '../engine/read/plan-drafts.js'
import {
  fieldsAsManifest,
  PREVIEW_AUDIENCE_FIELDS,
  PROPERTY_FIELDS
} from '../engine/read/properties.js'
import { confinePath, PathRefusedError } from '../boundary/package-paths.js'
import { RequestError } from '../engine/run-request.js'
import {
  leaveOutWhatCannotBeRead,
  renderManifest,
  type ExportedManifest
} from '../manifest/export.js'
import { naming } from '../naming.js'

/**
 * export: reads the offer and writes it as a manifest (`marketplace.yml` in `export-path`), so a
 * team starts from the offer it has. Reads only; publishing the export unchanged writes nothing.
 */
export function runExport(context: EngineContext): Promise<void> {
  return context.group('Read the offer and write its manifest', () => exportManifest(context))
}

async function exportManifest(context: EngineContext): Promise<void> {
  const { request, recorder, logger } = context
  if (!request.exportFile)
    throw new RequestError(`export needs ${naming().theInput('export-path')}.`)
  const product = await findProduct(context)
  const offer = await readOffer(context.client, product)
  const [listings, [property], [availability]] = await Promise.all([
    readOfferListings(context, offer),
    readOfferDraft(context, offer, 'Property'),
    readOfferDraft(context, offer, 'Availability')
  ])
  const english = listingIn(listings, 'en-us')
  const { images, files } = english
    ? await exportListingImages(context, offer.product.id, english)
    : { images: undefined, files: [] }
  const properties = property ? fieldsAsManifest(PROPERTY_FIELDS, property) : {}
  const audience = availability ? fieldsAsManifest(PREVIEW_AUDIENCE_FIELDS, availability) : {}
  const manifest: ExportedManifest = {
    offer: request.offerId,
    ...(english && {
      listing: { 'en-us': { ...listingAsManifest(english), ...(images && { images }) } }
    }),
    ...(Object.keys(properties).length > 0 && { properties }),
    ...audience,
    plans: await exportPlans(context, offer)
  }
  const leftOut = leaveOutWhatCannotBeRead(manifest)
  for (const field of leftOut) {
    logger.info(
      `${field} not exported: a manifest cannot hold it as Partner Center does; it stays as it is`
    )
  }
  const shown = path.relative(process.cwd(), request.exportFile) || request.exportFile
  try {
    await mkdir(path.dirname(request.exportFile), { recursive: true })
    await writeImages(path.dirname(request.exportFile), files, request.workspace ?? process.cwd())
    await writeFile(request.exportFile, renderManifest(manifest))
  } catch (error) {
    if (error instanceof PathRefusedError) throw new RequestError(error.message)
    // e.g. EEXIST when export-path names a file, EACCES on a read-only folder: say what to change.
    throw new RequestError(
      `Could not write ${shown} (${(error as NodeJS.ErrnoException).code ?? 'error'}): set ${naming().theInput('export-path')} to a folder in the workspace that can be written, not a file.`
    )
  }
  logger.info(`Wrote ${shown}${files.length > 0 ? ` and ${files.length} image(s)` : ''}`)
  recorder.note(
    `Wrote the offer's manifest to ${shown}${files.length > 0 ? `, its ${files.length} image(s) beside it` : ''}. ` +
      'Publishing it unchanged changes nothing.' +
      (leftOut.length > 0
        ? ` Not exported, as no manifest can hold them as Partner Center does (they stay as they are): ${leftOut.join(', ')}.`
        : '')
  )
  recorder.status('exported')
}

/**
 * Writes the images beside the manifest. Their names come from their type (listing-images.ts),
 * never from the server, so they stay in the export folder; a folder or file already there that
 * is a symlink out of the workspace (committed to the repository) is refused, not followed.
 * @throws PathRefusedError for such a path, before that image is written.
 */
async function writeImages(
  folder: string,
  files: ExportedImage[],
  workspace: string
): Promise<void> {
  for (const file of files) {
    const what = `The export's image ${path.relative(workspace, path.join(folder, file.relative))}`
    const target = confinePath(file.relative, { base: folder, root: workspace, what })
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, file.content)
  }
}

/** Each active plan with its listing and availability (no package: export writes no files). */
async function exportPlans(
  context: EngineContext,
  offer: OfferSnapshot
): Promise<ExportedManifest['plans']> {
  return Promise.all(
    offer.plans.map(async (plan) => {
      const [[listing], [availability]] = await Promise.all([
        readPlanDraft(context, offer, { module: 'Listing', plan }),
        readPlanDraft(context, offer, { module: 'Availability', plan })
      ])
      return {
        id: plan.planId,
        ...(listing && { listing: fieldsAsManifest(PLAN_LISTING_FIELDS, listing) }),
        ...(availability && {
          availability: fieldsAsManifest(PLAN_AVAILABILITY_FIELDS, availability)
        })
      }
    })
  )
}
