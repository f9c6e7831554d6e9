import { createHash, randomBytes, randomUUID } from 'node:crypto'
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { SimulatedClock } from './clock.js'
import { header, readBody } from './http-util.js'
import { STORAGE_VERSION, type SasSigner } from './sas.js'

/** One file of a blob's content: a Put Blob body or a block of a Put Block List, in order. */
interface BlobPart {
  file: string
  size: number
}

export interface StoredBlob {
  /** The content is these files joined in order (one for a Put Blob, one per listed block). */
  parts: readonly BlobPart[]
  size: number
  /** base64 MD5 of the committed content. */
  md5?: string
  etag: string
  lastModified: Date
  /**
   * Up to `length` bytes from byte `position` of the content (fewer at its end), read across the
   * parts: for the checks of processing, which read a zip's tail or an image's header.
   */
  read(position: number, length: number): Buffer
}

interface WrittenFile extends BlobPart {
  /** The body's MD5, computed only when the request carried one to check. */
  md5?: string
}

/** The Azure Storage errors this store answers with: status, and the message that goes with the code. */
const STORAGE_ERRORS = {
  AuthenticationFailed: [
    403,
    'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.'
  ],
  AuthorizationPermissionMismatch: [
    403,
    'This request is not authorized to perform this operation using this permission.'
  ],
  InvalidQueryParameterValue: [
    400,
    'Value for one of the query parameters specified in the request URI is invalid.'
  ],
  MissingRequiredHeader: [
    400,
    "An HTTP header that's mandatory for this request is not specified."
  ],
  MissingRequiredQueryParameter: [
    400,
    "A query parameter that's mandatory for this request is not specified."
  ],
  BlobAlreadyExists: [409, 'The specified blob already exists.'],
  InvalidBlockList: [400, 'The specified block list is invalid.'],
  Md5Mismatch: [
    400,
    'The MD5 value specified in the request did not match with the MD5 value calculated by the server.'
  ],
  BlobNotFound: [404, 'The specified blob does not exist.']
} as const satisfies Record<string, readonly [number, string]>

type StorageError = keyof typeof STORAGE_ERRORS

/**
 * The storage account behind the `fileSasUri`s: Put Blob, Put Block, Put Block List, Get Blob
 * Properties and Get Blob, answering like Azure Storage. Bodies stream to temp files so memory
 * stays constant for multi-gigabyte packages.
 *
 * Like Azure Storage, Put Block List commits the listed blocks as they are, without copying
 * them: the blob is its blocks' files joined on read. A copy here would write every byte twice
 * and hold the client's Put Block List for as long, which the real service does not.
 */
export class BlobStore {
  private readonly dir = mkdtempSync(join(tmpdir(), 'pc-emulator-'))
  private readonly blobs = new Map<string, StoredBlob>()
  private readonly uncommitted = new Map<string, Map<string, WrittenFile>>()
  private fileCounter = 0

  constructor(
    private readonly clock: SimulatedClock,
    private readonly sas: SasSigner
  ) {}

  get(path: string): StoredBlob | undefined {
    return this.blobs.get(path)
  }

  /** Stores a blob as if it had been uploaded (the seed's listing images). */
  seed(path: string, content: Buffer): void {
    const file = this.nextFile()
    writeFileSync(file, content)
    const md5 = createHash('md5').update(content).digest('base64')
    this.commit(path, [{ file, size: content.length }], md5)
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams
  ): Promise<void> {
    const method = req.method ?? 'GET'
    const write = method === 'PUT'
    const verdict = this.sas.check(path, query, this.clock.nowMs(), write ? 'w' : 'r')
    if (verdict !== 'ok') return this.error(req, res, verdict)
    const comp = query.get('comp')
    if (method === 'PUT' && comp === 'block')
      return this.putBlock(req, res, path, query.get('blockid'))
    if (method === 'PUT' && comp === 'blocklist') return this.putBlockList(req, res, path)
    if (method === 'PUT' && !comp) return this.putBlob(req, res, path)
    if ((method === 'GET' || method === 'HEAD') && !comp)
      return this.read(req, res, path, method === 'HEAD')
    return this.error(req, res, 'InvalidQueryParameterValue')
  }

