import { HttpError } from '../../http/errors.js'
import { PartnerCenterError } from '../../partner-center/errors.js'
import { sameText } from '../../partner-center/normalize.js'
import type { AzurePackage } from '../../partner-center/types.js'
import { describeUpload, type UploadOutcome } from '../../storage/blob-upload.js'
import type { EngineContext } from '../context.js'
import type { PlanResult } from '../result.js'
import { pollUntil } from '../polling.js'
import { findEarlierPackage, uploadFileName, type PlanWork } from '../read/plan-packages.js'
import { createOnce } from './create-once.js'
import { markPackageUploaded } from './mark-uploaded.js'
import { words } from '../../naming.js'

/** How long Partner Center may take to process one package before the run gives up on it. */
const PROCESSING_TIMEOUT_MS = 30 * 60_000

/**
 * Applies one plan's changes (plan/package-changes.ts): upload → mark Uploaded → wait until Processed →
 * bind to the plan (§6.1 steps 5–10), marking each change done as it is. The package may be on
 * its way already (`work.pipeline`, created and uploading while the offer was read); else it is
 * created here, or an earlier run's is continued. A plan whose package is already bound (no
 * changes) is left alone.
 */
export async function applyPlanPackage(
  context: EngineContext,
  productId: string,
  work: PlanWork
): Promise<void> {
  const { logger, recorder } = context
  const { planId } = work.planned
  const { package: packageChange, bind } = work.changes
  if (!packageChange || !bind) return

  const fileName = uploadFileName(work)
  recorder.plan(planId, { packageFileName: fileName })
  let { pipeline } = work
  if (!pipeline) {
    let pkg: AzurePackage
    if (work.earlier) {
      pkg = work.earlier
      logger.info(
        `[${planId}] package ${pkg.id} (${fileName}) was left ${pkg.state} by an earlier run; continuing with it`
      )
    } else {
      pkg = await createPackage(context, productId, fileName)
      logger.info(`[${planId}] package ${pkg.id} created as ${fileName}`)
    }
    pipeline = startPackagePipeline(context, productId, work, pkg)
  }
  pipeline.follow((update) => recorder.plan(planId, update))
  const { pkg, uploaded } = await pipeline.uploaded
  recorder.done(
    packageChange,
    work.earlier && pkg.id === work.earlier.id
      ? `Plan ${planId}: reused package ${pkg.id} (${fileName}), left ${packageChange.from} by an earlier run` +
          (uploaded ? `; ${uploaded}` : '')
      : `Plan ${planId}: ${uploaded ?? `package ${pkg.id}`}`
  )
  const processed = await pipeline.processed
  recorder.plan(planId, { state: 'processed' })
  await bindPackage(context, productId, work, processed.id)
  recorder.plan(planId, { state: 'bound' })
  recorder.done(bind)
}

/** What a package's way into Partner Center needs: the plan's file and an earlier run's package. */
export type PackageWork = Pick<PlanWork, 'planned' | 'checked' | 'earlier'>

/**
 * One package on its way into Partner Center, from creation to Processed (§6.1 steps 6–8), which
 * needs nothing from the plan's technical configuration: so it can start while the offer is
 * still read (speculative-packages.ts) and be taken over by the apply step.
 */
export interface PackagePipeline {
  /** The package it started from. */
  package: AzurePackage
  /** The package once its file is in (uploaded and marked, or continued), with what was done. */
  uploaded: Promise<{ pkg: AzurePackage; uploaded?: string }>
  /** The package once processed; rejects on ProcessFailed (validations recorded) or a timeout. */
  processed: Promise<AzurePackage>
  /** Sends the progress so far, then every further update, to `report` (the plan's result). */
  follow: (report: (update: Partial<PlanResult>) => void) => void
  /** Stops the processing wait (the package is being discarded). */
  stop: () => void
}

/**
 * Starts a package's way from `pkg` (a new package in PendingUpload, or an earlier run's in any
 * state): upload when it waits for its file, mark it Uploaded, wait until Processed. Both
 * promises are marked handled here: whoever awaits them gets the failure.
 */
export function startPackagePipeline(
  context: EngineContext,
  productId: string,
  work: PackageWork,
  pkg: AzurePackage
): PackagePipeline {
  const progress: Partial<PlanResult> = {}
  let report: (update: Partial<PlanResult>) => void = (update) => {
    Object.assign(progress, update)
  }
  const stopping = new AbortController()
  const signal = AbortSignal.any([context.signal, stopping.signal])
  const progressTo = (update: Partial<PlanResult>) => report(update)
  const uploaded = uploadIfPending(context, productId, work, pkg, progressTo)
  const processed = uploaded.then((done) =>
    waitUntilProcessed(context, productId, work, done.pkg, { report: progressTo, signal })
  )
  uploaded.catch(() => undefined)
  processed.catch(() => undefined)
  return {
    package: pkg,
    uploaded,
    processed,
    follow: (next) => {
      next(progress)
      report = next
    },
    stop: () => stopping.abort()
  }
}

/** Uploads the file when the package still waits for it, and marks it Uploaded (§5.10 steps 2–3). */
async function uploadIfPending(
  context: EngineContext,
  productId: string,
  work: PackageWork,
  start: AzurePackage,
  report: (update: Partial<PlanResult>) => void
): Promise<{ pkg: AzurePackage; uploaded?: string }> {
  report({ packageId: start.id })
  if (!sameText(start.state, 'PendingUpload')) return { pkg: start }
  report({ state: 'uploading' })
  const outcome = await uploadPackageFile(context, productId, work, start)
  const pkg = outcome.target
  report({
    packageId: pkg.id,
    uploadSeconds: outcome.upload.durationMs / 1000,
    bytesPerSecond: outcome.upload.bytesPerSecond
  })
  await markPackageUploaded(context, productId, pkg)
  const uploaded = `uploaded ${work.planned.packageLabel} as package ${pkg.id} (${describeUpload(outcome.upload)})`
  return { pkg, uploaded }
}

