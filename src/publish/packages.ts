import path from 'node:path'
import type { CheckedPackage } from '../app-package/check-package.js'
import type { AzurePackage, PackageConfiguration } from '../partner-center/types.js'
import { sameText } from '../partner-center/normalize.js'
import { PartnerCenterError } from '../partner-center/errors.js'
import { HttpError } from '../http/errors.js'
import { describeUpload, type UploadOutcome } from '../storage/blob-upload.js'
import { markPackageUploaded } from '../engine/write/mark-uploaded.js'
import { createOnce } from './create-once.js'
import { pollUntil } from './polling.js'
import type { OfferPlan } from './offer.js'
import type { PlannedPlan } from './request.js'
import type { PlanResult, RunResult } from './result.js'
import type { Services } from './services.js'

/** Everything known about one plan before anything is written. */
export interface PlanWork {
  planned: PlannedPlan
  checked: CheckedPackage
  plan: OfferPlan
  /** The plan's Package draft. */
  draftId: string
  configuration: PackageConfiguration
  /** The plan's current package when it is already this one (a re-run); nothing to upload then. */
  reusable?: AzurePackage
  /** An unfinished package of this content from an earlier run, to continue with (`findEarlierPackage`). */
  earlier?: AzurePackage
  result: PlanResult
}

/** How long Partner Center may take to process one package before the run gives up on it. */
const PROCESSING_TIMEOUT_MS = 30 * 60_000

/**
 * The name the package gets in Partner Center: unique per content (Marketplace tracks packages
 * by file name, §5.10) and recognisable on a re-run, so the same zip is not uploaded twice.
 */
export function uploadFileName(work: Pick<PlanWork, 'planned' | 'checked'>): string {
  const base = path.basename(work.planned.packagePath, '.zip').replace(/[^A-Za-z0-9._-]/g, '-')
  return `${base}-${work.planned.version}-${work.checked.sha256.slice(0, 12)}.zip`
}

/**
 * Whether the plan already has this very package at this version, bound and processed (a
 * re-run after a failure or a cancellation): then nothing needs uploading. `packages` is the
 * product's package list, read with the offer, so the bound package needs no read of its own.
 */
export function findReusablePackage(
  packages: AzurePackage[],
  work: PlanWork
): AzurePackage | undefined {
  const { configuration } = work
  const reference = configuration.packageReferences?.[0]?.value
  if (!reference || configuration.version !== work.planned.version) return undefined
  const bound = packages.find((pkg) => pkg.id === reference)
  return bound?.fileName === uploadFileName(work) && sameText(bound.state, 'Processed')
    ? bound
    : undefined
}

/** Package states worth continuing with on a re-run, best first: the least work left. */
const RESUMABLE_STATES = ['Processed', 'InProcessing', 'Uploaded', 'PendingUpload']

/**
 * A package named `fileName` (so: this very content at this version) that an earlier run created
 * and did not finish with: cancelled during the upload or the processing wait, or after an
 * ambiguous failure of its POST. Continuing with it avoids a second package of the same content.
 * One that failed processing is left alone: the same content would fail again.
 */
export function findEarlierPackage(
  packages: AzurePackage[],
  fileName: string
): AzurePackage | undefined {
  const rank = (pkg: AzurePackage): number =>
    RESUMABLE_STATES.findIndex((state) => sameText(pkg.state, state))
  return packages
    .filter((pkg) => pkg.fileName === fileName && rank(pkg) >= 0)
    .sort((a, b) => rank(a) - rank(b))[0]
}

