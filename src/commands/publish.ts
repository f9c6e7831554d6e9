import type { CheckedPackage } from '../app-package/check-package.js'
import { hashPackages, planAndCheckPackages } from '../engine/check/packages.js'
import { resolveConflict } from '../engine/apply/conflicts.js'
import { finish, followSubmission, type FollowOptions } from '../engine/apply/follow.js'
import { applyDraftUpdates } from '../engine/apply/drafts.js'
import { applyImageChanges } from '../engine/apply/images.js'
import type { CheckedImage } from '../engine/check/images.js'
import { createPlans } from '../engine/apply/create-plans.js'
import { applyPlanPackage } from '../engine/apply/upload-and-bind.js'
import { createSubmission } from '../engine/apply/submit.js'
import { createDespiteLateConflict } from '../engine/apply/late-conflict.js'
import { reportUnfinishedPackages } from '../engine/apply/unfinished-package.js'
import {
  discardSpeculativePackages,
  speculativePackages,
  startSpeculativePackages
} from '../engine/apply/speculative-packages.js'
import { settleAll, type EngineContext } from '../engine/context.js'
import type { PlannedPlan } from '../engine/plan/desired.js'
import type { DraftUpdate } from '../engine/plan/field-changes.js'
import { planImageChanges, type ImageWork } from '../engine/plan/image-changes.js'
import { planNewPlans, withNewPlans, type NewPlan } from '../engine/plan/new-plans.js'
import { planOfferDrafts } from '../engine/plan/offer-drafts.js'
import { planPublish, type PublishPlan } from '../engine/plan/publish-plan.js'
import { showPlan } from '../engine/plan/show.js'
import {
  draftOf,
  findProduct,
  matchPlans,
  rereadPlanDrafts,
  startOfferRead,
  submittedDraft,
  type OfferSnapshot
} from '../engine/read/offer.js'
import {
  EARLIER_PACKAGE_SCAN_PAGES,
  findEarlierPackages,
  readPlan,
  type PlanWork
} from '../engine/read/plan-packages.js'
import { submissionReport } from '../engine/read/submissions.js'
import { EarlyConfigurations } from '../engine/read/early-configurations.js'
import type { ChangeKind } from '../engine/result.js'
import type { Submission } from '../partner-center/types.js'
import { commandLine } from '../naming.js'

/**
 * publish: check and pre-flight the packages → read the offer → plan → (dry run: stop) → apply: upload,
 * process, bind → submit, or follow the identical submission there is → wait (§6.1).
 */
export async function runPublish(context: EngineContext): Promise<void> {
  const { request, recorder } = context
  const { planned, files } = await planAndCheckPackages(context)
  const hashing = hashPackages(files)
  const { offer, plan } = await context.group('Read the offer and plan the changes', async () => {
    const offer = await readWhatChanges(context, { planned, hashing, images: request.images ?? [] })
    const plan = await planLeavingNothingBehind(context, offer)
    showPlan(context, plan.changes)
    return { offer: offer.snapshot, plan }
  })
  if (request.dryRun) {
    recorder.status('dry-run')
    recorder.note('Dry run: nothing was changed in Partner Center.')
    return
  }
  await applyPublish(context, offer, plan)
}

/**
 * Reads everything the plan needs, while the packages are hashed: the offer (plans, module
 * drafts, submissions), the first page of its packages (read with the offer: no extra round
 * trip; a scan for unfinished ones) and each plan's technical configuration, read as soon as
 * the pages naming the plan and its Package draft are in (early-configurations.ts). The plans'
 * packages go ahead meanwhile (apply/speculative-packages.ts); if the reads stop the run, they
 * are deleted again before it fails.
 */