  private async putBlob(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (header(req, 'x-ms-blob-type') !== 'BlockBlob') {
      req.resume()
      return this.error(req, res, 'MissingRequiredHeader')
    }
    if (header(req, 'if-none-match') === '*' && this.blobs.has(path)) {
      req.resume()
      return this.error(req, res, 'BlobAlreadyExists')
    }
    // Azure Storage computes and keeps the MD5 of a blob stored by one Put Blob, and checks both
    // the transport MD5 and the blob's own MD5 against the body.
    const written = await this.streamToFile(req, true)
    if (!this.md5Matches(req, written, 'content-md5', 'x-ms-blob-content-md5')) {
      return this.error(req, res, 'Md5Mismatch')
    }
    const blob = this.commit(path, [written], written.md5)
    this.respond(req, res, 201, {
      etag: blob.etag,
      'last-modified': blob.lastModified.toUTCString(),
      'content-md5': written.md5!,
      'x-ms-request-server-encrypted': 'true'
    })
  }

  private async putBlock(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    blockId: string | null
  ): Promise<void> {
    if (!blockId) {
      req.resume()
      return this.error(req, res, 'MissingRequiredQueryParameter')
    }
    // A block's MD5 is computed only to check one the client sent. Azure Storage also answers
    // with a hash it computed (Content-MD5, or x-ms-content-crc64 when none was sent), on its own
    // hardware as the bytes arrive; here it would be this one thread's work on every byte, which
    // the client's `uploadFile` never reads.
    const written = await this.streamToFile(req, header(req, 'content-md5') !== undefined)
    if (!this.md5Matches(req, written, 'content-md5')) return this.error(req, res, 'Md5Mismatch')
    const blocks = this.uncommitted.get(path) ?? new Map<string, WrittenFile>()
    this.uncommitted.set(path, blocks)
    const replaced = blocks.get(blockId)
    if (replaced) rmSync(replaced.file, { force: true })
    blocks.set(blockId, written)
    this.respond(req, res, 201, {
      ...(written.md5 ? { 'content-md5': written.md5 } : {}),
      'x-ms-request-server-encrypted': 'true'
    })
  }

