import { requireSecureUrl } from '../boundary/urls.js'
import type { Logger } from '../logging.js'
import { loadStorageSdk } from './blob-upload.js'
import { maskSasUrl, redactSasUrl } from './sas.js'

/** A blob larger than the caller's bound: nothing past the bound was kept. */
export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError'
}

/**
 * Downloads a small blob (a listing image) from the read SAS URL Partner Center handed out
 * (`fileSasUri`, §5.6), through the storage SDK the uploads use, with its retries. The URL is
 * hostile input: its signature is masked first, it must be https (http on loopback only), and
 * the body is read up to `maxBytes` and no further.
 * @throws BlobTooLargeError above `maxBytes`; InsecureUrlError; the SDK's RestError.
 */
export async function downloadSmallBlob(
  sasUrl: string,
  options: { maxBytes: number; logger: Logger; signal?: AbortSignal }
): Promise<Buffer> {
  const { maxBytes, logger, signal } = options
  maskSasUrl(sasUrl, logger)
  requireSecureUrl(sasUrl, 'The image download URL Partner Center sent', redactSasUrl(sasUrl))
  const { AnonymousCredential, BlobClient } = await loadStorageSdk()
  const client = new BlobClient(sasUrl, new AnonymousCredential(), {
    retryOptions: { maxTries: 5, retryDelayInMs: 1000, maxRetryDelayInMs: 60_000 },
    keepAliveOptions: { enable: false }
  })
  const controller = new AbortController()
  const onAbort = (): void => controller.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const response = await client.download(0, undefined, { abortSignal: controller.signal })
    if ((response.contentLength ?? 0) > maxBytes) throw tooLarge(maxBytes)
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of response.readableStreamBody ?? []) {
      size += (chunk as Buffer).length
      if (size > maxBytes) {
        controller.abort()
        throw tooLarge(maxBytes)
      }
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks)
  } finally {
    signal?.removeEventListener('abort', onAbort)
  }
}

const tooLarge = (maxBytes: number) =>
  new BlobTooLargeError(`The image is larger than ${maxBytes} bytes; it was not read.`)