async function readWhatChanges(
  context: EngineContext,
  {
    planned,
    hashing,
    images: checkedImages
  }: { planned: PlannedPlan[]; hashing: Promise<CheckedPackage[]>; images: CheckedImage[] }
): Promise<ReadForPublish> {
  const { client } = context
  // findProduct logs how it found the offer ("Offer … is product …"), once.
  const product = await findProduct(context)
  const early = new EarlyConfigurations(
    client,
    product.id,
    planned.map((plan) => plan.planId)
  )
  const reading = startOfferRead(client, product, early.watch)
  const scan = client.listPackages(product.id, { maxPages: EARLIER_PACKAGE_SCAN_PAGES })
  const speculation = startSpeculativePackages(context, {
    productId: product.id,
    planned,
    hashing,
    scan,
    submissions: reading.submissions
  })
  prepareUploadWhileWaiting(context, Promise.all([reading.submissions, scan, hashing]))
  try {
    // The packages are hashed while the offer is read: the upload names need the SHA-256 only now.
    const [read, packages, checked] = await Promise.all([reading.offer, scan, hashing])
    // The plans the manifest adds join the offer's, pending until the apply creates them.
    const newPlans = planNewPlans(context.request.manifest?.plans ?? [], read)
    const snapshot = withNewPlans(read, newPlans)
    const matched = matchPlans(
      snapshot,
      planned.map((plan) => plan.planId)
    )
    // The offer's module drafts and images are read with the plans' configurations: all need
    // only the snapshot. All settle before a failure is thrown (settleAll: the log group).
    const reads = [
      settleAll(planned, (plan, index) =>
        readPlan(
          context,
          snapshot,
          { planned: plan, checked: checked[index], plan: matched.get(plan.planId)! },
          early.read
        )
      ),
      planOfferDrafts(context, snapshot),
      planImageChanges(context, snapshot, checkedImages)
    ] as const
    await Promise.allSettled(reads)
    const [works, drafts, images] = [await reads[0], await reads[1], await reads[2]]
    findEarlierPackages(packages, works)
    const created = await speculation
    // Cancelled while the creates were answered (or cleaned up): stop here, where the packages
    // created ahead are deleted, rather than plan and apply with every call refused.
    context.signal.throwIfAborted()
    works.forEach((work, index) => (work.pipeline = created[index]))
    recordPlans(context, works)
    return { snapshot, works, drafts, images, newPlans }
  } catch (error) {
    const created = (await speculation).flatMap((pkg) => (pkg ? [pkg] : []))
    await discardSpeculativePackages(context, product.id, created, 'the run stopped')
    throw error
  }
}

/**
 * Prepares the upload (Services.prepareUpload) once `sent` resolves, the moment the packages'
 * POSTs go out (speculative-packages.ts waits for the same reads), on a later turn of the event
 * loop so that they are written first: the preparation's CPU time then falls in their round
 * trip instead of between the POST's answer and the first upload.
 */
function prepareUploadWhileWaiting(context: EngineContext, sent: Promise<unknown>): void {
  const { prepareUpload } = context
  if (!prepareUpload || context.request.dryRun) return
  sent.then(
    () => setTimeout(prepareUpload, 0),
    () => undefined
  )
}

interface ReadForPublish {
  snapshot: OfferSnapshot
  works: PlanWork[]
  drafts: DraftUpdate<unknown>[]
  images: ImageWork[]
  newPlans: NewPlan[]
}

/** Each plan as read, in the result; a plan that keeps its package says so. */
function recordPlans(context: EngineContext, works: PlanWork[]): void {
  const { recorder } = context
  for (const work of works) {
    recorder.plan(work.planned.planId, {
      variantId: work.plan.variantId || undefined,
      kind: work.plan.kind,
      previousVersion: work.configuration.version || undefined,
      ...(work.reusable && {
        state: 'reused',
        packageId: work.reusable.id,
        packageFileName: work.reusable.fileName
      })
    })
    if (work.reusable) {
      recorder.note(
        `Plan ${work.planned.planId}: keeps package ${work.reusable.fileName} (already bound at ` +
          `${work.planned.version}); nothing to upload.`
      )
    }
  }
}

