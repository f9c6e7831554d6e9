import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import type { SimulatedClock } from './clock.js'
import { header, readBody } from './http-util.js'
import { STORAGE_VERSION, type SasSigner } from './sas.js'

export interface StoredBlob {
  file: string
  size: number
  /** base64 MD5 of the committed content. */
  md5?: string
  etag: string
  lastModified: Date
}

interface WrittenFile {
  file: string
  size: number
  md5: Buffer
}

/**
 * The storage account behind the `fileSasUri`s: Put Blob, Put Block, Put Block List, Get Blob
 * Properties and Get Blob, answering like Azure Storage. Bodies stream to temp files so memory
 * stays constant for multi-gigabyte packages.
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
    this.commit(path, file, content.length, md5)
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
    if (verdict === 'AuthenticationFailed') {
      return this.error(
        req,
        res,
        403,
        verdict,
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.'
      )
    }
    if (verdict === 'AuthorizationPermissionMismatch') {
      return this.error(
        req,
        res,
        403,
        verdict,
        'This request is not authorized to perform this operation using this permission.'
      )
    }
    const comp = query.get('comp')
    if (method === 'PUT' && comp === 'block')
      return this.putBlock(req, res, path, query.get('blockid'))
    if (method === 'PUT' && comp === 'blocklist') return this.putBlockList(req, res, path)
    if (method === 'PUT' && !comp) return this.putBlob(req, res, path)
    if ((method === 'GET' || method === 'HEAD') && !comp)
      return this.read(req, res, path, method === 'HEAD')
    return this.error(
      req,
      res,
      400,
      'InvalidQueryParameterValue',
      `Value for one of the query parameters specified in the request URI is invalid.`
    )
  }

  private async putBlob(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (header(req, 'x-ms-blob-type') !== 'BlockBlob') {
      req.resume()
      return this.error(
        req,
        res,
        400,
        'MissingRequiredHeader',
        "An HTTP header that's mandatory for this request is not specified."
      )
    }
    if (header(req, 'if-none-match') === '*' && this.blobs.has(path)) {
      req.resume()
      return this.error(req, res, 409, 'BlobAlreadyExists', 'The specified blob already exists.')
    }
    const written = await this.streamToFile(req)
    // Put Blob checks both the transport MD5 and the blob's own MD5 against the body.
    if (!this.md5Matches(req, written, 'content-md5', 'x-ms-blob-content-md5')) {
      return this.md5Mismatch(req, res)
    }
    const blob = this.commit(path, written.file, written.size, written.md5.toString('base64'))
    this.respond(req, res, 201, {
      etag: blob.etag,
      'last-modified': blob.lastModified.toUTCString(),
      'content-md5': written.md5.toString('base64'),
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
      return this.error(
        req,
        res,
        400,
        'MissingRequiredQueryParameter',
        "A query parameter that's mandatory for this request is not specified."
      )
    }
    const written = await this.streamToFile(req)
    if (!this.md5Matches(req, written, 'content-md5')) return this.md5Mismatch(req, res)
    const blocks = this.uncommitted.get(path) ?? new Map<string, WrittenFile>()
    this.uncommitted.set(path, blocks)
    blocks.set(blockId, written)
    this.respond(req, res, 201, {
      'content-md5': written.md5.toString('base64'),
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
      return this.error(req, res, 400, 'InvalidBlockList', 'The specified block list is invalid.')
    }
    const file = this.nextFile()
    const out = createWriteStream(file)
    let size = 0
    for (const id of ids) {
      for await (const chunk of createReadStream(blocks.get(id)!.file)) {
        size += (chunk as Buffer).length
        if (!out.write(chunk)) await once(out, 'drain')
      }
    }
    out.end()
    await once(out, 'finish')
    for (const block of blocks.values()) rmSync(block.file, { force: true })
    this.uncommitted.delete(path)
    // Like Azure Storage, a blob committed from blocks has an MD5 only when the client set one
    // (x-ms-blob-content-md5), stored as given, unchecked.
    const blob = this.commit(path, file, size, header(req, 'x-ms-blob-content-md5'))
    this.respond(req, res, 201, {
      etag: blob.etag,
      'last-modified': blob.lastModified.toUTCString(),
      'x-ms-request-server-encrypted': 'true'
    })
  }

  private read(req: IncomingMessage, res: ServerResponse, path: string, headOnly: boolean): void {
    const blob = this.blobs.get(path)
    if (!blob)
      return this.error(
        req,
        res,
        404,
        'BlobNotFound',
        'The specified blob does not exist.',
        headOnly
      )
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
    createReadStream(blob.file).pipe(res)
  }

  private commit(path: string, file: string, size: number, md5: string | undefined): StoredBlob {
    const previous = this.blobs.get(path)
    if (previous) rmSync(previous.file, { force: true })
    const blob = { file, size, md5, etag: blobEtag(), lastModified: this.clock.now() }
    this.blobs.set(path, blob)
    return blob
  }

  /** An MD5 sent in any of `headers` must match the body, as Azure Storage checks. */
  private md5Matches(req: IncomingMessage, written: WrittenFile, ...headers: string[]): boolean {
    const actual = written.md5.toString('base64')
    const sent = headers.map((name) => header(req, name)).filter((value) => value !== undefined)
    if (sent.every((value) => value === actual)) return true
    rmSync(written.file, { force: true })
    return false
  }

  private md5Mismatch(req: IncomingMessage, res: ServerResponse): void {
    this.error(
      req,
      res,
      400,
      'Md5Mismatch',
      'The MD5 value specified in the request did not match with the MD5 value calculated by the server.'
    )
  }

  private nextFile(): string {
    this.fileCounter += 1
    return join(this.dir, `part-${this.fileCounter}`)
  }

  private async streamToFile(req: IncomingMessage): Promise<WrittenFile> {
    const file = this.nextFile()
    const out = createWriteStream(file)
    const hash = createHash('md5')
    let size = 0
    for await (const chunk of req) {
      hash.update(chunk as Buffer)
      size += (chunk as Buffer).length
      if (!out.write(chunk)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')
    return { file, size, md5: hash.digest() }
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
    status: number,
    code: string,
    message: string,
    headOnly = false
  ): void {
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

/** Azure Storage etags look like "0x8DC2F1B4C7A9E10". */
const blobEtag = (): string => `"0x8DC${randomBytes(6).toString('hex').toUpperCase()}"`
