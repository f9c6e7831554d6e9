import path from 'node:path'
import { confinePath, PathRefusedError } from '../../boundary/package-paths.js'
import { readImageFile } from '../../images/image-file.js'
import {
  LOGO_KINDS,
  MAX_IMAGE_BYTES,
  SCREENSHOT_KIND,
  uploadName,
  type ImageKind
} from '../../images/requirements.js'
import {
  ManifestError,
  shownPath,
  type Manifest,
  type ManifestProblem
} from '../../manifest/manifest.js'

/** An image of the manifest that passed the local checks, ready to compare and upload. */
export interface CheckedImage {
  /** The listing's language (`en-us`). */
  language: string
  kind: ImageKind
  /** Display order among the screenshots; 0 for a logo. */
  order: number
  /** The path as the manifest writes it. */
  label: string
  /** Absolute path, symlinks resolved, inside the workspace. */
  path: string
  /** Bytes. */
  size: number
  sha256: string
  /** Base64 MD5, for the single Put Blob (storage/blob-upload.ts). */
  md5: string
  /** The name it is uploaded under: kind and content hash (images/requirements.ts). */
  fileName: string
}

interface NamedImage {
  language: string
  kind: ImageKind
  order: number
  label: string
  /** The YAML path, for the manifest's line. */
  at: string
}

/** Every image the manifest names, logos first, then screenshots in order. */
function namedImages(manifest: Manifest): NamedImage[] {
  return Object.entries(manifest.listing ?? {}).flatMap(([language, listing]) => {
    const images = listing.images
    const prefix = `listing.${language}.images`
    const logos = Object.entries(LOGO_KINDS).flatMap(([which, kind]) => {
      const label = images?.logos?.[which as keyof typeof LOGO_KINDS]
      return label ? [{ language, kind, order: 0, label, at: `${prefix}.logos.${which}` }] : []
    })
    const screenshots = (images?.screenshots ?? []).map((label, order) => ({
      language,
      kind: SCREENSHOT_KIND,
      order,
      label,
      at: `${prefix}.screenshots.${order}`
    }))
    return [...logos, ...screenshots]
  })
}

/**
 * Checks every image the manifest's listings name, before anything is read from or written to
 * Partner Center and without uploading: the path stays in the workspace (symlinks followed), the
 * file exists, is at most MAX_IMAGE_BYTES, is a PNG (by its signature, not its name) of exactly
 * the kind's pixel size, and is not an image listed before it. Reads each file once (hashes included: the upload name needs them).
 * @param workspace the folder every image must be in (GITHUB_WORKSPACE, or the current folder).
 * @throws ManifestError listing every image that fails, each on its manifest line, with the fix.
 */
export async function checkListingImages(
  manifest: Manifest,
  workspace: string
): Promise<CheckedImage[]> {
  const shown = shownPath(manifest.file, workspace)
  const problems: ManifestProblem[] = []
  const checked: CheckedImage[] = []
  for (const image of namedImages(manifest)) {
    const where = manifest.imagePositions?.[image.at]
    const problem = (message: string) =>
      problems.push({ file: shown, ...where, message: `${image.at}: ${message}` })
    const outcome = await checkOne(image, path.dirname(manifest.file), workspace)
    if (typeof outcome === 'string') {
      problem(outcome)
      continue
    }
    // The same screenshot twice would be uploaded twice under one name, and the next run
    // would keep one and delete the other: each image is listed once. (A logo's name has its
    // kind, so only screenshots can meet.)
    const earlier = checked.find(
      (other) => other.language === image.language && other.fileName === outcome.fileName
    )
    if (earlier)
      problem(`${image.label} is the same image as ${earlier.label}; list each screenshot once.`)
    else checked.push(outcome)
  }
  if (problems.length > 0) throw new ManifestError(problems)
  return checked
}

/** The checked image, or what is wrong with it in words. */
async function checkOne(
  image: NamedImage,
  base: string,
  workspace: string
): Promise<CheckedImage | string> {
  const { kind, label } = image
  let file: string
  try {
    file = confinePath(label, { base, root: workspace, what: `The image ${label}` })
  } catch (error) {
    if (error instanceof PathRefusedError) return error.message
    throw error
  }
  let facts
  try {
    facts = await readImageFile(file, MAX_IMAGE_BYTES)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT'
      ? `${label} does not exist. Add the file, or fix the path (relative to the manifest).`
      : `${label} cannot be read (${code ?? String(error)}).`
  }
  const wanted = `a PNG of ${kind.width}×${kind.height} pixels`
  if (facts.size > MAX_IMAGE_BYTES) {
    return `${label} is ${facts.size} bytes; an image may be at most ${MAX_IMAGE_BYTES} bytes (5 MiB). Compress it.`
  }
  if (facts.format !== 'png') {
    const what =
      facts.format === 'unknown'
        ? 'not an image Partner Center takes'
        : `a ${facts.format.toUpperCase()}`
    return `${label} is ${what}; Partner Center wants ${wanted}. Save it as PNG.`
  }
  if (facts.width !== kind.width || facts.height !== kind.height) {
    const size =
      facts.width === undefined ? 'a damaged PNG' : `${facts.width}×${facts.height} pixels`
    return `${label} is ${size}; Partner Center wants ${wanted} for ${kind.name}. Resize it.`
  }
  return {
    language: image.language,
    kind,
    order: image.order,
    label,
    path: file,
    size: facts.size,
    sha256: facts.sha256,
    md5: facts.md5,
    fileName: uploadName(kind, facts.sha256)
  }
}
