import type { StoredBlob } from '../blob-store.js'
import type { IngestionContext } from './context.js'
import { badRequest, notFound } from './errors.js'
import { derivedEtag, processingState } from './lifecycle.js'
import type { ImageRecord, Json, Offer } from './model.js'
import { packageSasUrl } from './packages.js'
import type { Route } from './router.js'
import { REQUEST_TABLES, validateBody } from './validation.js'
import { pngSize } from '../png.js'
import type { ValidationItem } from '../types.js'

/**
 * Listing images (§5.6): POST PendingUpload with a write SAS → the client PUTs the blob → PUT
 * state Uploaded (the SAS becomes read-only) → InProcessing → Processed after
 * `timings.imageProcessing` (§7.1), or ProcessFailed when the file is not a PNG of its type's
 * size. A list leaves `fileSasUri` out unless `$expand=FileSasUri` (§5.6, recording).
 */

/**
 * The Azure offer image types and their pixel sizes (§5.6). The screenshot type string is not
 * documented (§11 item 6): `AzureScreenshot` is the emulator's assumption, as the action's.
 */
export const IMAGE_SIZES: Record<string, { width: number; height: number }> = {
  AzureLogoSmall: { width: 48, height: 48 },
  AzureLogoMedium: { width: 90, height: 90 },
  AzureLogoLarge: { width: 216, height: 216 },
  AzureLogoWide: { width: 255, height: 115 },
  AzureScreenshot: { width: 1280, height: 720 }
}

const findListing = (offer: Offer, listingId: string): void => {
  const exists = [...offer.drafts.values()].some(
    (draft) =>
      draft.collection === 'listings' &&
      String(draft.body.id).toLowerCase() === listingId.toLowerCase()
  )
  if (!exists) throw notFound()
}

function findImage(offer: Offer, listingId: string, id: string): ImageRecord {
  const record = [...offer.images.entries()].find(
    ([key, image]) =>
      key.toLowerCase() === id.toLowerCase() &&
      image.listingId.toLowerCase() === listingId.toLowerCase()
  )?.[1]
  if (!record) throw notFound()
  return record
}

/** The image as the API shows it now: its state from the clock; the SAS only when asked. */
export function imageView(ctx: IngestionContext, record: ImageRecord, withSas = true): Json {
  const state = processingState(record, ctx.nowMs, ctx.deps.timings.imageProcessing)
  const { '@odata.etag': etag, id, fileSasUri, ...rest } = record.body
  // Once uploaded, each read hands out a fresh read-only SAS (a stored one would expire).
  const sas =
    record.uploadedAtMs === undefined
      ? fileSasUri
      : packageSasUrl(ctx.deps, record.blobPath, 'rl', ctx.nowMs)
  return {
    ...rest,
    ...(withSas ? { fileSasUri: sas } : {}),
    state,
    '@odata.etag': state === record.body.state ? etag : derivedEtag(String(etag), state),
    id
  }
}

const failure = (message: string): ValidationItem[] => [
  { errorCode: 'InvalidImage', severity: 'Error', message, resource: 'ListingImage' }
]

/** What processing will conclude about the uploaded file: a PNG of its type's exact size. */
function inspectImage(blob: StoredBlob, type: string): ValidationItem[] | undefined {
  const size = pngSize(blob.read(0, 32))
  const wanted = IMAGE_SIZES[type]
  if (!size) return failure('The image must be a PNG file.')
  if (wanted && (size.width !== wanted.width || size.height !== wanted.height))
    return failure(`A ${type} image must be ${wanted.width}x${wanted.height} pixels.`)
  return undefined
}

/** The server's rules on a new image [I]: a known type, a plain .png file name. */
function checkNewImage(body: Json): void {
  const data: Record<string, string[]> = {}
  const type = String(body.type)
  if (!Object.keys(IMAGE_SIZES).some((known) => known.toLowerCase() === type.toLowerCase()))
    data.type = [`The type '${type}' is not an image type of this product.`]
  const fileName = String(body.fileName)
  if (!/^[^/\\]{1,255}\.png$/i.test(fileName) || fileName.includes('..'))
    data.fileName = [`The fileName '${fileName}' must be a file name ending in .png.`]
  if (Object.keys(data).length > 0) throw badRequest('Request validation failed.', data)
}