/** Upload → mark Uploaded → wait until Processed → bind to the plan (§6.1 steps 5–10). */
export async function publishPlanPackage(
  services: Services,
  productId: string,
  work: PlanWork,
  run: RunResult
): Promise<void> {
  const { client, logger } = services
  const { result } = work
  const label = `[${work.planned.planId}]`

  const { reusable } = work
  if (reusable) {
    result.packageId = reusable.id
    result.packageFileName = reusable.fileName
    result.state = 'reused'
    logger.info(
      `${label} package ${reusable.fileName} is already processed and bound at ${result.version}; not uploading it again`
    )
    run.changes.push({
      description: `Plan ${result.planId}: reused package ${reusable.id} (${reusable.fileName}, already bound at ${result.version})`,
      done: false
    })
    return
  }

  const fileName = uploadFileName(work)
  result.packageFileName = fileName
  let pkg: AzurePackage
  if (work.earlier) {
    pkg = work.earlier
    logger.info(
      `${label} package ${pkg.id} (${fileName}) was left ${pkg.state} by an earlier run; continuing with it`
    )
    run.changes.push({
      description: `Plan ${result.planId}: reused package ${pkg.id} (${fileName}), left ${pkg.state} by an earlier run`,
      done: false
    })
  } else {
    pkg = await createPackage(services, productId, fileName)
    logger.info(`${label} package ${pkg.id} created as ${fileName}`)
  }
  result.packageId = pkg.id

  if (sameText(pkg.state, 'PendingUpload')) {
    result.state = 'uploading'
    pkg = await uploadPackageFile(services, productId, work, pkg, run)
    result.packageId = pkg.id
    await markPackageUploaded(services, productId, pkg)
  }

  result.state = 'processing'
  const packageId = pkg.id
  const processed = await pollUntil({
    read: () => client.getPackage(productId, packageId),
    done: (current) =>
      sameText(current.state, 'Processed') || sameText(current.state, 'ProcessFailed'),
    key: (current) => current.state ?? '',
    onChange: (current) => logger.info(`${label} package ${packageId}: ${current.state}`),
    interval: services.polling.package,
    deadline: Date.now() + PROCESSING_TIMEOUT_MS,
    signal: services.signal
  })
  if (!sameText(processed.value.state, 'Processed')) {
    result.state = 'failed'
    for (const item of processed.value.validationItems ?? []) {
      run.validations.push({
        severity: item.severity ?? 'Error',
        code: item.errorCode,
        message: item.message ?? '',
        resource: item.resource ?? `package ${packageId}`
      })
    }
    throw new Error(
      processed.timedOut
        ? `${label} Partner Center did not finish processing package ${packageId} within ` +
            `${PROCESSING_TIMEOUT_MS / 60_000} minutes (state ${processed.value.state}). Re-run later: ` +
            `the action will find the package.`
        : `${label} Partner Center could not process the package (${processed.value.state}). ` +
            `See the validation messages, fix the package and publish again.`
    )
  }
  result.state = 'processed'
  await bindPackage(services, productId, work, packageId)
  result.state = 'bound'
  run.changes.push({
    description: `Plan ${result.planId}: technical configuration ${result.previousVersion ?? '(none)'} → ${result.version}`,
    done: true
  })
}

/** POST /packages, exactly once: after an ambiguous failure the package is looked up by name. */
async function createPackage(
  services: Services,
  productId: string,
  fileName: string,
  /** A package of the same name that is known to be unusable, so not the one just created. */
  unusable?: AzurePackage
): Promise<AzurePackage> {
  const { client } = services
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
    logger: services.logger,
    signal: services.signal
  })
  return value
}

/**
 * Uploads the zip to the package's SAS URL. A package left by an earlier run may have lost its
 * write URL (listings need not carry it) or outlived it (about a day, §5.6): then the upload
 * goes to a new package, and the old one stays as it was, unbound.
 */
async function uploadPackageFile(
  services: Services,
  productId: string,
  work: PlanWork,
  pkg: AzurePackage,
  run: RunResult
): Promise<AzurePackage> {
  const resuming = pkg === work.earlier
  const sasUrl =
    pkg.fileSasUri ??
    (resuming ? (await services.client.getPackage(productId, pkg.id)).fileSasUri : undefined)
  let target = pkg
  let upload: UploadOutcome | undefined
  if (sasUrl || !resuming) {
    try {
      upload = await services.upload(work.checked, sasUrl ?? '')
    } catch (error) {
      const expired = error instanceof HttpError && error.status === 403
      if (!resuming || !expired) throw error
    }
  }
  if (!upload) {
    services.logger.info(
      `[${work.planned.planId}] package ${pkg.id} has no working upload URL any more; uploading to a new package`
    )
    target = await createPackage(services, productId, uploadFileName(work), pkg)
    upload = await services.upload(work.checked, target.fileSasUri ?? '')
  }
  const { result } = work
  result.uploadSeconds = upload.durationMs / 1000
  result.bytesPerSecond = upload.bytesPerSecond
  run.changes.push({
    description: `Plan ${result.planId}: uploaded ${work.planned.packageLabel} as package ${target.id} (${describeUpload(upload)})`,
    done: true
  })
  return target
}

/**
 * Points the plan's technical configuration at the package (GET, change, PUT the whole object:
 * PUT replaces it, §5.5). A stale ETag means someone changed it meanwhile: read it again and
 * re-apply the change, a bounded number of times.
 */
async function bindPackage(
  services: Services,
  productId: string,
  work: PlanWork,
  packageId: string
): Promise<void> {
  const { client, logger } = services
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
      const [fresh] = await client.listPackageConfigurations(productId, work.draftId)
      configuration = fresh
    }
  }
}