/** Polls the package until Partner Center processed it (§5.10 step 4); throws on ProcessFailed. */
async function waitUntilProcessed(
  context: EngineContext,
  productId: string,
  work: PackageWork,
  pkg: AzurePackage,
  options: { report: (update: Partial<PlanResult>) => void; signal: AbortSignal }
): Promise<AzurePackage> {
  const { client, logger, recorder } = context
  const label = `[${work.planned.planId}]`
  options.report({ state: 'processing' })
  const packageId = pkg.id
  const processed = await pollUntil({
    read: () => client.getPackage(productId, packageId),
    done: (current) =>
      sameText(current.state, 'Processed') || sameText(current.state, 'ProcessFailed'),
    key: (current) => current.state ?? '',
    onChange: (current) => logger.info(`${label} package ${packageId}: ${current.state}`),
    interval: context.polling.package,
    deadline: Date.now() + PROCESSING_TIMEOUT_MS,
    signal: options.signal,
    progress: { to: context.progress, label: `${label} package ${packageId}` }
  })
  if (sameText(processed.value.state, 'Processed')) return processed.value
  options.report({ state: 'failed' })
  recorder.validations(
    (processed.value.validationItems ?? []).map((item) => ({
      severity: item.severity ?? 'Error',
      code: item.errorCode,
      message: item.message ?? '',
      resource: item.resource ?? `package ${packageId}`
    }))
  )
  throw new Error(
    processed.timedOut
      ? `${label} Partner Center did not finish processing package ${packageId} within ` +
          `${PROCESSING_TIMEOUT_MS / 60_000} minutes (state ${processed.value.state}). Re-run later: ` +
          `${words().tool} will find the package.`
      : `${label} Partner Center could not process the package (${processed.value.state}). ` +
          `See the validation messages, fix the package and publish again.`
  )
}

/** POST /packages, exactly once: after an ambiguous failure the package is looked up by name. */
export async function createPackage(
  context: EngineContext,
  productId: string,
  fileName: string,
  /** A package of the same name that is known to be unusable, so not the one just created. */
  unusable?: AzurePackage
): Promise<AzurePackage> {
  const { client } = context
  const { value } = await createOnce({
    create: () => client.createPackage(productId, { fileName }),
    find: async () => {
      const packages = await client.listPackages(productId)
      return findEarlierPackage(
        packages.filter((pkg) => pkg.id !== unusable?.id),
        fileName
      )
    },
    what: `package ${fileName}`,
    logger: context.logger,
    signal: context.signal
  })
  return value
}

/**
 * Uploads the zip to the package's SAS URL. A package left by an earlier run may have lost its
 * write URL (listings need not carry it) or outlived it (about a day, §5.6): then the upload
 * goes to a new package, and the old one stays as it was, unbound.
 */
async function uploadPackageFile(
  context: EngineContext,
  productId: string,
  work: PackageWork,
  pkg: AzurePackage
): Promise<{ target: AzurePackage; upload: UploadOutcome }> {
  const resuming = pkg === work.earlier
  const sasUrl =
    pkg.fileSasUri ??
    (resuming ? (await context.client.getPackage(productId, pkg.id)).fileSasUri : undefined)
  let target = pkg
  let upload: UploadOutcome | undefined
  if (sasUrl || !resuming) {
    try {
      upload = await context.upload(work.checked, sasUrl ?? '')
    } catch (error) {
      const expired = error instanceof HttpError && error.status === 403
      if (!resuming || !expired) throw error
    }
  }
  if (!upload) {
    context.logger.info(
      `[${work.planned.planId}] package ${pkg.id} has no working upload URL any more; uploading to a new package`
    )
    target = await createPackage(context, productId, uploadFileName(work), pkg)
    upload = await context.upload(work.checked, target.fileSasUri ?? '')
  }
  return { target, upload }
}

/**
 * Points the plan's technical configuration at the package (GET, change, PUT the whole object:
 * PUT replaces it, §5.5). A stale ETag means someone changed it meanwhile: read it again and
 * re-apply the change, a bounded number of times.
 */
async function bindPackage(
  context: EngineContext,
  productId: string,
  work: PlanWork,
  packageId: string
): Promise<void> {
  const { client, logger } = context
  let configuration = work.configuration
  for (let attempt = 1; ; attempt++) {
    try {
      work.configuration = await client.updatePackageConfiguration(productId, {
        ...configuration,
        version: work.planned.version,
        packageReferences: [{ type: 'AzureApplicationPackage', value: packageId }]
      })
      return
    } catch (error) {
      const conflict =
        error instanceof PartnerCenterError && (error.status === 409 || error.status === 412)
      if (!conflict || attempt >= 3) throw error
      logger.info(
        `[${work.planned.planId}] technical configuration changed meanwhile (${error.status}); reading it again`
      )
      // The edit may have moved the plan's draft to a new instance (a submission freezes the
      // instances it names, §4): find the current one before reading the configuration again.
      const branches = await client.listBranches(productId, 'Package')
      work.draftId =
        branches.find((branch) => sameText(branch.variantID, work.plan.variantId))
          ?.currentDraftInstanceID ?? work.draftId
      const [fresh] = await client.listPackageConfigurations(productId, work.draftId)
      configuration = fresh
    }
  }
}
