import { readImageHeader } from '../../images/image-file.js'
import {
  LOGO_KINDS,
  MAX_IMAGE_BYTES,
  MAX_SCREENSHOTS,
  SCREENSHOT_KIND,
  type ImageKind
} from '../../images/requirements.js'
import type { ManifestImages } from '../../manifest/manifest.js'
import { sameText } from '../../partner-center/normalize.js'
import type { AzureListing, ListingImage } from '../../partner-center/types.js'
import { downloadSmallBlob } from '../../storage/blob-download.js'
import type { EngineContext } from '../context.js'

/** An image file export writes: its path relative to the manifest (forward slashes) and bytes. */
export interface ExportedImage {
  relative: string
  content: Buffer
}

/** The states in which an image is the listing's (§7.1); a failed or unfinished one is not. */
const CURRENT = ['Processed', 'Uploaded', 'InProcessing']

/**
 * The listing's images as export writes them: each logo and screenshot downloaded from its read
 * SAS (`$expand=FileSasUri`, §5.6), at most MAX_IMAGE_BYTES each, kept only when it is a PNG of
 * its type's size (so that publishing the export passes the local checks), under a name made
 * from its type, never from the server's file name (`images/logo-large.png`). Logos are left out
 * unless the large one is usable (the manifest requires it), screenshots unless all of them are
 * (listed, they replace the offer's); one left out stays as it is.
 */
export async function exportListingImages(
  context: EngineContext,
  productId: string,
  listing: AzureListing
): Promise<{ images?: ManifestImages; files: ExportedImage[] }> {
  const all = await context.client.listListingImages(productId, listing.id, {
    withFileSasUri: true
  })
  const current = all.filter((image) => CURRENT.some((state) => sameText(image.state, state)))
  const files: ExportedImage[] = []
  const logos: Record<string, string> = {}
  for (const [which, kind] of Object.entries(LOGO_KINDS)) {
    const image = current.find((candidate) => sameText(candidate.type, kind.type))
    const file = image && (await download(context, image, kind, `images/${kind.fileStem}.png`))
    if (!file) continue
    files.push(file)
    logos[which] = file.relative
  }
  if (!logos.large) {
    for (const key of Object.keys(logos)) delete logos[key]
    files.length = 0
  }
  const screenshots = await exportScreenshots(context, current)
  files.push(...screenshots)
  const images: ManifestImages = {
    ...(logos.large && { logos: logos as ManifestImages['logos'] }),
    ...(screenshots.length > 0 && { screenshots: screenshots.map((file) => file.relative) })
  }
  return { images: Object.keys(images).length > 0 ? images : undefined, files }
}

/**
 * The screenshots, all or none: listed, they replace the offer's, so a list without one of them
 * (one that could not be read, or a sixth, which the manifest cannot hold) would delete it when
 * the export is published.
 */
async function exportScreenshots(
  context: EngineContext,
  current: ListingImage[]
): Promise<ExportedImage[]> {
  const shots = current
    .filter((candidate) => sameText(candidate.type, SCREENSHOT_KIND.type))
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
  const none = (why: string): ExportedImage[] => {
    context.logger.info(`Screenshots not exported: ${why}; they stay as they are`)
    return []
  }
  if (shots.length > MAX_SCREENSHOTS)
    return none(`the offer has ${shots.length}, more than the ${MAX_SCREENSHOTS} a manifest lists`)
  const files: ExportedImage[] = []
  for (const [index, image] of shots.entries()) {
    const file = await download(
      context,
      image,
      SCREENSHOT_KIND,
      `images/screenshot-${index + 1}.png`
    )
    if (!file) return none('one of them could not be exported, and listed they replace them all')
    files.push(file)
  }
  return files
}

/** The image's bytes, when it can be read and is a PNG of its kind's size; else says why. */
async function download(
  context: EngineContext,
  image: ListingImage,
  kind: ImageKind,
  relative: string
): Promise<ExportedImage | undefined> {
  const { logger, signal } = context
  const skip = (why: string) => {
    logger.info(`Image ${image.id} (${kind.type}) not exported: ${why}; it stays as it is`)
    return undefined
  }
  if (!image.fileSasUri) return skip('Partner Center gave no address to read it from')
  let content: Buffer
  try {
    content = await downloadSmallBlob(image.fileSasUri, {
      maxBytes: MAX_IMAGE_BYTES,
      logger,
      signal
    })
  } catch (error) {
    return skip(`it could not be read (${error instanceof Error ? error.message : String(error)})`)
  }
  const header = readImageHeader(content.subarray(0, 32))
  if (header.format !== 'png' || header.width !== kind.width || header.height !== kind.height)
    return skip(`it is not a PNG of ${kind.width}×${kind.height} pixels`)
  return { relative, content }
}
