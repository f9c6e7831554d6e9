import path from 'node:path'
import type { CheckedPackage } from '../../app-package/check-package.js'
import type { AzurePackage, PackageConfiguration } from '../../partner-center/types.js'
import { sameText } from '../../partner-center/normalize.js'
import { PartnerCenterError } from '../../partner-center/errors.js'
import type { EngineContext } from '../context.js'
import type { PlannedPlan } from '../plan/desired.js'
import type { Change } from '../result.js'
import type { PackagePipeline } from '../apply/upload-and-bind.js'
import { newPlanConfiguration } from './new-plan-drafts.js'
import { draftOf, type OfferPlan, type OfferSnapshot } from './offer.js'

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
  /**
   * The package created for this plan while the offer was read, on its way to Processed
   * (apply/speculative-packages.ts); deleted again when the plan does not need it.
   */
  pipeline?: PackagePipeline
  /** The plan's changes, once planned (plan/package-changes.ts); none when the package is reused. */
  changes: { package?: Change; bind?: Change }
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
 * re-run after a failure or a cancellation): then nothing needs uploading. Reads the bound
 * package by its id (§5.10) only when the configuration already holds this version, so a run
 * that brings a new version makes no call here, and no run reads the package list for it
 * (its cost would grow with the offer's history). A bound package that is gone (404) is not
 * reusable.
 */
async function findReusablePackage(
  context: EngineContext,
  productId: string,
  work: PlanWork
): Promise<AzurePackage | undefined> {
  const { configuration } = work
  const reference = configuration.packageReferences?.[0]?.value
  if (!reference || configuration.version !== work.planned.version) return undefined
  const bound = await context.client.getPackage(productId, reference).catch((error: unknown) => {
    if (error instanceof PartnerCenterError && error.status === 404) return undefined
    throw error
  })
  return bound?.fileName === uploadFileName(work) && sameText(bound.state, 'Processed')
    ? bound
    : undefined
}

/**
 * How many pages of the package list a run scans for a package an earlier run left unfinished
 * (`findEarlierPackages`): one, always, so that a run makes the same requests whatever the
 * offer's history (docs/benchmarks.md, 7). The list has no filter and no documented order
 * (§5.10, §3.7), so finding one by name for sure would mean reading the offer's whole history
 * on every run. A package beyond the first page is not resumed: the run uploads a new one and
 * the earlier one stays unbound (README, limitations). The emulator lists in creation order (an
 * assumption about the real service, whose order is unknown), so an interrupted run's package
 * is found on an offer whose packages fit one page (100 at the page size the benchmarks assume
 * real; the resilience tests use it). The same page tells whether an earlier run of this very
 * publish left packages, which decides whether packages are created before the plans'
 * configurations are read (apply/speculative-packages.ts).
 */
export const EARLIER_PACKAGE_SCAN_PAGES = 1

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

/**
 * Reads one plan's technical configuration from its Package draft, and checks that it is the
 * kind the plan is; notes whether the plan already has this very package (`reusable`).
 * `configurations` reads a draft's configurations (default: a read now; a publish hands in the
 * reads it started as the offer's pages came in, early-configurations.ts).
 */
export async function readPlan(
  context: EngineContext,
  offer: OfferSnapshot,
  known: Pick<PlanWork, 'planned' | 'checked' | 'plan'>,
  configurations = (draftId: string) =>
    context.client.listPackageConfigurations(offer.product.id, draftId)
): Promise<PlanWork> {
  const { plan } = known
  // A plan this run creates: its configuration is read once it exists (apply/create-plans.ts).
  if (plan.pending)
    return { ...known, draftId: '', configuration: newPlanConfiguration(plan), changes: {} }
  const draftId = draftOf(offer, 'Package', plan.variantId)
  if (!draftId) {
    throw new Error(
      `Plan ${plan.planId} has no Package draft in Partner Center. Open the plan's ` +
        `technical configuration in Partner Center once, then run again.`
    )
  }
  const [configuration] = await configurations(draftId)
  if (!configuration) {
    throw new Error(`Plan ${plan.planId} has no technical configuration in its Package draft.`)
  }
  // Whatever its resourceType (three are known, §9.19), it is written back as read.
  const work: PlanWork = { ...known, draftId, configuration, changes: {} }
  work.reusable = await findReusablePackage(context, offer.product.id, work)
  return work
}

/**
 * Finds the packages an earlier run of the same publish created and did not finish with, so
 * that this run continues with them instead of uploading the same content again. Each package
 * goes to one plan only, even when two plans upload the same file.
 */
export function findEarlierPackages(packages: AzurePackage[], works: PlanWork[]): void {
  const taken = new Set<string>()
  for (const work of works.filter((candidate) => !candidate.reusable)) {
    const free = packages.filter((pkg) => !taken.has(pkg.id))
    work.earlier = findEarlierPackage(free, uploadFileName(work))
    if (work.earlier) taken.add(work.earlier.id)
  }
}
