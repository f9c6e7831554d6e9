import type { SimulatedClock } from './clock.js'
import type { BlobStore } from './blob-store.js'
import type { Offer } from './ingestion/model.js'
import type { OfferStore } from './ingestion/offers.js'
import { createSubmission } from './ingestion/submissions.js'
import { packageState, submissionStatus } from './ingestion/lifecycle.js'
import type { OfferSnapshot, Timings, ValidationItem } from './types.js'
import { MODULES } from './ingestion/validation.js'

const DEFAULT_PACKAGE_FAILURE: ValidationItem[] = [
  {
    errorCode: 'InvalidTemplate',
    severity: 'Error',
    message: 'The template mainTemplate.json is not valid.',
    resource: 'Package'
  }
]
const DEFAULT_SUBMISSION_FAILURE: ValidationItem[] = [
  {
    errorCode: 'Cert-30001',
    severity: 'Error',
    message: 'Automated validation failed for the package.',
    resource: 'Package'
  }
]

/** Simulated time between two releases of a seeded history. */
const HISTORY_SPACING_MS = 24 * 3600 * 1000

/** A SubmissionCreationRequest with every current draft of the offer and its plans (§5.13). */
export function fullSubmissionRequest(offer: Offer, target = 'Preview') {
  const modules = new Set<string>(MODULES)
  const offerLevel = offer.branches.filter((b) => !b.variantID && modules.has(b.module))
  const plans = offer.variants.filter((v) => v.resourceType === 'AzureSkuVariant')
  return {
    resourceType: 'SubmissionCreationRequest',
    targets: [{ type: 'Scope', value: target }],
    resources: offerLevel.map((b) => ({ type: b.module, value: b.currentDraftInstanceID })),
    variantResources: plans.map((plan) => ({
      variantID: String(plan.id),
      resources: offer.branches
        .filter((b) => b.variantID === plan.id)
        .map((b) => ({ type: b.module, value: b.currentDraftInstanceID }))
    })),
    publishOption: { isManualPublish: true, isAutoPromote: false }
  }
}

/** The scenario and inspection members of the Emulator object. */
export class Scenarios {
  constructor(
    private readonly store: OfferStore,
    private readonly blobs: BlobStore,
    private readonly clock: SimulatedClock,
    private readonly timings: Timings
  ) {}

  private offer(offerId: string): Offer {
    const offer = this.store.byOfferId(offerId)
    if (!offer) throw new Error(`No offer with offer id '${offerId}' in the emulator`)
    return offer
  }

  /**
   * An InProgress submission frozen at `substate` (default InDraft); returns its id. With
   * `finishesAfterSeconds` it reaches Published/ReadyToPublish after that much simulated time.
   */
  inProgressSubmission(
    offerId: string,
    options: { substate?: string; finishesAfterSeconds?: number } = {}
  ): string {
    const offer = this.offer(offerId)
    const pendingFailure = offer.failNextSubmission
    const record = createSubmission(this.clock.nowMs(), offer, fullSubmissionRequest(offer))
    offer.failNextSubmission = pendingFailure
    record.failure = undefined
    record.pinned = { state: 'InProgress', substate: options.substate ?? 'InDraft' }
    if (options.finishesAfterSeconds !== undefined) {
      record.pinnedUntilMs = this.clock.nowMs() + options.finishesAfterSeconds * 1000
    }
    return record.id
  }

  /**
   * A submission made by someone else (another pipeline, a person in the UI) between a client's
   * check and its own create (§9.21): it appears when the next submission create arrives, which
   * then meets it and answers 409. Options as for inProgressSubmission.
   */
  submissionAppearsBeforeNextCreate(
    offerId: string,
    options: { substate?: string; finishesAfterSeconds?: number } = {}
  ): void {
    this.offer(offerId).beforeNextSubmissionCreate = () => {
      this.inProgressSubmission(offerId, options)
    }
  }

  /**
   * Gives the offer the history of `releases` earlier releases: as many processed packages
   * (bound to nothing now, as a superseded package is) and as many archived submissions, so a
   * client's cost can be compared between a new offer and one with years of releases. Archived
   * submissions are left out of the submission list, which returns only in-progress and
   * published submissions (§5.13; the Archived state is in S8's enum, §5.13 [I]).
   */
  history(offerId: string, releases: number): void {
    const offer = this.offer(offerId)
    const now = this.clock.nowMs()
    const longAgo = now - HISTORY_SPACING_MS * (releases + 1)
    for (let release = 1; release <= releases; release++) {
      const id = this.store.entities.newId()
      offer.packages.set(id, {
        blobPath: `/blob/${String(offer.product.id)}/pkgfile-${id}/history-${release}.zip`,
        uploadedAtMs: longAgo + release * HISTORY_SPACING_MS,
        body: this.store.entities.stamp(
          {
            resourceType: 'AzureApplicationPackage',
            fileName: `history-${release}.zip`,
            state: 'Uploaded'
          },
          id
        )
      })
      const submission = createSubmission(now, offer, fullSubmissionRequest(offer))
      submission.failure = undefined
      submission.createdAtMs = longAgo + release * HISTORY_SPACING_MS
      submission.pinned = { state: 'Archived', substate: 'InStore' }
    }
    // Archived history sits before the sample's own submissions, as older releases would.
    offer.submissions.sort((a, b) => a.createdAtMs - b.createdAtMs)
  }

  failNextPackageProcessing(offerId: string, validationItems = DEFAULT_PACKAGE_FAILURE): void {
    this.offer(offerId).failNextPackage = validationItems
  }

  failNextImageProcessing(offerId: string): void {
    this.offer(offerId).failNextImage = true
  }

  failNextSubmission(offerId: string, validationItems = DEFAULT_SUBMISSION_FAILURE): void {
    this.offer(offerId).failNextSubmission = validationItems
  }

  inspect(offerId: string): OfferSnapshot {
    const offer = this.offer(offerId)
    const now = this.clock.nowMs()
    const plans = offer.variants.filter((v) => v.resourceType === 'AzureSkuVariant')
    return {
      productId: String(offer.product.id),
      plans: plans.map((v) => ({
        id: String(v.externalID),
        variantId: String(v.id),
        subType: String(v.subType ?? ''),
        state: String(v.state)
      })),
      packages: [...offer.packages.values()].map((record) => {
        const blob = this.blobs.get(record.blobPath)
        return {
          id: String(record.body.id),
          fileName: String(record.body.fileName),
          state: packageState(record, now, this.timings),
          ...(blob ? { blobSize: blob.size, blobMd5: blob.md5 } : {})
        }
      }),
      packageConfigurations: plans.flatMap((plan) =>
        [...offer.drafts.values()]
          .filter((d) => d.variantID === plan.id && d.collection === 'packageconfigurations')
          .map((d) => ({
            planId: String(plan.externalID),
            resourceType: String(d.body.resourceType),
            version: String(d.body.version ?? ''),
            packageReferences:
              (d.body.packageReferences as { type: string; value: string }[] | undefined) ?? []
          }))
      ),
      submissions: offer.submissions.map((s) => {
        const status = submissionStatus(s, now, this.timings)
        return {
          id: s.id,
          state: status.state,
          substate: status.substate,
          target: s.targets[0]?.value ?? '',
          resources: s.resources,
          variantResources: s.variantResources
        }
      })
    }
  }
}
