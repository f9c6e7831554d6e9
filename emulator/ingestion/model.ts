import type { ValidationItem } from '../types.js'
import { newEtag, newGuid } from '../ids.js'
import type { Json } from './validation.js'

export type { Json }

export interface Branch {
  module: string
  currentDraftInstanceID: string
  variantID?: string
  /**
   * getByModule reads that still leave this branch out: a plan created through the API gets its
   * branches shown only after a while (§4, §9.12).
   */
  hiddenReads?: number
  /** Whether the read now being paged leaves it out. */
  hiddenNow?: boolean
}

/** The collections that hold draft resources, reached through getByInstanceID (§4). */
export type DraftCollection =
  | 'listings'
  | 'properties'
  | 'productavailabilities'
  | 'featureavailabilities'
  | 'packageconfigurations'

export interface DraftResource {
  collection: DraftCollection
  instanceID: string
  variantID?: string
  body: Json
}

export interface PackageRecord {
  body: Json
  blobPath: string
  /** Simulated time of the PUT state=Uploaded; processing runs from here. */
  uploadedAtMs?: number
  /** Decided at upload time: why processing will fail, or undefined if it will succeed. */
  failure?: ValidationItem[]
}

/** A listing image (§5.6): processed like a package (§7.1), under the listing it belongs to. */
export interface ImageRecord extends PackageRecord {
  listingId: string
}

export interface SubmissionRecord {
  id: string
  createdAtMs: number
  releaseNumber: number
  targets: { type: string; value: string }[]
  resources: { type: string; value: string }[]
  variantResources: { variantID: string; resources: { type: string; value: string }[] }[]
  publishOption: Json
  /** Validation items the submission fails with at the end of automated validation. */
  failure?: ValidationItem[]
  promotedAtMs?: number
  /** A substate frozen by a scenario (the state machine does not advance). */
  pinned?: { state: string; substate: string }
  /** When set, the pinned substate holds until this simulated time, then the preview is ready. */
  pinnedUntilMs?: number
  /** Package configuration version per plan (variant id) that went into this submission. */
  planVersions: Record<string, string>
}

/** One product (offer) and everything under it. */
export interface Offer {
  product: Json
  variants: Json[]
  branches: Branch[]
  drafts: Map<string, DraftResource>
  packages: Map<string, PackageRecord>
  /** Listing images by id (§5.6). */
  images: Map<string, ImageRecord>
  reseller: Json
  submissions: SubmissionRecord[]
  /** Versions already published per plan before the emulator started (the seed). */
  publishedVersions: Map<string, string>
  failNextPackage?: ValidationItem[]
  /** The next listing image uploaded fails processing (a test's scenario). */
  failNextImage?: boolean
  failNextSubmission?: ValidationItem[]
  /** Runs once, when the next submission create arrives, before it is handled. */
  beforeNextSubmissionCreate?: () => void
}

/** Entity factory helpers: every entity carries an `@odata.etag` and gets a new one on every write. */
export class Entities {
  constructor(private readonly nowMs: () => number) {}

  /** Returns `body` with `@odata.etag` and `id` last, as production orders them. */
  stamp(body: Json, id: string): Json {
    const rest = { ...body }
    delete rest['@odata.etag']
    delete rest.id
    return { ...rest, '@odata.etag': newEtag(this.nowMs()), id }
  }

  newId(): string {
    return newGuid()
  }
}

export const offerIdOf = (offer: Offer): string | undefined => {
  const ids = (offer.product.externalIDs as { type: string; value: string }[] | undefined) ?? []
  return ids.find((i) => i.type.toLowerCase() === 'azureofferid')?.value
}
