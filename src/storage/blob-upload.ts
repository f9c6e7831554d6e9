import { createHash, randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { open, stat, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import { refuseRedirect } from '../boundary/responses.js'
import { HttpError, NetworkError } from '../http/errors.js'
import { urlHost, urlPath } from '../http/url-path.js'
import type { Logger } from '../logging.js'
import { SINGLE_SHOT_MAX_BYTES } from './limits.js'
import { checkSasUrl, maskSasUrl, redactSasUrl, sasSignatureForms } from './sas.js'
import { StoredBlobMismatch, verifyStoredBlob, type StoredCheck } from './verify-upload.js'
import { words } from '../naming.js'

export interface UploadPackageOptions {
  filePath: string
  /** The write SAS URL Partner Center handed out (`fileSasUri`), used verbatim. */
  sasUrl: string
  /**
   * Base64 MD5 of the file, for a single Put Blob. The action passes the one `hashPackage`
   * computed while reading the file anyway; without it a single-shot upload reads the file once
   * more here. Block uploads do not use it.
   */
  md5?: string
  logger: Logger
  signal?: AbortSignal
  /** Bytes sent so far; given, it shows the progress (the CLI's bar) instead of the log lines. */
  onProgress?: (progress: { loadedBytes: number; totalBytes: number }) => void
  /** Size of each Put Block above the single-shot threshold. Default 8 MiB. */
  blockSizeBytes?: number
  /** Files up to this size go in one Put Blob. Default 64 MiB. */
  singleShotMaxBytes?: number
  /** Blocks in flight at once. Default 4. */
  concurrency?: number
  /**
   * Abort an attempt when no progress arrives for this long. Default 5 minutes. Progress is a
   * chunk of up to 1 MiB handed to the connection, or a block read from the file.
   */
  stallTimeoutMs?: number
  /**
   * Attempts of the whole upload when one stalls (the first included). Default 3. A stalled
   * attempt is aborted and the upload sent again: Put Blob and Put Block List replace what an
   * earlier attempt stored, so repeating them is safe.
   */
  stallAttempts?: number
}

export interface UploadOutcome {
  bytes: number
  method: 'single' | 'blocks'
  durationMs: number
  bytesPerSecond: number
  /** How the stored blob was checked against the file. */
  stored: StoredCheck
}

/**
 * The package file could not be read while it was being uploaded: it shrank, moved or failed
 * on disk after it was checked. Not a storage failure, so no advice about the network.
 */
export class PackageReadError extends Error {
  override name = 'PackageReadError'
}

const MiB = 1024 * 1024
const PROGRESS_LOG_INTERVAL_MS = 5000

/**
 * The pipeline's own redirect policy (`@azure/core-rest-pipeline`, reached through the options
 * the storage SDK hands to its core client) told to follow none: by default it follows a 300 or
 * 307 with the same method and body up to 20 times (to the same origin only, since 2025).
 * Azure Storage does not redirect uploads, so a 3xx comes from something else on the path, and
 * following it would send the package where that points. `StoragePipelineOptions` does not
 * declare the field, hence the spread; `blob-upload.test.ts` › redirects proves it takes effect.
 */
const NO_REDIRECTS = { redirectOptions: { maxRetries: 0 } }

type StorageSdk = typeof import('@azure/storage-blob')
let storageSdk: Promise<StorageSdk> | undefined

/**
 * Loads the storage SDK once. It is large (≈ 1.8 MB, 130–200 ms to load), so it is not part of
 * the start-up that every command pays; a command that will upload calls this as it starts, so
 * the loading overlaps its Partner Center calls instead of sitting between them and the upload.
 * A failure to load surfaces where the SDK is used: in `uploadPackage`.
 */
export function loadStorageSdk(): Promise<StorageSdk> {
  if (!storageSdk) {
    storageSdk = import('@azure/storage-blob')
    // Loaded ahead and perhaps never awaited (the run may fail before it uploads): a failure
    // must not become an unhandled rejection.
    storageSdk.catch(() => undefined)
  }
  return storageSdk
}

/**
 * Loads the SDK and what its first request would load on the way: its pipeline's form-data
 * policy reads the global `FormData`, and Node loads its fetch implementation (undici, ≈ 40 ms
 * of CPU) on that first read. Called while the run waits for Partner Center, it takes that time
 * out of the first upload (docs/benchmarks.md, 2).
 */
export async function prepareStorageSdk(): Promise<void> {
  await loadStorageSdk()
  void globalThis.FormData
}

/**
 * Uploads a package file to its SAS URL: one Put Blob up to `singleShotMaxBytes`, parallel
 * Put Block + Put Block List above it. The file is streamed (one Put Blob) or read a block at a
 * time into buffers reused for the next block, so memory stays flat whatever its size.
 *
 * The URL is used exactly as given: since 2026 Partner Center hands out Azure Front Door hosts
 * with a user-delegation SAS signed over host and path, and a URL rebuilt for
 * `<account>.blob.core.windows.net` fails (§5.10 of the API reference).
 */
export async function uploadPackage(options: UploadPackageOptions): Promise<UploadOutcome> {
  const { filePath, sasUrl, logger, signal } = options
  maskSasUrl(sasUrl, logger)
  checkSasUrl(sasUrl)
  signal?.throwIfAborted()

  const totalBytes = (await stat(filePath)).size
  const blockSize = options.blockSizeBytes ?? 8 * MiB
  const singleShotMax = options.singleShotMaxBytes ?? SINGLE_SHOT_MAX_BYTES
  const stallTimeoutMs = options.stallTimeoutMs ?? 5 * 60_000
  const method = totalBytes <= singleShotMax ? 'single' : 'blocks'
  const md5 = method === 'single' ? (options.md5 ?? (await md5Of(filePath))) : undefined
  const fileName = basename(filePath)
  const where = `${urlHost(sasUrl)}${urlPath(sasUrl)}`
  logger.info(
    method === 'single'
      ? `Uploading ${fileName} (${formatBytes(totalBytes)}) to ${where} in one request`
      : `Uploading ${fileName} (${formatBytes(totalBytes)}) to ${where} in ` +
          `${Math.ceil(totalBytes / blockSize)} blocks of ${formatBytes(blockSize)}`
  )

  const { AnonymousCredential, BlockBlobClient, StorageRetryPolicyType } = await loadStorageSdk()
  const client = new BlockBlobClient(sasUrl, new AnonymousCredential(), {
    // The SDK streams the blocks, so its retry policy applies here instead of the transport's;
    // it is given the same numbers (5 attempts, 1 s base, 60 s cap). No per-try timeout: the SDK
    // would add it to the URL as a `timeout` parameter, and a large Put Blob on a slow link needs
    // long tries; the stall detector below bounds a hung try instead.
    retryOptions: {
      retryPolicyType: StorageRetryPolicyType.EXPONENTIAL,
      maxTries: 5,
      retryDelayInMs: 1000,
      maxRetryDelayInMs: 60_000
    },
    // Idle keep-alive sockets would hold the process open after the upload.
    keepAliveOptions: { enable: false },
    ...NO_REDIRECTS
  })

  const progress = options.onProgress ? undefined : progressLogger(fileName, totalBytes, logger)
  const startedAt = Date.now()
  const attempts = options.stallAttempts ?? 3
  for (let attempt = 1; ; attempt++) {
    const stalled = await uploadAttempt(client, {
      sasUrl,
      signal,
      stallTimeoutMs,
      transfer: {
        filePath,
        totalBytes,
        blockSize: method === 'single' ? totalBytes : blockSize,
        concurrency: options.concurrency ?? 4,
        headers: {
          blobContentType: 'application/octet-stream',
          // With one Put Blob the store checks the body against this MD5 and refuses a mismatch,
          // so a 201 proves what was stored and no read-back is needed. Not with blocks: Put
          // Block List would store the value unchecked, and the read-back below could only
          // agree with it.
          ...(md5 !== undefined ? { blobContentMD5: Buffer.from(md5, 'base64') } : {})
        },
        onProgress: (loadedBytes) => {
          progress?.report(loadedBytes)
          options.onProgress?.({ loadedBytes, totalBytes })
        }
      }
    })
    if (!stalled) break
    const what = `the upload of ${fileName} made no progress for ${stallTimeoutMs / 1000} s`
    if (attempt >= attempts) {
      throw new NetworkError({
        code: 'TIMEOUT',
        method: 'PUT',
        url: sasUrl,
        detail: `${what}, on each of ${attempts} attempt${attempts > 1 ? 's' : ''}`,
        hint:
          'The connection to the storage host was made; the transfer hung after it started. ' +
          `Run again: ${words().tool} continues with the same package.`
      })
    }
    logger.warning(`${what}: aborted it, sending it again (attempt ${attempt + 1} of ${attempts})`)
  }

  const durationMs = Math.max(1, Date.now() - startedAt)
  const bytesPerSecond = Math.round((totalBytes * 1000) / durationMs)
  let stored: StoredCheck = 'MD5 on receipt'
  if (method === 'blocks') {
    try {
      stored = await verifyStoredBlob(client, { size: totalBytes, md5 }, signal)
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      throw error instanceof StoredBlobMismatch ? error : storageFailure(error, sasUrl, 'HEAD')
    }
  }
  const outcome: UploadOutcome = { bytes: totalBytes, method, durationMs, bytesPerSecond, stored }
  logger.info(`Uploaded ${fileName} (${formatBytes(totalBytes)}) ${describeTransfer(outcome)}`)
  return outcome
}

type BlockBlobClient = InstanceType<StorageSdk['BlockBlobClient']>
type BlobHeaders = NonNullable<Parameters<BlockBlobClient['commitBlockList']>[1]>['blobHTTPHeaders']

/** What one attempt sends: the whole file, in one Put Blob when `blockSize` covers it. */
interface Transfer {
  filePath: string
  totalBytes: number
  blockSize: number
  concurrency: number
  headers: BlobHeaders
  /** Bytes of the blocks stored so far (of the Put Blob sent so far). */
  onProgress: (loadedBytes: number) => void
}

/**
 * The size of each chunk handed to the connection: each read of the file for a single Put
 * Blob, each slice of a block's buffer. Node's default for a file stream is 64 KiB: a 64 MiB
 * package then takes 1,024 reads, each a trip through the thread pool and a separate write on
 * the socket. 1 MiB chunks cut the client's CPU time per byte (docs/benchmarks.md, upload), and
 * each one sent is progress for the stall detector.
 */
const READ_CHUNK_BYTES = MiB

/**
 * One attempt of the upload, aborted when no bytes move for `stallTimeoutMs`. Resolves true
 * when it stalled, false when it finished; rejects with the run's abort reason or a typed
 * storage error.
 */
async function uploadAttempt(
  client: BlockBlobClient,
  attempt: { sasUrl: string; signal?: AbortSignal; stallTimeoutMs: number; transfer: Transfer }
): Promise<boolean> {
  const { signal } = attempt
  const controller = new AbortController()
  // A failure to read the package file: it ends the attempt, and the upload, as itself.
  let readFailure: PackageReadError | undefined
  const failRead = (failure: PackageReadError): void => {
    readFailure ??= failure
    controller.abort(failure)
  }
  const stall = stallDetector(attempt.stallTimeoutMs, () => controller.abort())
  const onAbort = (): void => controller.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    stall.arm()
    await sendFile(client, attempt.transfer, {
      signal: controller.signal,
      onBytes: stall.arm,
      failRead
    })
    return false
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    if (stall.fired) return true
    if (readFailure) throw readFailure
    if (error instanceof PackageReadError) throw error
    throw storageFailure(error, attempt.sasUrl)
  } finally {
    stall.disarm()
    signal?.removeEventListener('abort', onAbort)
    // Blocks still in flight after another one failed are of no use any more.
    controller.abort()
  }
}

/**
 * Sends the file with the SDK's own calls, each with the SDK's retries: one Put Blob
 * (`upload`) when a block covers it, else Put Block (`stageBlock`) for each block,
 * `concurrency` at once, then Put Block List (`commitBlockList`) in the file's order. This is
 * what the SDK's `uploadFile` does, except that `uploadFile` reads the file in Node's default
 * 64 KiB chunks and takes no read size. `onBytes` hears of every chunk that leaves, for the
 * stall detector.
 *
 * The single Put Blob streams the file (a body the SDK can open again for a retry). Blocks are
 * read whole into one buffer per worker, allocated once per attempt and reused once the block
 * it held is stored: a stream allocates a fresh buffer per read, and that garbage is collected
 * only when V8's external-memory limit (≈ 64 MB above the last collection) is reached, which
 * let a 300 MiB upload's peak RSS range from 106 to 143 MiB between runs (docs/benchmarks.md,
 * upload). With the buffers, the memory in flight is `concurrency × blockSize` (32 MiB by
 * default) whatever the file's size. A block's body is a stream of 1 MiB views of its buffer,
 * not the buffer itself: the SDK reports a buffer's progress once, as it starts, and four
 * blocks sharing a slow link would then show no progress for the time of four blocks. A retry
 * of a block streams the same views again.
 */
async function sendFile(
  client: BlockBlobClient,
  transfer: Transfer,
  io: { signal: AbortSignal; onBytes: () => void; failRead: (failure: PackageReadError) => void }
): Promise<void> {
  const { filePath, totalBytes, blockSize, headers } = transfer
  if (blockSize >= totalBytes) {
    // The SDK pipes the stream into the request without listening for its errors: one left
    // unheard (the file gone, a disk error) would end the process. Heard here, it ends the attempt.
    const body = () =>
      createReadStream(filePath, {
        // `end` is inclusive; an empty file still needs end ≥ start.
        end: Math.max(totalBytes, 1) - 1,
        highWaterMark: Math.min(READ_CHUNK_BYTES, Math.max(totalBytes, 1))
      }).once('error', (error) => io.failRead(unreadable(filePath, error)))
    await client.upload(body, totalBytes, {
      abortSignal: io.signal,
      blobHTTPHeaders: headers,
      onProgress: ({ loadedBytes }) => {
        io.onBytes()
        transfer.onProgress(loadedBytes)
      }
    })
    return
  }
  const count = Math.ceil(totalBytes / blockSize)
  // Block ids are base64 of equal length within a blob; a fresh prefix per attempt keeps an
  // earlier attempt's blocks out of this one's list.
  const prefix = randomUUID()
  const ids = Array.from({ length: count }, (_, i) =>
    Buffer.from(`${prefix}-${String(i).padStart(6, '0')}`).toString('base64')
  )
  let stored = 0
  let next = 0
  const file = await open(filePath, 'r').catch((error: unknown) => {
    throw unreadable(filePath, error)
  })
  try {
    const worker = async (): Promise<void> => {
      const buffer = Buffer.allocUnsafeSlow(blockSize)
      while (next < count && !io.signal.aborted) {
        const index = next++
        const start = index * blockSize
        const block = buffer.subarray(0, Math.min(blockSize, totalBytes - start))
        await readFully({ handle: file, path: filePath }, block, start)
        io.signal.throwIfAborted()
        io.onBytes()
        await client.stageBlock(ids[index]!, () => chunksOf(block), block.length, {
          abortSignal: io.signal,
          onProgress: io.onBytes
        })
        stored += block.length
        transfer.onProgress(stored)
      }
    }
    await Promise.all(Array.from({ length: Math.min(transfer.concurrency, count) }, worker))
  } finally {
    await file.close()
  }
  io.signal.throwIfAborted()
  await client.commitBlockList(ids, { abortSignal: io.signal, blobHTTPHeaders: headers })
}

/**
 * Fills `block` from the file at `position`.
 * @throws PackageReadError when the file ends first or cannot be read.
 */
async function readFully(
  file: { handle: FileHandle; path: string },
  block: Buffer,
  position: number
): Promise<void> {
  let filled = 0
  while (filled < block.length) {
    const { bytesRead } = await file.handle
      .read(block, filled, block.length - filled, position + filled)
      .catch((error: unknown) => {
        throw unreadable(file.path, error)
      })
    if (bytesRead === 0) {
      throw new PackageReadError(
        `The package file ended at ${position + filled} bytes while it was being uploaded: ` +
          'it changed after it was checked. Build it again and run again.'
      )
    }
    filled += bytesRead
  }
}

/** A stream of 1 MiB views of `block`: no copy, and a new stream for every try of the SDK. */
function chunksOf(block: Buffer): Readable {
  const chunks: Buffer[] = []
  for (let offset = 0; offset < block.length; offset += READ_CHUNK_BYTES)
    chunks.push(block.subarray(offset, offset + READ_CHUNK_BYTES))
  return Readable.from(chunks, { objectMode: false })
}

/** The package file could not be opened or read during the upload. */
function unreadable(filePath: string, error: unknown): PackageReadError {
  // As the package check words a file it cannot read (src/app-package/check-package.ts).
  const code = (error as NodeJS.ErrnoException).code
  return new PackageReadError(
    `The package file ${basename(filePath)} could not be read while it was being uploaded ` +
      `(${code ?? String(error)}): it changed or moved after it was checked. Build it again and ` +
      'run again.'
  )
}

/** "1.2 MiB in 3.4 s, 360.0 KiB/s; stored size and MD5 checked", for the summary. */
export function describeUpload(outcome: UploadOutcome): string {
  return `${formatBytes(outcome.bytes)} ${describeTransfer(outcome)}`
}

function describeTransfer(outcome: UploadOutcome): string {
  const check =
    outcome.stored === 'not readable'
      ? 'the stored blob could not be read back to check it'
      : outcome.stored === 'MD5 on receipt'
        ? 'MD5 checked by the store on receipt'
        : `stored ${outcome.stored} checked`
  return (
    `in ${(outcome.durationMs / 1000).toFixed(1)} s, ` +
    `${formatBytes(outcome.bytesPerSecond)}/s; ${check}`
  )
}

async function md5Of(filePath: string): Promise<string> {
  const hash = createHash('md5')
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer)
  return hash.digest('base64')
}

