import { HttpError } from '../../http/errors.js'
import { PartnerCenterError } from '../../partner-center/errors.js'
import { sameText } from '../../partner-center/normalize.js'
import type { AzurePackage } from '../../partner-center/types.js'
import { describeUpload, type UploadOutcome } from '../../storage/blob-upload.js'
import type { EngineContext } from '../context.js'
import { pollUntil } from '../polling.js'
import { findEarlierPackage, uploadFileName, type PlanWork } from '../read/plan-packages.js'
import { createOnce } from './create-once.js'
import { markPackageUploaded } from './mark-uploaded.js'

/** How long Partner Center may take to process one package before the run gives up on it. */
const PROCESSING_TIMEOUT_MS = 30 * 60_000

/**
 * Applies one plan's changes (plan/package-changes.ts): upload → mark Uploaded → wait until Processed →
 * bind to the plan (§6.1 steps 5–10), marking each change done as it is. A plan whose package is
 * already bound (no changes) is left alone.
 */
export async function applyPlanPackage(
  context: EngineContext,
  productId: string,
  work: PlanWork
): Promise<void> {
  const { client, logger, recorder } = context
  const { planId } = work.planned
  const label = `[${planId}]`
  const { package: packageChange, bind } = work.changes
  if (!packageChange || !bind) return

  const fileName = uploadFileName(work)
  recorder.plan(planId, { packageFileName: fileName })
  let pkg: AzurePackage
  if (work.earlier) {
    pkg = work.earlier
    logger.info(
      `${label} package ${pkg.id} (${fileName}) was left ${pkg.state} by an earlier run; continuing with it`
    )
  } else if (work.speculative) {
    // Created while the offer was read (apply/speculative-packages.ts); logged then.
    pkg = work.speculative
  } else {
    pkg = await createPackage(context, productId, fileName)
    logger.info(`${label} package ${pkg.id} created as ${fileName}`)
  }
  recorder.plan(planId, { packageId: pkg.id })

  let uploaded: string | undefined
  if (sameText(pkg.state, 'PendingUpload')) {
    recorder.plan(planId, { state: 'uploading' })
    const outcome = await uploadPackageFile(context, productId, work, pkg)
    pkg = outcome.target
    recorder.plan(planId, { packageId: pkg.id })
    await markPackageUploaded(context, productId, pkg)
    uploaded = `uploaded ${work.planned.packageLabel} as package ${pkg.id} (${describeUpload(outcome.upload)})`
  }
  recorder.done(
    packageChange,
    work.earlier && pkg.id === work.earlier.id
      ? `Plan ${planId}: reused package ${pkg.id} (${fileName}), left ${packageChange.from} by an earlier run` +
          (uploaded ? `; ${uploaded}` : '')
      : `Plan ${planId}: ${uploaded ?? `package ${pkg.id}`}`
  )

  recorder.plan(planId, { state: 'processing' })
  const packageId = pkg.id
  const processed = await pollUntil({
    read: () => client.getPackage(productId, packageId),
    done: (current) =>
      sameText(current.state, 'Processed') || sameText(current.state, 'ProcessFailed'),
    key: (current) => current.state ?? '',
    onChange: (current) => logger.info(`${label} package ${packageId}: ${current.state}`),
    interval: context.polling.package,
    deadline: Date.now() + PROCESSING_TIMEOUT_MS,
    signal: context.signal
  })
  if (!sameText(processed.value.state, 'Processed')) {
    recorder.plan(planId, { state: 'failed' })
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
            `the action will find the package.`
        : `${label} Partner Center could not process the package (${processed.value.state}). ` +
            `See the validation messages, fix the package and publish again.`
    )
  }
  recorder.plan(planId, { state: 'processed' })
  await bindPackage(context, productId, work, packageId)
  recorder.plan(planId, { state: 'bound' })
  recorder.done(bind)
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
  work: PlanWork,
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
  context.recorder.plan(work.planned.planId, {
    uploadSeconds: upload.durationMs / 1000,
    bytesPerSecond: upload.bytesPerSecond
  })
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
