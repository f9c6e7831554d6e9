/** The public types of the emulator (re-exported by index.ts). */

export interface Timings {
  /** Uploaded → InProcessing → Processed, simulated seconds. */
  packageProcessing: number
  /** A listing image's Uploaded → InProcessing → Processed (§5.6, §7.1), simulated seconds. */
  imageProcessing: number
  /** Submission InDraft → Submitted (automated validation). */
  validation: number
  /** Submitted → Published/ReadyToPublish. */
  previewCreation: number
  /** After promote: certification. */
  certification: number
  /** Then Publishing → InStore. */
  publish: number
}

/**
 * How collection paging misbehaves, reproducing the server bugs of §3.7 and §10 of the reference:
 * a nextLink that 404s, a nextLink that points at the same page again (forever), or a first page
 * that is empty but has a nextLink to the real items.
 */
export type PagingMode = 'normal' | 'nextLink404' | 'nextLinkRepeats' | 'emptyFirstPage'

import type { ProfileName, ServiceProfile } from './profile.js'

export interface EmulatorOptions {
  /** Which Partner Center to play: 'classic' (default) or '2026' (see profile.ts). */
  profile?: ProfileName
  /** Refuse ingestion calls without `x-ms-publisherId` (§9.3); also `emulator.profile`. */
  requirePublisherId?: boolean
  host?: string
  port?: number
  seed?: 'sample' | 'empty'
  tokenLifetimeSeconds?: number
  pageSize?: number
  speed?: number
  timings?: Partial<Timings>
  latencyMs?: number
  etagMismatchStatus?: 409 | 412
  /** Broken paging on demand; also settable later through `emulator.paging.mode`. */
  paging?: PagingMode
  /**
   * getByModule reads of each module that leave out the branch of a plan just created through
   * the API (§9.12, eventual consistency; default 0, as recorded). Also `emulator.newPlanBranches`.
   */
  newPlanHiddenReads?: number
}

/** One request as the emulator received it (kept in memory only: it holds tokens and secrets). */
export interface RecordedRequest {
  method: string
  /** Decoded pathname. */
  path: string
  /** Raw query string, without '?'. */
  query: string
  /** Lower-case names. */
  headers: Record<string, string>
  /** Request body text; '' for blob requests, whose bodies are streamed to disk. */
  body: string
  /** Response status; 0 while in flight or when the connection was dropped. */
  status: number
  /** When the request arrived, by the real clock (ms since the epoch). */
  receivedAt: number
}

/** A fault: the first rule that matches a request and fires decides what happens to it. */
export interface FaultRule {
  method?: string
  /** Matched against the decoded pathname, case-insensitively. */
  path?: RegExp
  /** Fire on every Nth matching request (default every one). */
  every?: number
  /** Stop after this many hits. */
  times?: number
  /** The response to send instead. */
  status?: number
  headers?: Record<string, string>
  body?: string
  /** Destroy the socket (after the first body chunk for uploads) instead of answering. */
  dropConnection?: boolean
  /** Handle the request in full, then drop the connection instead of answering. */
  dropResponse?: boolean
  /** Extra latency; the request is then served normally unless status/dropConnection say otherwise. */
  delayMs?: number
}

export interface AppRegistration {
  tenantId: string
  clientId: string
  clientSecret?: string
  certificatePem?: string
  federatedCredentials?: { issuer: string; subject: string; audience: string }[]
}

export interface ValidationItem {
  errorCode: string
  severity: string
  message: string
  resource: string
}

export interface OfferSnapshot {
  productId: string
  plans: { id: string; variantId: string; subType: string; state: string }[]
  packages: {
    id: string
    fileName: string
    state: string
    blobSize?: number
    blobMd5?: string
  }[]
  packageConfigurations: {
    planId: string
    resourceType: string
    version: string
    packageReferences: { type: string; value: string }[]
  }[]
  submissions: {
    id: string
    state: string
    substate: string
    target: string
    resources: { type: string; value: string }[]
    variantResources: { variantID: string; resources: { type: string; value: string }[] }[]
  }[]
}

export interface Emulator {
  url: string
  /** The simulated clock; nowMs() is now().getTime(). */
  clock: { now(): Date; nowMs(): number; advance(seconds: number): void }
  requests: RecordedRequest[]
  faults: { add(rule: FaultRule): void; clear(): void }
  entra: {
    registerApp(app: AppRegistration): void
    /** The audience (resource) a token was issued for: tells a test which token went where. */
    audienceOf(token: string): string | undefined
  }
  /** The service's behaviour switches, mutable while the emulator runs (profile.ts). */
  profile: ServiceProfile
  /** Reads that leave a new plan's branches out (§9.12); mutable while the emulator runs. */
  newPlanBranches: { hiddenReads: number }
  github: { requestUrl: string; requestToken: string; subject: string }
  scenario: {
    inProgressSubmission(
      offerId: string,
      options?: { substate?: string; finishesAfterSeconds?: number }
    ): string
    /** An in-progress submission that appears just before the next create (late conflict, §9.21). */
    submissionAppearsBeforeNextCreate(
      offerId: string,
      options?: { substate?: string; finishesAfterSeconds?: number }
    ): void
    failNextPackageProcessing(offerId: string, validationItems?: ValidationItem[]): void
    /** The next listing image uploaded ends ProcessFailed (§7.1), whatever its content. */
    failNextImageProcessing(offerId: string): void
    failNextSubmission(offerId: string, validationItems?: ValidationItem[]): void
    /** `releases` earlier releases: processed packages and archived submissions (scenario.ts). */
    history(offerId: string, releases: number): void
  }
  /** Broken paging switch (see PagingMode). */
  paging: { mode: PagingMode }
  inspect(offerId: string): OfferSnapshot
  close(): Promise<void>
}
