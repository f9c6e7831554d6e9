import path from 'node:path'
import type { CheckedPackage } from '../app-package/check-package.js'
import type { AzurePackage, PackageConfiguration } from '../partner-center/types.js'
import { sameText } from '../partner-center/normalize.js'
import { PartnerCenterError } from '../partner-center/errors.js'
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
  result: PlanResult
}

/** How long Partner Center may take to process one package before the run gives up on it. */
const PROCESSING_TIMEOUT_MS = 30 * 60_000

/** Which package-configuration resource type goes with which kind of plan (§5.11). */
export const CONFIGURATION_TYPE: Record<string, string> = {
  'solution-template': 'AzureSolutionTemplatePackageConfiguration',
  'managed-application': 'AzureManagedApplicationPackageConfiguration'
}

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
 * re-run after a failure or a cancellation): then nothing needs uploading.
 */
export async function findReusablePackage(
  services: Services,
  productId: string,
  work: PlanWork
): Promise<AzurePackage | undefined> {
  const { configuration } = work
  const reference = configuration.packageReferences?.[0]?.value
  if (!reference || configuration.version !== work.planned.version) return undefined
  const existing = await services.client.getPackage(productId, reference)
  return existing.fileName === uploadFileName(work) && sameText(existing.state, 'Processed')
    ? existing
    : undefined
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
      description: `Plan ${result.planId}: kept package ${reusable.fileName} (already bound at ${result.version})`,
      done: false
    })
    return
  }

  const fileName = uploadFileName(work)
  result.state = 'uploading'
  const created = await client.createPackage(productId, { fileName })
  result.packageId = created.id
  result.packageFileName = fileName
  logger.info(
    `${label} package ${created.id} created as ${fileName}; uploading ${work.planned.packageLabel}`
  )
  const upload = await services.upload(work.checked.path, created.fileSasUri ?? '')
  result.uploadSeconds = upload.durationMs / 1000
  result.bytesPerSecond = upload.bytesPerSecond
  run.changes.push({
    description: `Plan ${result.planId}: uploaded ${work.planned.packageLabel} as package ${created.id}`,
    done: true
  })

  result.state = 'processing'
  await client.markPackageUploaded(productId, created)
  const processed = await pollUntil({
    read: () => client.getPackage(productId, created.id),
    done: (pkg) => sameText(pkg.state, 'Processed') || sameText(pkg.state, 'ProcessFailed'),
    key: (pkg) => pkg.state ?? '',
    onChange: (pkg) => logger.info(`${label} package ${created.id}: ${pkg.state}`),
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
        resource: item.resource ?? `package ${created.id}`
      })
    }
    throw new Error(
      processed.timedOut
        ? `${label} Partner Center did not finish processing package ${created.id} within ` +
            `${PROCESSING_TIMEOUT_MS / 60_000} minutes (state ${processed.value.state}). Re-run later: ` +
            `the action will find the package.`
        : `${label} Partner Center could not process the package (${processed.value.state}). ` +
            `See the validation messages, fix the package and publish again.`
    )
  }
  result.state = 'processed'
  await bindPackage(services, productId, work, created.id)
  result.state = 'bound'
  run.changes.push({
    description: `Plan ${result.planId}: technical configuration ${result.previousVersion ?? '(none)'} → ${result.version}`,
    done: true
  })
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
