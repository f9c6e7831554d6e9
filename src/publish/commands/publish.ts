import { checkPackage } from '../../app-package/check-package.js'
import type { AzurePackage, Submission } from '../../partner-center/types.js'
import { resolveConflict } from '../conflicts.js'
import { createDespiteLateConflict } from '../../engine/write/late-conflict.js'
import { reportUnfinishedPackages } from '../../engine/write/unfinished-package.js'
import { createOnce } from '../create-once.js'
import { finish, followSubmission } from '../follow.js'
import {
  draftOf,
  findProduct,
  matchPlans,
  readOffer,
  type OfferPlan,
  type OfferSnapshot
} from '../offer.js'
import {
  findEarlierPackage,
  findReusablePackage,
  publishPlanPackage,
  uploadFileName,
  type PlanWork
} from '../packages.js'
import { compareVersions, planPlans, RequestError, type RunRequest } from '../request.js'
import type { RunResult } from '../result.js'
import type { Services } from '../services.js'
import { blocksNewSubmission } from '../submission-state.js'
import {
  buildSubmissionRequest,
  latestSubmission,
  sameDrafts,
  submissionReport
} from '../submission.js'

/** With `on-conflict: wait` and no wait-timeout, how long to wait for someone else's submission. */
const DEFAULT_CONFLICT_WAIT_MS = 60 * 60_000

/** publish: check → read the offer → upload, process, bind → submit → follow (§6.1). */
export async function publish(
  request: RunRequest,
  services: Services,
  run: RunResult
): Promise<void> {
  const { client, logger } = services
  if (!request.manifest) throw new RequestError('publish needs a manifest.')
  const planned = planPlans(request, request.manifest)
  run.plans = planned.map((plan) => ({
    planId: plan.planId,
    file: plan.packageLabel,
    version: plan.version,
    state: 'planned'
  }))

  const checked = await services.group('Check packages', () =>
    Promise.all(
      planned.map(async (plan, index) => {
        const result = await checkPackage(plan.packagePath, `Plan ${plan.planId}`)
        run.plans[index].size = result.size
        run.plans[index].state = 'checked'
        logger.info(
          `Plan ${plan.planId}: ${plan.packageLabel} (${result.size} bytes) is a valid package`
        )
        return result
      })
    )
  )

  const { offer, works } = await services.group('Read the offer', async () => {
    const product = await findProduct(services, request, run)
    logger.info(`Offer ${request.offerId} is product ${product.id}`)
    // The packages need only the product id: listing them with the offer costs no round trip.
    // They tell which package a re-run can keep or continue with.
    const [offer, packages] = await Promise.all([
      readOffer(client, product),
      client.listPackages(product.id)
    ])
    const matched = matchPlans(
      offer,
      planned.map((plan) => plan.planId)
    )
    const works = await Promise.all(
      planned.map((plannedPlan, index) =>
        preparePlan(services, offer, matched.get(plannedPlan.planId)!, {
          planned: plannedPlan,
          checked: checked[index],
          result: run.plans[index],
          packages
        })
      )
    )
    findEarlierPackages(packages, works)
    return { offer, works }
  })
  const productId = offer.product.id

  let existing: Submission | undefined
  if (request.target !== 'draft') {
    existing = await services.group('Check submissions in progress', () =>
      handleSubmissionInProgress(request, services, offer, works, run)
    )
  }

  if (request.dryRun) {
    describeDryRun(request, works, run, existing)
    return
  }

  await services
    .group('Upload, process and bind packages', () =>
      Promise.all(works.map((work) => publishPlanPackage(services, productId, work, run)))
    )
    .catch((error: unknown) => reportUnfinishedPackages(services, works, run, error))
  if (request.target === 'draft') {
    run.status = 'draft-updated'
    return
  }

  const submission =
    existing ??
    (await services.group('Submit to preview', () =>
      createDespiteLateConflict(
        () => createSubmission(services, offer, run),
        services,
        productId,
        request,
        run
      )
    ))
  const action = existing ? 'followed' : 'created'
  run.submission = submissionReport(submission, action)
  if (request.waitTimeoutMs > 0) {
    await services.group(`Wait for ${request.target}`, () =>
      followSubmission(
        services,
        productId,
        submission,
        request.target as 'preview' | 'live',
        Date.now() + request.waitTimeoutMs,
        run,
        action
      )
    )
  } else {
    await finish(services, productId, submission, run, action, false)
    run.notes.push(
      `Submission ${submission.id} is on its way to preview. Follow it with \`command: status\`; ` +
        'promote it with `command: go-live` once the preview is ready.'
    )
  }
}

/**
 * Reads one plan's technical configuration and checks the new version against it, before
 * anything is written; notes whether the plan already has this very package.
 */