const base = 'products/:pid/listings/:lid/images'

export const imageRoutes: Route[] = [
  {
    method: 'GET',
    pattern: base,
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      findListing(offer, ctx.params.lid)
      const expand = /filesasuri/i.test(ctx.query.get('$expand') ?? '')
      ctx.list(
        [...offer.images.values()]
          .filter((image) => image.listingId.toLowerCase() === ctx.params.lid.toLowerCase())
          .map((image) => imageView(ctx, image, expand))
      )
    }
  },
  {
    method: 'POST',
    pattern: base,
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      findListing(offer, ctx.params.lid)
      const body = validateBody(ctx.request.body, REQUEST_TABLES.listingImage)
      checkNewImage(body)
      const id = ctx.deps.store.entities.newId()
      const blobPath = `/blob/${String(offer.product.id)}/image-${id}/${String(body.fileName)}`
      const record: ImageRecord = {
        listingId: ctx.params.lid,
        blobPath,
        body: ctx.deps.store.entities.stamp(
          {
            resourceType: 'ListingImage',
            fileName: body.fileName,
            type: body.type,
            fileSasUri: packageSasUrl(ctx.deps, blobPath, 'rwl', ctx.nowMs),
            state: 'PendingUpload',
            order: body.order ?? 0,
            ...(body.description !== undefined ? { description: body.description } : {})
          },
          id
        )
      }
      offer.images.set(id, record)
      ctx.created(
        imageView(ctx, record),
        `products/${String(offer.product.id)}/listings/${ctx.params.lid}/images/${id}`
      )
    }
  },
  {
    method: 'GET',
    pattern: `${base}/:id`,
    handle(ctx: IngestionContext) {
      ctx.entity(imageView(ctx, findImage(ctx.offer(), ctx.params.lid, ctx.params.id)))
    }
  },
  {
    method: 'PUT',
    pattern: `${base}/:id`,
    handle(ctx: IngestionContext) {
      const record = findImage(ctx.offer(), ctx.params.lid, ctx.params.id)
      // The swagger declares If-Match on this PUT (§3.2).
      ctx.checkIfMatch(imageView(ctx, record), true)
      const body = validateBody(ctx.request.body, REQUEST_TABLES.listingImage)
      const current = processingState(record, ctx.nowMs, ctx.deps.timings.imageProcessing)
      if (body.state === 'Uploaded' && current === 'PendingUpload') {
        const blob = ctx.deps.blobs.get(record.blobPath)
        if (!blob)
          throw badRequest('Request validation failed.', {
            state: ['The image file has not been uploaded to fileSasUri.']
          })
        const offer = ctx.offer()
        record.failure = offer.failNextImage
          ? failure('The image could not be processed.')
          : inspectImage(blob, String(record.body.type))
        offer.failNextImage = undefined
        record.uploadedAtMs = ctx.nowMs
        record.body = ctx.deps.store.entities.stamp(
          {
            ...record.body,
            state: 'Uploaded',
            fileSasUri: packageSasUrl(ctx.deps, record.blobPath, 'rl', ctx.nowMs)
          },
          String(record.body.id)
        )
      } else if (body.state !== undefined && body.state !== current && body.state !== 'Uploaded') {
        throw badRequest('Request validation failed.', {
          state: [`The state cannot change from ${current} to ${String(body.state)}.`]
        })
      }
      ctx.entity(imageView(ctx, record))
    }
  },
  {
    method: 'DELETE',
    pattern: `${base}/:id`,
    handle(ctx: IngestionContext) {
      const offer = ctx.offer()
      const record = findImage(offer, ctx.params.lid, ctx.params.id)
      for (const [key, image] of offer.images) if (image === record) offer.images.delete(key)
      ctx.noContent()
    }
  }
]
