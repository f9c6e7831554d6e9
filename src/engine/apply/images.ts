import { sameText } from '../../partner-center/normalize.js'
import type { ListingImage } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import type { ImageWork } from '../plan/image-changes.js'
import { pollUntil } from '../polling.js'
import { createOnce } from './create-once.js'

/** How long an image may take to be processed before the run stops waiting (§7.4 has no figure). */
const IMAGE_PROCESSING_TIMEOUT_MS = 10 * 60_000

/**
 * Applies the image changes in order, one at a time, so the writes come in the order the plan
 * shows them. An upload: POST the image (PendingUpload, with a write SAS) → PUT the file to the
 * SAS URL → PUT the image with state Uploaded (§5.6) → wait until it is Processed (§7.1) → only
 * then delete the images it replaces, so the listing never lacks a logo. A removal deletes.
 * @throws Error when an image is not processed (ProcessFailed, or not within 10 minutes): the
 *   images it was to replace are kept.
 */
export async function applyImageChanges(
  context: EngineContext,
  productId: string,
  works: ImageWork[]
): Promise<void> {
  for (const work of works) {
    if (work.upload) await uploadImage(context, productId, work)
    for (const old of work.replaces) {
      await context.client.deleteListingImage(productId, work.listingId, old.id)
    }
    context.recorder.done(work.change)
    context.logger.info(`Listing image: ${work.change.description}`)
  }
}

async function uploadImage(
  context: EngineContext,
  productId: string,
  work: ImageWork
): Promise<void> {
  const { client, logger } = context
  const image = work.upload!
  const { listingId } = work
  const { value: created } = await createOnce({
    create: () =>
      client.createListingImage(productId, listingId, {
        fileName: image.fileName,
        type: image.kind.type,
        order: image.order
      }),
    find: async () =>
      (await client.listListingImages(productId, listingId, { withFileSasUri: true })).find(
        (candidate) =>
          candidate.fileName === image.fileName && sameText(candidate.state, 'PendingUpload')
      ),
    what: `image ${image.fileName}`,
    logger,
    signal: context.signal
  })
  await context.upload(image, created.fileSasUri ?? '')
  const uploaded = await client.markListingImageUploaded(productId, listingId, created)
  const outcome = await pollUntil<ListingImage>({
    read: async (previous) =>
      previous ? client.getListingImage(productId, listingId, uploaded.id) : uploaded,
    done: (current) =>
      sameText(current.state, 'Processed') || sameText(current.state, 'ProcessFailed'),
    key: (current) => String(current.state ?? ''),
    onChange: (current) => logger.info(`Image ${image.fileName}: ${String(current.state)}`),
    interval: context.polling.package,
    deadline: Date.now() + IMAGE_PROCESSING_TIMEOUT_MS,
    signal: context.signal
  })
  if (!sameText(outcome.value.state, 'Processed')) {
    throw new Error(
      `Partner Center did not process the image ${image.label} (${image.fileName}): it is ` +
        `${String(outcome.value.state)}${outcome.timedOut ? ' after 10 minutes' : ''}. The image ` +
        'it replaces was kept. Publish again; an image Partner Center refuses needs a new file.'
    )
  }
}
