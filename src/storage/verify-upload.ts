import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { BlockBlobClient } from '@azure/storage-blob'

/** How far the stored blob could be checked against the file. */
export type StoredCheck = 'size and MD5' | 'size' | 'not readable'

/** The store holds something other than the file: the upload did not complete as sent. */
export class StoredBlobMismatch extends Error {
  override name = 'StoredBlobMismatch'
}

/**
 * Reads the blob's properties back (a HEAD) and compares them with the file: the size always,
 * the MD5 when the store keeps one (it does for a single Put Blob, not after Put Block List).
 * A 403 is tolerated: a SAS without read permission cannot check, and that is no upload failure.
 * Other failures of the HEAD are rethrown as the SDK reported them, for the caller to translate.
 */
export async function verifyStoredBlob(
  client: Pick<BlockBlobClient, 'getProperties'>,
  filePath: string,
  totalBytes: number,
  signal?: AbortSignal
): Promise<StoredCheck> {
  let properties: Awaited<ReturnType<BlockBlobClient['getProperties']>>
  try {
    properties = await client.getProperties({ abortSignal: signal })
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 403) return 'not readable'
    throw error
  }
  if (properties.contentLength !== totalBytes) {
    throw new StoredBlobMismatch(
      `Azure Storage holds ${properties.contentLength ?? 'no'} bytes of the package, not the ` +
        `${totalBytes} that were sent. Run the action again: it uploads the package again.`
    )
  }
  if (!properties.contentMD5) return 'size'
  const stored = Buffer.from(properties.contentMD5).toString('base64')
  const local = await md5Of(filePath)
  if (stored !== local) {
    throw new StoredBlobMismatch(
      `Azure Storage holds a package whose MD5 (${stored}) differs from the file's (${local}). ` +
        'Run the action again: it uploads the package again.'
    )
  }
  return 'size and MD5'
}

async function md5Of(filePath: string): Promise<string> {
  const hash = createHash('md5')
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer)
  return hash.digest('base64')
}
