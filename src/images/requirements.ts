/**
 * Partner Center's requirements for an Azure offer's listing images, one entry per kind the
 * manifest names (`listing.<language>.images`).
 *
 * Sources: the logo `type` strings and pixel sizes are the ingestion API reference's §5.6
 * (AzureLogoSmall 48×48, AzureLogoMedium 90×90, AzureLogoLarge 216×216, AzureLogoWide 255×115;
 * the Python CLI's media types and a recording of an AzureLogoLarge upload). Microsoft Learn,
 * "Configure Azure application offer listing details" (Marketplace media): logos and screenshots
 * are PNG files, the large logo is required, up to five screenshots of 1280×720 pixels. The
 * screenshot `type` string of the v1 API is not documented (§5.6, §11 item 6): `AzureScreenshot`
 * is assumed [I]. No maximum file size is documented for listing images: 5 MiB bounds what the
 * action reads and uploads [I] (README limitations).
 */
export interface ImageKind {
  /** The manifest's name: `logos.large`, `screenshots`. */
  name: string
  /** The ListingImage `type` (§5.6). */
  type: string
  width: number
  height: number
  /** Start of the upload's file name: `logo-large` → `logo-large-<hash>.png`. */
  fileStem: string
}

export const LOGO_KINDS: Record<'large' | 'small' | 'medium' | 'wide', ImageKind> = {
  large: {
    name: 'logos.large',
    type: 'AzureLogoLarge',
    width: 216,
    height: 216,
    fileStem: 'logo-large'
  },
  small: {
    name: 'logos.small',
    type: 'AzureLogoSmall',
    width: 48,
    height: 48,
    fileStem: 'logo-small'
  },
  medium: {
    name: 'logos.medium',
    type: 'AzureLogoMedium',
    width: 90,
    height: 90,
    fileStem: 'logo-medium'
  },
  wide: {
    name: 'logos.wide',
    type: 'AzureLogoWide',
    width: 255,
    height: 115,
    fileStem: 'logo-wide'
  }
}

/** The screenshot type string is not documented [I]: see above. */
export const SCREENSHOT_KIND: ImageKind = {
  name: 'screenshots',
  type: 'AzureScreenshot',
  width: 1280,
  height: 720,
  fileStem: 'screenshot'
}

/** Learn: up to five screenshots. */
export const MAX_SCREENSHOTS = 5

/** Not documented [I]: the bound on what the action reads, uploads and downloads per image. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024

/** Every kind, logos first, for lookups by ListingImage type (case-insensitive, §3.4). */
export const IMAGE_KINDS: readonly ImageKind[] = [...Object.values(LOGO_KINDS), SCREENSHOT_KIND]

/**
 * The name an image is uploaded under: its kind and the first 16 hex digits of its SHA-256, so
 * an unchanged image is recognised by name on the next run and never uploaded again.
 */
export function uploadName(kind: ImageKind, sha256: string): string {
  return `${kind.fileStem}-${sha256.slice(0, 16)}.png`
}

/** Whether a ListingImage fileName is one this action gave (`logo-large-<16 hex>.png`). */
export function hashOfUploadName(fileName: string | undefined): string | undefined {
  return /^[a-z-]+-([0-9a-f]{16})\.png$/.exec(fileName ?? '')?.[1]
}
