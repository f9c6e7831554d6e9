import type { BlockBlobClient } from '@azure/storage-blob'
import { words } from '../naming.js'

/**
 * How far the stored blob was checked against the file: by the store itself on receipt (a
 * single Put Blob sent with the file's MD5), or by reading the blob's properties back.
 */
export type StoredCheck = 'MD5 on receipt' | 'size and MD5' | 'size' | 'not readable'

/** The store holds something other than the file: the upload did not complete as sent. */
export class StoredBlobMismatch extends Error {
  override name = 'StoredBlobMismatch'
}

/**
 * Reads the blob's properties back (a HEAD) and compares them with the file: the size always,
 * the MD5 when the caller has one and the store keeps one for a blob committed from blocks
 * (Azure Storage keeps none; the emulator does). Only block uploads need this: a single Put Blob carries the MD5 and the
 * store refuses a body that does not match it.
 * A 403 is tolerated: a SAS without read permission cannot check, and that is no upload failure.
 * Other failures of the HEAD are rethrown as the SDK reported them, for the caller to translate.
 */
export async function verifyStoredBlob(
  client: Pick<BlockBlobClient, 'getProperties'>,
  expected: { size: number; md5?: string },
  signal?: AbortSignal
): Promise<StoredCheck> {
  let properties: Awaited<ReturnType<BlockBlobClient['getProperties']>>
  try {
    properties = await client.getProperties({ abortSignal: signal })
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 403) return 'not readable'
    throw error
  }
  if (properties.contentLength !== expected.size) {
    throw new StoredBlobMismatch(
      `Azure Storage holds ${properties.contentLength ?? 'no'} bytes of the package, not the ` +
        `${expected.size} that were sent. Run ${words().tool} again: it uploads the package again.`
    )
  }
  if (!properties.contentMD5 || expected.md5 === undefined) return 'size'
  const stored = Buffer.from(properties.contentMD5).toString('base64')
  if (stored !== expected.md5) {
    throw new StoredBlobMismatch(
      `Azure Storage holds a package whose MD5 (${stored}) differs from the file's (${expected.md5}). ` +
        `Run ${words().tool} again: it uploads the package again.`
    )
  }
  return 'size and MD5'
}