async function preparePlan(
  services: Services,
  offer: OfferSnapshot,
  plan: OfferPlan,
  known: Pick<PlanWork, 'planned' | 'checked' | 'result'> & { packages: AzurePackage[] }
): Promise<PlanWork> {
  const { planned, result } = known
  result.variantId = plan.variantId
  result.kind = plan.kind
  const draftId = draftOf(offer, 'Package', plan.variantId)
  if (!draftId) {
    throw new Error(
      `Plan ${plan.planId} has no Package draft in Partner Center. Open the plan's ` +
        `technical configuration in Partner Center once, then run again.`
    )
  }
  // POST package waits for this read, though the package's name is known already: the version
  // check below needs the plan's current version, and a lower version must be refused before
  // anything is written. Creating the package alongside would save one round trip but leave, on
  // that refusal, a package named after the refused version, which no re-run with a corrected
  // version would reuse.
  const [configuration] = await services.client.listPackageConfigurations(offer.product.id, draftId)
  if (!configuration) {
    throw new Error(`Plan ${plan.planId} has no technical configuration in its Package draft.`)
  }
  // Whatever its resourceType (three are known, §9.19), it is written back as read.
  result.previousVersion = configuration.version || undefined
  if (result.previousVersion && compareVersions(planned.version, result.previousVersion) < 0) {
    throw new RequestError(
      `Plan ${plan.planId}: version ${planned.version} is lower than its current version ` +
        `${result.previousVersion}. Partner Center requires each new version to be greater: ` +
        'raise the version in the manifest, the `version` input or the release tag.'
    )
  }
  const work: PlanWork = { planned, checked: known.checked, plan, draftId, configuration, result }
  work.reusable = findReusablePackage(known.packages, work)
  return work
}

/**
 * Finds the packages an earlier run of the same publish created and did not finish with, so
 * that this run continues with them instead of uploading the same content again. Each package
 * goes to one plan only, even when two plans upload the same file.
 */
function findEarlierPackages(packages: AzurePackage[], works: PlanWork[]): void {
  const pending = works.filter((work) => !work.reusable)
  const taken = new Set<string>()
  for (const work of pending) {
    const free = packages.filter((pkg) => !taken.has(pkg.id))
    work.earlier = findEarlierPackage(free, uploadFileName(work))
    if (work.earlier) taken.add(work.earlier.id)
  }
}

/**
 * Looks for a submission in progress. One made of exactly the drafts this run would submit, with
 * every package already in place, is this publish's own from an earlier attempt: follow it
 * instead of submitting twice. Any other applies `on-conflict`.
 */
async function handleSubmissionInProgress(
  request: RunRequest,
  services: Services,
  offer: OfferSnapshot,
  works: PlanWork[],
  run: RunResult
): Promise<Submission | undefined> {
  const blocking = latestSubmission(offer.submissions.filter(blocksNewSubmission))
  if (!blocking) return undefined
  const allReused = works.every((work) => work.reusable)
  if (allReused && sameDrafts(blocking, buildSubmissionRequest(offer))) {
    services.logger.info(
      `Submission ${blocking.id} already holds these packages: following it instead of submitting again`
    )
    run.notes.push(
      `Submission ${blocking.id} was created by an earlier run with the same packages; this run followed it.`
    )
    return blocking
  }
  const deadline = Date.now() + (request.waitTimeoutMs || DEFAULT_CONFLICT_WAIT_MS)
  await resolveConflict(
    services,
    offer.product.id,
    blocking,
    request.onConflict,
    deadline,
    request.dryRun,
    run
  )
  return undefined
}

/**
 * Creates the submission exactly once: after an answer that leaves it unknown whether it was
 * made (a dropped connection, a 5xx), a new submission of the same drafts is this one.
 */
async function createSubmission(
  services: Services,
  offer: OfferSnapshot,
  run: RunResult
): Promise<Submission> {
  const { client, logger } = services
  const productId = offer.product.id
  const body = buildSubmissionRequest(offer)
  const before = new Set(offer.submissions.map((submission) => submission.id))
  const { value: created } = await createOnce({
    create: () => client.createSubmission(productId, body),
    find: async () =>
      (await client.listSubmissions(productId)).find(
        (submission) => !before.has(submission.id) && sameDrafts(submission, body)
      ),
    what: 'the submission',
    logger,
    signal: services.signal
  })
  logger.info(`Submission ${created.id} created`)
  run.changes.push({ description: `Created submission ${created.id} to preview`, done: true })
  return created
}

function describeDryRun(
  request: RunRequest,
  works: PlanWork[],
  run: RunResult,
  existing: Submission | undefined
): void {
  for (const work of works) {
    if (work.reusable) {
      work.result.state = 'reused'
      work.result.packageId = work.reusable.id
      run.changes.push({
        description: `Plan ${work.planned.planId}: keep package ${work.reusable.fileName} (already bound at ${work.planned.version})`,
        done: false
      })
      continue
    }
    const { earlier } = work
    run.changes.push(
      {
        description: earlier
          ? `Plan ${work.planned.planId}: continue with package ${earlier.id} (${earlier.fileName}), left ${earlier.state} by an earlier run`
          : `Plan ${work.planned.planId}: upload ${work.planned.packageLabel} (${work.checked.size} bytes) as ${uploadFileName(work)}`,
        done: false
      },
      {
        description: `Plan ${work.planned.planId}: technical configuration ${work.result.previousVersion ?? '(none)'} → ${work.planned.version}`,
        done: false
      }
    )
  }
  if (request.target !== 'draft' && !existing) {
    run.changes.push({ description: 'Create a submission to preview', done: false })
  }
  if (request.target === 'live') {
    run.changes.push({
      description: 'Promote the submission to live once the preview is ready',
      done: false
    })
  }
  run.status = 'dry-run'
  run.notes.push('Dry run: nothing was changed in Partner Center.')
}
