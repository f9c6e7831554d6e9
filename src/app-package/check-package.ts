import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { SINGLE_SHOT_MAX_BYTES } from '../storage/limits.js'
import { NotAZipError, openZip } from './zip-directory.js'

/** A package zip whose structure passed the checks; not hashed yet. */
export interface PackageFile {
  /** Absolute path. */
  path: string
  /** Bytes. */
  size: number
}

/** What the publishing flow needs to know about a package zip that passed the checks. */
export interface CheckedPackage extends PackageFile {
  /** Hex SHA-256 of the content: names the upload, so a re-run can recognise it. */
  sha256: string
  /**
   * Base64 MD5 of the content, as Azure Storage writes it, for packages that go in one Put Blob
   * (≤ SINGLE_SHOT_MAX_BYTES): the store checks the upload against it. Absent above: a block
   * upload sends none, and reading a large file for it would cost seconds.
   */
  md5?: string
}

/** A package that Partner Center would reject; the message says what to fix. */
export class PackageCheckError extends Error {
  override name = 'PackageCheckError'
}

/** Files an Azure Application package must have at the root of its zip. */
const REQUIRED_FILES = ['mainTemplate.json', 'createUiDefinition.json'] as const

/**
 * Checks a package locally before anything is sent to Partner Center (the file exists, is a
 * zip, and has mainTemplate.json and createUiDefinition.json at its root) and hashes it.
 * Throws PackageCheckError.
 */
export async function checkPackage(file: string, label: string): Promise<CheckedPackage> {
  return hashPackage(await checkPackageStructure(file, label))
}

/**
 * The checks of `checkPackage` without the hashes, which read the whole file: the caller can
 * start them and overlap them with other work (`hashPackage`). Throws PackageCheckError.
 */
export async function checkPackageStructure(file: string, label: string): Promise<PackageFile> {
  const absolute = path.resolve(file)
  let size: number
  try {
    size = (await stat(absolute)).size
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new PackageCheckError(
      code === 'ENOENT'
        ? `${label}: package ${file} does not exist. Build it before this step, or fix its path ` +
            `in the manifest (paths are relative to the manifest).`
        : `${label}: package ${file} cannot be read (${code ?? String(error)}).`
    )
  }
  let entries: string[]
  try {
    const zip = await openZip(absolute, size)
    entries = zip.entries.map((entry) => entry.name)
    zip.close()
  } catch (error) {
    if (!(error instanceof NotAZipError)) throw error
    throw notAZip(label, file, error)
  }
  const missing = REQUIRED_FILES.filter((name) => !entries.includes(name))
  if (missing.length > 0) {
    const hints = missing.map((name) => {
      const nested = entries.find(
        (entry) => path.posix.basename(entry).toLowerCase() === name.toLowerCase()
      )
      return nested ? `${name} (found "${nested}": move it to the root of the zip)` : name
    })
    throw new PackageCheckError(
      `${label}: ${file} lacks ${hints.join(' and ')} at the root of the zip. Partner Center ` +
        `rejects a package without them.`
    )
  }
  return { path: absolute, size }
}

/** The error for a file that is not a readable zip, naming the file and what is wrong. */
export function notAZip(label: string, file: string, error: NotAZipError): PackageCheckError {
  return new PackageCheckError(
    `${label}: ${file} is not a zip file we can read (${error.message}). Azure Application ` +
      `packages are zip archives with mainTemplate.json and createUiDefinition.json at the root.`
  )
}

/**
 * The package's hashes in one streamed read of the file: SHA-256 always, MD5 only for a package
 * small enough to go in one Put Blob (the only upload that uses it).
 */
export function hashPackage(file: PackageFile): Promise<CheckedPackage> {
  return new Promise((resolve, reject) => {
    const sha256 = createHash('sha256')
    const md5 = file.size <= SINGLE_SHOT_MAX_BYTES ? createHash('md5') : undefined
    createReadStream(file.path)
      .on('data', (chunk) => {
        sha256.update(chunk)
        md5?.update(chunk)
      })
      .on('error', reject)
      .on('end', () =>
        resolve({
          ...file,
          sha256: sha256.digest('hex'),
          ...(md5 && { md5: md5.digest('base64') })
        })
      )
  })
}