/** Calls `onStall` when `arm()` has not been called again within `timeoutMs`. */
function stallDetector(timeoutMs: number, onStall: () => void) {
  let timer: NodeJS.Timeout | undefined
  const detector = {
    fired: false,
    arm(): void {
      clearTimeout(timer)
      timer = setTimeout(() => {
        detector.fired = true
        onStall()
      }, timeoutMs)
    },
    disarm(): void {
      clearTimeout(timer)
    }
  }
  return detector
}

/** Logs the progress at most every few seconds, so a large upload does not flood the log. */
function progressLogger(fileName: string, totalBytes: number, logger: Logger) {
  let lastLoggedAt = Date.now()
  return {
    report(loadedBytes: number): void {
      const now = Date.now()
      if (now - lastLoggedAt < PROGRESS_LOG_INTERVAL_MS || loadedBytes >= totalBytes) return
      lastLoggedAt = now
      const percent = Math.floor((loadedBytes * 100) / totalBytes)
      logger.info(
        `Uploading ${fileName}: ${formatBytes(loadedBytes)} of ${formatBytes(totalBytes)} (${percent}%)`
      )
    }
  }
}

/**
 * A typed error for a failed upload. Whatever the SDK said is scrubbed of the signature first:
 * its messages and its request object carry the full SAS URL.
 */
