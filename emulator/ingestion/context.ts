import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BlobStore } from '../blob-store.js'
import type { SimulatedClock } from '../clock.js'
import { header, JSON_CONTENT_TYPE } from '../http-util.js'
import type { SasSigner } from '../sas.js'
import type { ServiceProfile } from '../profile.js'
import type { Timings } from '../types.js'
import { IngestionError, invalidField, notFound } from './errors.js'
import type { Json, Offer } from './model.js'
import type { OfferStore } from './offers.js'
import { paginate, type PagingSettings } from './paging.js'

/** What every ingestion handler can use. */
export interface IngestionDeps {
  store: OfferStore
  clock: SimulatedClock
  timings: Timings
  paging: PagingSettings
  etagMismatchStatus: 409 | 412
  /**
   * Eventual consistency after a plan is created (§9.12): how many getByModule reads of each
   * module leave the new plan's branch out. Mutable by tests.
   */
  newPlanBranches: { hiddenReads: number }
  /** Which service the emulator plays (classic or 2026); mutable by tests. */
  profile: ServiceProfile
  blobs: BlobStore
  sas: SasSigner
  baseUrl(): string
}

export interface RequestInfo {
  req: IncomingMessage
  res: ServerResponse
  /** Decoded pathname, e.g. /v1.0/ingestion/products/{id}. */
  pathname: string
  query: URLSearchParams
  params: Record<string, string>
  body: string
}

/** A request plus the helpers to answer it the way production does. */
export class IngestionContext {
  constructor(
    readonly deps: IngestionDeps,
    readonly request: RequestInfo
  ) {}

  get params(): Record<string, string> {
    return this.request.params
  }

  get query(): URLSearchParams {
    return this.request.query
  }

  get nowMs(): number {
    return this.deps.clock.nowMs()
  }

  /** The product named by the :pid path parameter, or 404. */
  offer(): Offer {
    const offer = this.deps.store.byProductId(this.params.pid)
    if (!offer) throw notFound()
    return offer
  }

  /** Absolute URL of a path below the ingestion base (for `location`). */
  absolute(relative: string): string {
    return `${this.deps.baseUrl()}/v1.0/ingestion/${relative}`
  }

  /** Single resource: its etag repeated in the `etag` header (§3.3). */
  entity(entity: Json, status = 200, headers: Record<string, string> = {}): void {
    const etag = entity['@odata.etag']
    this.json(status, entity, { ...(typeof etag === 'string' ? { etag } : {}), ...headers })
  }

  created(entity: Json, relativeLocation: string): void {
    this.entity(entity, 201, { location: this.absolute(relativeLocation) })
  }

  list(items: Json[]): void {
    this.json(200, paginate(items, this.request.pathname, this.query, this.deps.paging))
  }

  noContent(): void {
    this.request.res.writeHead(204)
    this.request.res.end()
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body)
    this.request.res.writeHead(status, {
      'content-type': JSON_CONTENT_TYPE,
      'content-length': Buffer.byteLength(text),
      ...headers
    })
    this.request.res.end(text)
  }

  /**
   * If-Match: `*` or the current etag passes. A stale one gets the configured status (412 by
   * default; 409 possible; the reference does not know which, §3.6). `required` is for the
   * PUTs where the swagger declares the header required.
   */
  checkIfMatch(current: Json, required: boolean): void {
    const ifMatch = header(this.request.req, 'if-match')
    if (!ifMatch) {
      if (required) throw invalidField('If-Match', 'The If-Match header is required.')
      return
    }
    if (ifMatch.trim() === '*' || ifMatch.trim() === current['@odata.etag']) return
    const status = this.deps.etagMismatchStatus
    throw new IngestionError(
      status,
      status === 412 ? 'Precondition failed' : 'Conflict',
      'The resource has been modified. Get the latest etag and retry.',
      {
        'If-Match': ['The etag does not match the current version of the resource.']
      }
    )
  }
}