  private async putBlockList(
    req: IncomingMessage,
    res: ServerResponse,
    path: string
  ): Promise<void> {
    const xml = await readBody(req)
    // <Latest>, <Committed> and <Uncommitted> all name staged blocks here: the emulator keeps no
    // committed block list apart from the blob itself.
    const ids = [...xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)].map((m) => m[2])
    const blocks = this.uncommitted.get(path) ?? new Map<string, WrittenFile>()
    const missing = ids.filter((id) => !blocks.has(id))
    if (missing.length > 0 || !/<BlockList>/.test(xml)) {
      return this.error(req, res, 'InvalidBlockList')
    }
    const parts = ids.map((id) => blocks.get(id)!)
    // Staged blocks the list leaves out are discarded, as Azure Storage does at commit.
    const kept = new Set(parts.map((part) => part.file))
    for (const block of blocks.values())
      if (!kept.has(block.file)) rmSync(block.file, { force: true })
    this.uncommitted.delete(path)
    // Like Azure Storage, a blob committed from blocks has an MD5 only when the client set one
    // (x-ms-blob-content-md5), stored as given, unchecked.
    const blob = this.commit(
      path,
      parts.map(({ file, size }) => ({ file, size })),
      header(req, 'x-ms-blob-content-md5')
    )
    this.respond(req, res, 201, {
      etag: blob.etag,
      'last-modified': blob.lastModified.toUTCString(),
      'x-ms-request-server-encrypted': 'true'
    })
  }

  private async read(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    headOnly: boolean
  ): Promise<void> {
    const blob = this.blobs.get(path)
    if (!blob) return this.error(req, res, 'BlobNotFound', headOnly)
    const headers = {
      'content-length': String(blob.size),
      'content-type': 'application/octet-stream',
      ...(blob.md5 ? { 'content-md5': blob.md5 } : {}),
      etag: blob.etag,
      'last-modified': blob.lastModified.toUTCString(),
      'x-ms-blob-type': 'BlockBlob',
      'x-ms-server-encrypted': 'true',
      'accept-ranges': 'bytes'
    }
    if (headOnly) return this.respond(req, res, 200, headers)
    res.writeHead(200, { ...this.commonHeaders(req), ...headers })
    try {
      for (const part of blob.parts)
        await pipeline(createReadStream(part.file), res, { end: false })
      res.end()
    } catch {
      // The reader went away mid-body (or a part vanished under a concurrent commit): nothing to
      // answer any more.
      res.destroy()
    }
  }

  private commit(path: string, parts: BlobPart[], md5: string | undefined): StoredBlob {
    const previous = this.blobs.get(path)
    if (previous) for (const part of previous.parts) rmSync(part.file, { force: true })
    const blob: StoredBlob = {
      parts,
      size: parts.reduce((sum, part) => sum + part.size, 0),
      md5,
      etag: blobEtag(),
      lastModified: this.clock.now(),
      read: (position, length) => readParts(parts, position, length)
    }
    this.blobs.set(path, blob)
    return blob
  }

  /** An MD5 sent in any of `headers` must match the body, as Azure Storage checks. */
  private md5Matches(req: IncomingMessage, written: WrittenFile, ...headers: string[]): boolean {
    const sent = headers.map((name) => header(req, name)).filter((value) => value !== undefined)
    if (sent.every((value) => value === written.md5)) return true
    rmSync(written.file, { force: true })
    return false
  }

  private nextFile(): string {
    this.fileCounter += 1
    return join(this.dir, `part-${this.fileCounter}`)
  }

  /** Streams a request body to a new file, hashing it on the way when `withMd5`. */
  private async streamToFile(req: IncomingMessage, withMd5: boolean): Promise<WrittenFile> {
    const file = this.nextFile()
    const out = createWriteStream(file)
    const hash = withMd5 ? createHash('md5') : undefined
    // A second 'data' listener sees the same chunks the pipeline writes.
    if (hash) req.on('data', (chunk: Buffer) => hash.update(chunk))
    try {
      await pipeline(req, out)
    } catch (error) {
      rmSync(file, { force: true })
      throw error
    }
    return { file, size: out.bytesWritten, md5: hash?.digest('base64') }
  }

  private commonHeaders(req: IncomingMessage): Record<string, string> {
    return {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': header(req, 'x-ms-version') ?? STORAGE_VERSION,
      date: this.clock.now().toUTCString(),
      server: 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0'
    }
  }

  private respond(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string>
  ): void {
    res.writeHead(status, { 'content-length': '0', ...this.commonHeaders(req), ...headers })
    res.end()
  }

  /** Azure Storage's XML error body, with the code repeated in x-ms-error-code. */
  private error(
    req: IncomingMessage,
    res: ServerResponse,
    code: StorageError,
    headOnly = false
  ): void {
    const [status, message] = STORAGE_ERRORS[code]
    const common = this.commonHeaders(req)
    const body =
      `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\n` +
      `RequestId:${common['x-ms-request-id']}\nTime:${this.clock.now().toISOString()}</Message></Error>`
    res.writeHead(status, {
      ...common,
      'content-type': 'application/xml',
      'content-length': headOnly ? '0' : String(Buffer.byteLength(body)),
      'x-ms-error-code': code
    })
    res.end(headOnly ? undefined : body)
  }
}

/** Reads `[position, position + length)` of the files joined in order, clipped at their end. */
function readParts(parts: readonly BlobPart[], position: number, length: number): Buffer {
  const out: Buffer[] = []
  let partStart = 0
  let wanted = Math.max(0, length)
  let at = Math.max(0, position)
  for (const part of parts) {
    const partEnd = partStart + part.size
    if (wanted > 0 && at < partEnd) {
      const from = at - partStart
      const count = Math.min(wanted, part.size - from)
      const chunk = Buffer.alloc(count)
      const fd = openSync(part.file, 'r')
      try {
        readSync(fd, chunk, 0, count, from)
      } finally {
        closeSync(fd)
      }
      out.push(chunk)
      at += count
      wanted -= count
    }
    partStart = partEnd
  }
  return Buffer.concat(out)
}

/** Azure Storage etags look like "0x8DC2F1B4C7A9E10". */
const blobEtag = (): string => `"0x8DC${randomBytes(6).toString('hex').toUpperCase()}"`