function storageFailure(error: unknown, sasUrl: string, method: 'PUT' | 'HEAD' = 'PUT'): Error {
  const failure = error as {
    statusCode?: number
    code?: string
    message?: string
    response?: { headers?: { get(name: string): string | undefined } }
  }
  if (typeof failure.statusCode !== 'number')
    return NetworkError.from(error, { method, url: sasUrl })
  if (failure.statusCode >= 300 && failure.statusCode < 400) {
    try {
      refuseRedirect(
        { method, url: sasUrl },
        failure.statusCode,
        failure.response?.headers?.get('location'),
        'for uploads: Azure Storage does not redirect them, so the answer came from something ' +
          `else between ${words().machine} and the storage host (a proxy?), and the package was ` +
          'not sent where it points.'
      )
    } catch (refused) {
      return refused as Error
    }
  }
  const firstLine = (failure.message ?? '').split('\n')[0] ?? ''
  return new HttpError({
    status: failure.statusCode,
    method,
    url: sasUrl,
    code: failure.code,
    serverMessage: scrubSignature(firstLine, sasUrl),
    requestId: failure.response?.headers?.get('x-ms-request-id'),
    service: 'Azure Storage',
    hint: storageHint(failure.statusCode)
  })
}

function scrubSignature(text: string, sasUrl: string): string {
  let scrubbed = redactSasUrl(text)
  for (const form of sasSignatureForms(sasUrl)) scrubbed = scrubbed.split(form).join('***')
  return scrubbed
}

function storageHint(status: number): string | undefined {
  if (status === 403) {
    return (
      'The upload URL does not allow writing, or it has expired (Partner Center package URLs ' +
      'last about a day): create a new package to get a fresh one.'
    )
  }
  if (status === 404) return 'The upload URL points to a container that does not exist.'
  return undefined
}

function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`
}
