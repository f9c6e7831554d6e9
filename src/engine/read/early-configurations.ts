import type { PartnerCenterApi } from '../../partner-center/client.js'
import { sameText } from '../../partner-center/normalize.js'
import type { Branch, PackageConfiguration } from '../../partner-center/types.js'
import type { OfferPageWatch, OfferPlan } from './offer.js'

/**
 * Reads each planned plan's technical configuration (§6.1 step 9) as soon as the pages naming
 * it are in: the plan list's page with the plan (its variant id, §5.4) and the Package branch
 * list's page with its draft (§5.3). On an offer whose lists take several pages (a `nextLink`
 * is known only from the page before, §3.7), waiting for every page of every list before the
 * first configuration read put all of them after the last page (docs/benchmarks.md, 3).
 *
 * Only reads, so nothing is left behind when the run stops later; each plan is read once, and
 * `read` hands the same answer to the plan's reader (plan-packages.ts `readPlan`), which
 * reads a draft not read early (a plan created by this run) itself.
 */
export class EarlyConfigurations {
  private plans: OfferPlan[] = []
  private branches: Branch[] = []
  /** By draft instance id, lower case. */
  private readonly started = new Map<string, Promise<PackageConfiguration[]>>()

  constructor(
    private readonly client: PartnerCenterApi,
    private readonly productId: string,
    /** The manifest's plan ids. */
    private readonly planIds: string[]
  ) {}

  /** What `startOfferRead` calls as the plan list and the Package branch list come in. */
  readonly watch: OfferPageWatch = {
    plans: (plans) => {
      this.plans = plans
      this.startReady()
    },
    packageBranches: (branches) => {
      this.branches = branches
      this.startReady()
    }
  }

  /**
   * The configurations in this Package draft: the early read's answer, or a read now (which the
   * client refuses for a draft id that is no id, boundary/ids.ts).
   */
  read = async (draftId: string): Promise<PackageConfiguration[]> =>
    (isText(draftId) && this.started.get(draftId.toLowerCase())) ||
    this.client.listPackageConfigurations(this.productId, draftId)

  private startReady(): void {
    for (const planId of this.planIds) {
      const plan = this.plans.find((candidate) => sameText(candidate.planId, planId))
      if (!plan) continue
      const draftId = this.branches.find(
        (branch) => branch.variantID && sameText(branch.variantID, plan.variantId)
      )?.currentDraftInstanceID
      // Server text, which need not be a string (a hostile page: a number, an object): such a
      // value is left to the plan's read, where the client refuses it.
      if (!isText(draftId) || this.started.has(draftId.toLowerCase())) continue
      // Sent on the next turn of the event loop: the page often arrives with the answers the
      // packages' POSTs wait for, and a POST is on the longer chain (upload, processing, bind),
      // the configuration is needed only at the bind. A draft id the client refuses
      // (boundary/ids.ts) fails the plan's read, as without the early start, not the page read.
      const reading = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        this.client.listPackageConfigurations(this.productId, draftId)
      )
      // Awaited by readPlan, unless the run stops first: no unhandled rejection then.
      reading.catch(() => undefined)
      this.started.set(draftId.toLowerCase(), reading)
    }
  }
}

/** A non-empty string. */
function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== ''
}