/**
 * Plans the publish (planPublish); packages started ahead that the plan does not use (the plan
 * keeps its package, or continues an earlier run's) are deleted, and all of them when the plan
 * refuses the run, so a refused run leaves nothing behind.
 */
async function planLeavingNothingBehind(
  context: EngineContext,
  read: ReadForPublish
): Promise<PublishPlan> {
  const productId = read.snapshot.product.id
  let plan: PublishPlan
  try {
    plan = planPublish(context, read.snapshot, read)
  } catch (error) {
    const why = 'the run was refused before anything else was written'
    await discardSpeculativePackages(context, productId, speculativePackages(read.works), why)
    throw error
  }
  const unused = read.works.filter(
    (work) => work.pipeline && work.changes.package?.kind !== 'upload-package'
  )
  await discardSpeculativePackages(
    context,
    productId,
    speculativePackages(unused),
    "the plan already has its package or continues an earlier run's"
  )
  for (const work of unused) work.pipeline = undefined
  return plan
}

/** Applies the plan in dependency order, marking each change done as it is made. */
async function applyPublish(
  context: EngineContext,
  read: OfferSnapshot,
  plan: PublishPlan
): Promise<void> {
  let offer = read
  const productId = offer.product.id
  const change = (kind: ChangeKind) => plan.changes.find((candidate) => candidate.kind === kind)
  const { blocking } = plan
  try {
    if (blocking) {
      await context.group('Clear the way for a new submission', () =>
        resolveConflict(context, productId, blocking, change('cancel-submission'))
      )
    }
    if (plan.newPlans.length > 0) {
      offer = await context.group('Create plans', () => createPlans(context, offer, plan))
    }
    if (plan.drafts.length > 0) {
      await context.group('Update the offer: listing, properties, preview audience', () =>
        applyDraftUpdates(context, productId, plan.drafts)
      )
    }
    if (plan.images.length > 0) {
      await context.group('Upload listing images', () =>
        applyImageChanges(context, productId, plan.images)
      )
    }
  } catch (error) {
    const created = speculativePackages(plan.works)
    await discardSpeculativePackages(context, productId, created, 'the run stopped before using it')
    throw error
  }
  let frozenRead: Promise<OfferSnapshot> | undefined
  await context
    .group('Upload, process and bind packages', () => {
      const applying = plan.works.map((work) => applyPlanPackage(context, productId, work))
      if (plan.submission.kind === 'create')
        frozenRead = rereadFrozenOnceBound(context, offer, plan, applying)
      return settleAll(applying, (applied) => applied)
    })
    .catch((error: unknown) => reportUnfinishedPackages(context, plan.works, error))
  if (plan.submission.kind === 'none') {
    context.recorder.status(plan.changes.length > 0 ? 'draft-updated' : 'unchanged')
    return
  }
  const existing = plan.submission.kind === 'existing' ? plan.submission.submission : undefined
  const submission = existing
    ? reportUnchanged(context, existing, Boolean(change('promote-submission')))
    : await context.group('Submit to preview', async () =>
        createDespiteLateConflict(context, productId, async () => {
          // A second attempt (after a late conflict) reads every edited draft afresh.
          const read = frozenRead
          frozenRead = undefined
          return createSubmission(
            context,
            await currentDrafts(context, { offer, plan, frozenRead: read }),
            change('create-submission')!
          )
        })
      )
  await follow(context, submission, {
    productId,
    action: existing ? 'followed' : 'created',
    promotion: change('promote-submission')
  })
}

/** Whether a listed submission names the plan's Package draft as read (frozen, §4). */
const frozenBefore = (offer: OfferSnapshot, work: PlanWork): boolean =>
  submittedDraft(offer, draftOf(offer, 'Package', work.plan.variantId))

/**
 * The offer with the Package drafts of the plans a submission froze (§4) read again
 * (rereadPlanDrafts) as soon as those plans' binds are done, while the other plans' binds go on:
 * on an offer with many plans the read leaves the path to the submission. Read only when a
 * submission is created; never rejects unhandled (the apply step's failure is the one reported).
 */
