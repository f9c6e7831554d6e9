import { createHash } from 'node:crypto'
import { hashOfUploadName, MAX_IMAGE_BYTES, type ImageKind } from '../../images/requirements.js'
import { sameText } from '../../partner-center/normalize.js'
import type { ListingImage } from '../../partner-center/types.js'
import { downloadSmallBlob } from '../../storage/blob-download.js'
import type { CheckedImage } from '../check/images.js'
import type { EngineContext } from '../context.js'
import { listingIn, readOfferListings } from '../read/listing.js'
import type { OfferSnapshot } from '../read/offer.js'
import type { Change } from '../result.js'
import { RequestError } from '../run-request.js'

/**
 * One image change of the plan: the row, and what the applier needs. An upload (`upload` set)
 * goes through the listing-image flow (§5.6) and, once processed, deletes `replaces` (the
 * images of the same type it replaces); a removal (no `upload`) deletes `replaces` only.
 */
export interface ImageWork {
  listingId: string
  change: Change
  upload?: CheckedImage
  replaces: ListingImage[]
}

/** States in which an image with the wanted content counts as there (§7.1). */
const USABLE = ['Processed', 'Uploaded', 'InProcessing']

/**
 * Compares the manifest's images (checked locally) with each listing's images (§5.6) and plans
 * the changes: a logo whose content is not there is uploaded and replaces the logos of its type;
 * listed screenshots replace the screenshots not listed. Content is compared by the upload name,
 * which carries its hash, and, for an image named otherwise (uploaded by hand, or exported), by
 * the hash of its content, downloaded from its read SAS (§5.6 `$expand=FileSasUri`): an image
 * already there is never uploaded again. Reads only.
 * @throws RequestError for a language the offer has no listing in.
 */
export async function planImageChanges(
  context: EngineContext,
  offer: OfferSnapshot,
  images: CheckedImage[]
): Promise<ImageWork[]> {
  if (images.length === 0) return []
  const listings = await readOfferListings(context, offer)
  const works: ImageWork[] = []
  for (const language of new Set(images.map((image) => image.language))) {
    const listing = listingIn(listings, language)
    if (!listing) {
      throw new RequestError(
        `${context.request.offerId} has no ${language} listing in Partner Center; its images cannot be set.`
      )
    }
    const current = await context.client.listListingImages(offer.product.id, listing.id, {
      withFileSasUri: true
    })
    const contents = new ContentHashes(context)
    const wanted = images.filter((image) => image.language === language)
    const plan = { context, listingId: listing.id, language, current, contents }
    for (const kind of new Set(wanted.map((image) => image.kind))) {
      works.push(
        ...(await planKind(
          plan,
          kind,
          wanted.filter((image) => image.kind === kind)
        ))
      )
    }
  }
  return works
}

interface KindPlan {
  context: EngineContext
  listingId: string
  language: string
  current: ListingImage[]
  contents: ContentHashes
}

/**
 * The changes of one image type: each wanted image not there is uploaded; the images of that
 * type not wanted are deleted, after the uploads (a logo: by the upload that replaces it).
 */
async function planKind(
  plan: KindPlan,
  kind: ImageKind,
  wanted: CheckedImage[]
): Promise<ImageWork[]> {
  const ofType = plan.current.filter((image) => sameText(image.type, kind.type))
  const kept = new Set<ListingImage>()
  const uploads: CheckedImage[] = []
  for (const image of wanted) {
    const same = await findSame(plan.contents, ofType, image)
    if (same) kept.add(same)
    else uploads.push(image)
  }
  const unwanted = ofType.filter((image) => !kept.has(image))
  const isLogo = wanted.length === 1 && kind.name.startsWith('logos.')
  const works = uploads.map((image) => uploadWork(plan, image, isLogo ? unwanted : []))
  if (!isLogo) works.push(...unwanted.map((image) => removalWork(plan, kind, image)))
  // A logo that is there already: any other of its type is left as it is (never deleted unasked).
  return works
}

async function findSame(
  contents: ContentHashes,
  candidates: ListingImage[],
  image: CheckedImage
): Promise<ListingImage | undefined> {
  const usable = candidates.filter((candidate) =>
    USABLE.some((state) => sameText(candidate.state, state))
  )
  const byName = usable.find((candidate) => candidate.fileName === image.fileName)
  if (byName) return byName
  for (const candidate of usable) {
    if (hashOfUploadName(candidate.fileName)) continue
    if ((await contents.of(candidate)) === image.sha256) return candidate
  }
  return undefined
}

const nameOf = (image: ListingImage) => image.fileName ?? image.id

function uploadWork(plan: KindPlan, image: CheckedImage, replaces: ListingImage[]): ImageWork {
  const subject = plan.context.request.offerId
  const from = replaces.map(nameOf).join(', ') || '(none)'
  const field = `${plan.language}.image ${image.kind.type}`
  return {
    listingId: plan.listingId,
    upload: image,
    replaces,
    change: {
      kind: 'upload-image',
      module: 'Listing',
      subject,
      field,
      from,
      to: image.fileName,
      // §5.6: POST PendingUpload → PUT blob → PUT Uploaded; the old image deleted once processed.
      writes: ['POST images', 'PUT blob', 'PUT images', ...replaces.map(() => 'DELETE images')],
      description: `Listing of ${subject}: ${field} ${from} → ${image.fileName} (${image.label})`,
      done: false
    }
  }
}

function removalWork(plan: KindPlan, kind: ImageKind, image: ListingImage): ImageWork {
  const subject = plan.context.request.offerId
  const field = `${plan.language}.image ${kind.type}`
  return {
    listingId: plan.listingId,
    replaces: [image],
    change: {
      kind: 'delete-image',
      module: 'Listing',
      subject,
      field,
      from: nameOf(image),
      to: '(none)',
      writes: ['DELETE images'],
      description: `Listing of ${subject}: ${field} ${nameOf(image)} removed (not in the manifest)`,
      done: false
    }
  }
}

/**
 * The SHA-256 of images named otherwise than by this action, downloaded once each (bounded by
 * MAX_IMAGE_BYTES). An image that cannot be read counts as different: it is replaced.
 */
class ContentHashes {
  private readonly hashes = new Map<string, Promise<string | undefined>>()

  constructor(private readonly context: EngineContext) {}

  of(image: ListingImage): Promise<string | undefined> {
    let hash = this.hashes.get(image.id)
    if (!hash) {
      hash = this.download(image)
      this.hashes.set(image.id, hash)
    }
    return hash
  }

  private async download(image: ListingImage): Promise<string | undefined> {
    if (!image.fileSasUri) return undefined
    const { logger, signal } = this.context
    try {
      const content = await downloadSmallBlob(image.fileSasUri, {
        maxBytes: MAX_IMAGE_BYTES,
        logger,
        signal
      })
      return createHash('sha256').update(content).digest('hex')
    } catch (error) {
      logger.info(
        `Image ${nameOf(image)} could not be read to compare it (${String(error)}); it is replaced`
      )
      return undefined
    }
  }
}
