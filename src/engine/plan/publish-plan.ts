import type { Submission } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import type { OfferSnapshot } from '../read/offer.js'
import type { PlanWork } from '../read/plan-packages.js'
import { blocksNewSubmission, describeState, submissionPhase } from '../read/submission-state.js'
import { latestSubmission } from '../read/submissions.js'
import type { Change } from '../result.js'
import { RequestError } from '../run-request.js'
import { planPackageChanges } from './package-changes.js'
import type { DraftUpdate } from './field-changes.js'
import type { ImageWork } from './image-changes.js'
import type { NewPlan } from './new-plans.js'
import { cancelChange, promoteChange } from './submission-changes.js'
import { buildSubmissionRequest, sameDrafts } from './submission.js'
import { commandLine, setting } from '../../naming.js'

/**
 * What a publish will do, computed from what was read before anything is written: every change
 * in the order it is applied (cancel a conflicting submission → upload → process → bind →
 * submit → promote), and which submission the run ends with.
 */
export interface PublishPlan {
  works: PlanWork[]
  /**
   * Offer module drafts to edit (listing, properties, preview audience), field by field, before
   * packages and submission (offer-drafts.ts).
   */
  drafts: DraftUpdate<unknown>[]
  /** Listing images to upload or delete (§5.6), after the drafts (image-changes.ts). */
  images: ImageWork[]
  /** Plans the manifest adds, created before any draft is edited (new-plans.ts). */
  newPlans: NewPlan[]
  changes: Change[]
  /**
   * Someone else's submission in progress that a new one must wait for (`on-conflict: wait`),
   * or that the `cancel-submission` change deletes first (`on-conflict: cancel`).
   */
  blocking?: Submission
  /**
   * `none`: target draft. `create`: a new submission. `existing`: the newest submission already
   * holds exactly these drafts, so it is followed, reported or promoted, never submitted again.
   */
  submission: { kind: 'none' } | { kind: 'create' } | { kind: 'existing'; submission: Submission }
}

/** Submissions that a new one would repeat if the drafts are the same: on their way or done. */
const CURRENT_PHASES = new Set(['in-progress', 'preview-ready', 'publishing', 'live'])

/**
 * Plans a publish. `drafts`: the offer draft updates planned from the manifest (offer-drafts.ts).
 * Drafts that need no change and equal the newest submission that is in
 * progress, preview-ready, publishing or live (same draft instances, §5.13; same packages and
 * versions, as no plan needs a change) are that submission: nothing is submitted again, and
 * with `target: live` a preview-ready one is promoted. Anything else gets a new submission, after
 * `on-conflict` decides about a submission in progress.
 *
 * Partner Center does not say whether a new preview may replace a ready one (§9 item 21). This
 * never loses work: an identical submission is never replaced by a copy (which would restart
 * certification and throw away a ready preview), and a submission with different drafts is
 * made only when the drafts really changed, which is what the user asked for; nothing is deleted
 * unless `on-conflict: cancel` says so.
 *
 * Throws RequestError before any write: a version not greater than the plan's current one, a
 * conflict with `on-conflict: fail`, or a conflict that can no longer be cancelled.
 */
export function planPublish(
  context: EngineContext,
  offer: OfferSnapshot,
  {
    works,
    drafts,
    newPlans,
    images = []
  }: Pick<PublishPlan, 'works' | 'drafts' | 'newPlans'> & { images?: ImageWork[] }
): PublishPlan {
  const { request } = context
  // New plans first (their drafts exist only then), then offer drafts, then images, then
  // packages: the submission names them all (§6.2).
  const draftChanges = [
    ...newPlans.map((entry) => entry.change),
    ...drafts.flatMap((update) => update.changes),
    ...images.map((image) => image.change),
    ...planEveryPlan(works)
  ]
  if (request.target === 'draft') {
    return { works, drafts, images, newPlans, changes: draftChanges, submission: { kind: 'none' } }
  }
  const newest = latestSubmission(
    offer.submissions.filter((candidate) => CURRENT_PHASES.has(submissionPhase(candidate)))
  )
  if (draftChanges.length === 0 && newest && sameDrafts(newest, buildSubmissionRequest(offer))) {
    const phase = submissionPhase(newest)
    const promote =
      request.target === 'live' && (phase === 'in-progress' || phase === 'preview-ready')
    return {
      works,
      drafts,
      images,
      newPlans,
      changes: promote ? [promoteChange(offer.product.id, newest, { whenReady: true })] : [],
      submission: { kind: 'existing', submission: newest }
    }
  }
  const blocking = latestSubmission(offer.submissions.filter(blocksNewSubmission))
  const cancel = blocking ? planConflict(context, offer, blocking) : undefined
  const create: Change = {
    kind: 'create-submission',
    module: 'Submission',
    subject: request.offerId,
    to: 'preview',
    writes: ['POST submissions'],
    description: 'Create a submission to preview',
    done: false
  }
  return {
    works,
    drafts,
    images,
    newPlans,
    blocking,
    changes: [
      ...(cancel ? [cancel] : []),
      ...draftChanges,
      create,
      ...(request.target === 'live'
        ? [promoteChange(offer.product.id, undefined, { whenReady: true })]
        : [])
    ],
    submission: { kind: 'create' }
  }
}

/**
 * Every plan's package changes. A plan's version refusal does not hide the next plan's: all of
 * them are thrown together, one line each (the summary lists each line), so one fix covers all.
 */
function planEveryPlan(works: PlanWork[]): Change[] {
  const refused: string[] = []
  const changes = works.flatMap((work) => {
    try {
      return planPackageChanges(work)
    } catch (error) {
      if (!(error instanceof RequestError)) throw error
      refused.push(error.message)
      return []
    }
  })
  if (refused.length > 0) throw new RequestError(refused.join('\n'))
  return changes
}

/**
 * Another submission is on its way (§6.3) and Partner Center accepts one at a time: apply
 * `on-conflict` before anything is written. `fail` refuses; `cancel` plans its deletion; `wait`
 * leaves it to the apply step, which waits for it.
 */
function planConflict(
  context: EngineContext,
  offer: OfferSnapshot,
  blocking: Submission
): Change | undefined {
  const what = `Submission ${blocking.id} is in progress (${describeState(blocking)})`
  switch (context.request.onConflict) {
    case 'fail':
      throw new RequestError(
        `${what}, and Partner Center accepts one submission at a time. Wait for it, cancel it ` +
          `(${commandLine('cancel')}), or set \`${setting('on-conflict', 'wait')}\` or \`${setting('on-conflict', 'cancel')}\`.`,
        [
          { command: 'cancel' },
          { input: 'on-conflict', value: 'wait' },
          { input: 'on-conflict', value: 'cancel' }
        ]
      )
    case 'cancel':
      // Refuses one that is going live (cancelChange).
      return cancelChange(offer.product.id, blocking)
    case 'wait':
      // A real run says so when it waits (apply/conflicts.ts); a dry run only can tell now.
      if (context.request.dryRun)
        context.recorder.note(
          `${what}; a real run would wait for it (${setting('on-conflict', 'wait')}).`
        )
      return undefined
  }
}