function rereadFrozenOnceBound(
  context: EngineContext,
  offer: OfferSnapshot,
  plan: PublishPlan,
  applying: Promise<void>[]
): Promise<OfferSnapshot> | undefined {
  const frozen = plan.works.flatMap((work, index) =>
    work.changes.bind && frozenBefore(offer, work) ? [{ work, applied: applying[index] }] : []
  )
  if (frozen.length === 0) return undefined
  const read = Promise.all(frozen.map(({ applied }) => applied)).then(() =>
    rereadPlanDrafts(
      context.client,
      offer,
      'Package',
      frozen.map(({ work }) => work.plan.variantId)
    )
  )
  read.catch(() => undefined)
  return read
}

/**
 * The offer with the drafts this run edited read again: an edit may move a module to a new draft
 * instance (§4), and the submission must name the current one. The modules' lists are read side
 * by side. For the plans' Package drafts (the binds), only those a submission named are read
 * again, with an early stop (rereadPlanDrafts): `frozenRead` when the apply step read them as
 * their binds were done (rereadFrozenOnceBound), and any a bind found moved by a conflict.
 */
async function currentDrafts(
  context: EngineContext,
  {
    offer,
    plan,
    frozenRead
  }: { offer: OfferSnapshot; plan: PublishPlan; frozenRead?: Promise<OfferSnapshot> }
): Promise<OfferSnapshot> {
  const modules = new Set(plan.drafts.map((update) => update.module))
  // An image belongs to the listing: its draft is read again too [I] (§5.6 does not say).
  if (plan.images.length > 0) modules.add('Listing')
  const [base, ...lists] = await Promise.all([
    frozenRead ?? offer,
    ...[...modules].map((module) => context.client.listBranches(offer.product.id, module))
  ])
  const branches = { ...base.branches }
  ;[...modules].forEach((module, index) => (branches[module] = lists[index]))
  const readAlready = (work: PlanWork) => frozenRead !== undefined && frozenBefore(offer, work)
  // A bind that met a conflict may have found its draft moved already (apply/upload-and-bind.ts).
  const moved = plan.works.filter(
    (work) =>
      work.changes.bind?.done &&
      !readAlready(work) &&
      (frozenBefore(offer, work) || work.draftId !== draftOf(offer, 'Package', work.plan.variantId))
  )
  return rereadPlanDrafts(
    context.client,
    { ...base, branches },
    'Package',
    moved.map((work) => work.plan.variantId)
  )
}

/** The drafts equal this submission's: it is the one the run follows (or promotes); says so. */
function reportUnchanged(
  context: EngineContext,
  submission: Submission,
  promotes: boolean
): Submission {
  const note =
    `Submission ${submission.id} already holds these drafts, packages and versions: no new ` +
    `submission was made; this run ${promotes ? 'promotes it to live' : 'reports it as it is'}.`
  context.logger.info(note)
  context.recorder.note(note)
  return submission
}

/** Waits for the target when asked to (wait-timeout), else reports the submission as it is. */
async function follow(
  context: EngineContext,
  submission: Submission,
  options: FollowOptions
): Promise<void> {
  const { request, recorder } = context
  recorder.submission(submissionReport(submission, options.action))
  if (request.waitTimeoutMs > 0) {
    const target = request.target === 'live' ? 'live' : 'preview'
    await context.group(`Wait for ${target}`, () =>
      followSubmission(context, submission, target, Date.now() + request.waitTimeoutMs, options)
    )
    return
  }
  await finish(context, submission, { ...options, timedOut: false, followed: false })
  if (options.action === 'created') {
    recorder.note(
      `Submission ${submission.id} is on its way to preview. Follow it with ${commandLine('status')}; ` +
        `promote it with ${commandLine('go-live')} once the preview is ready.`
    )
  }
}
