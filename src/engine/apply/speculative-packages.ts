import type { CheckedPackage } from '../../app-package/check-package.js'
import type { AzurePackage, Submission } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import type { PlannedPlan } from '../plan/desired.js'
import { findEarlierPackage, uploadFileName, type PlanWork } from '../read/plan-packages.js'
import { blocksNewSubmission } from '../read/submission-state.js'
import { createPackage, startPackagePipeline, type PackagePipeline } from './upload-and-bind.js'
import { words } from '../../naming.js'

/** What the speculative creates wait for: all of it read in the same round (§6.1 steps 2, 5). */
export interface SpeculationInputs {
  productId: string
  planned: PlannedPlan[]
  /** The packages' hashes: the upload's file name carries the SHA-256. */
  hashing: Promise<CheckedPackage[]>
  /** The first page of the offer's package list (plan-packages.ts, EARLIER_PACKAGE_SCAN_PAGES). */
  scan: Promise<AzurePackage[]>
  submissions: Promise<Submission[]>
}

/**
 * Starts each plan's package on its way (POST, §6.1 step 5; then upload, mark Uploaded, wait
 * until Processed, steps 6–8) while the offer's plans and their technical configurations are
 * read, instead of after them: none of these steps needs the plan or its configuration, only the
 * product id and the upload's file name. This saves a round trip on every publish, and the whole
 * upload on an offer whose plan list takes many pages (docs/benchmarks.md, 2 and 3). What is
 * read later may show that a package is not needed (the plan already has it) or refuse the run
 * (a version not greater than the current one, an unknown plan); `discardSpeculativePackages`
 * then deletes it again, so the run leaves nothing behind.
 *
 * Nothing is started (each entry undefined) on a dry run; when a submission is in progress
 * (`on-conflict` decides first, §6.3); and when the scanned page of the package list holds a
 * package named for this very publish (an earlier run of it: a re-run, whose plans'
 * configurations decide what is needed, so that a re-run where nothing differs writes nothing).
 * Resolves, once every create is answered, with one entry per planned plan, in order; never
 * rejects: a failed create is left to the apply step, which creates again (with its look-up
 * after an ambiguous failure, create-once.ts).
 */
export async function startSpeculativePackages(
  context: EngineContext,
  inputs: SpeculationInputs
): Promise<(PackagePipeline | undefined)[]> {
  const none = inputs.planned.map(() => undefined)
  if (context.request.dryRun) return none
  try {
    const [checked, scanned, submissions] = await Promise.all([
      inputs.hashing,
      inputs.scan,
      inputs.submissions
    ])
    const names = inputs.planned.map((planned, index) =>
      uploadFileName({ planned, checked: checked[index] })
    )
    if (submissions.some(blocksNewSubmission)) return none
    if (scanned.some((pkg) => names.includes(pkg.fileName ?? ''))) return none
    return await Promise.all(
      names.map(async (fileName, index) => {
        const work = { planned: inputs.planned[index], checked: checked[index] }
        const label = `[${work.planned.planId}]`
        try {
          const pkg = await createPackage(context, inputs.productId, fileName)
          context.logger.info(`${label} package ${pkg.id} created as ${fileName} ahead of the plan`)
          return startPackagePipeline(context, inputs.productId, work, pkg)
        } catch (error) {
          // Cut by the cancellation, the POST (or the look-up after its ambiguous failure,
          // create-once.ts) may have created it all the same: found by its name, and deleted.
          if (context.signal.aborted) {
            await deleteUnanswered(context, inputs.productId, fileName)
            return undefined
          }
          const reason = error instanceof Error ? error.message : String(error)
          context.logger.info(`${label} creating the package ahead failed (${reason}); later`)
          return undefined
        }
      })
    )
  } catch {
    // The reads it waited for failed: the run fails on them where they are awaited.
    return none
  }
}

/**
 * How long the clean-up of a cancelled run may take, in ms: the runner kills a cancelled step
 * 7.5 s after its SIGINT (action-engineering.md §4.8), and the outputs and the summary are
 * written after the clean-up. Partner Center answers a call in well under a second.
 */
export const CANCELLED_CLEANUP_MS = 3_000

/**
 * Stops packages started ahead that the run will not use and deletes them (§5.10: `DELETE` →
 * 204; tolerant of their state: the API says nothing of a state it refuses), saying so in the
 * log and the summary's notes: `why` ends the sentence ("the run was refused"). A cancelled run
 * (its signal aborts every call) deletes them too, with a deadline of its own,
 * CANCELLED_CLEANUP_MS for the whole clean-up, so that the step still ends before the runner
 * kills it. One that cannot be deleted (in time) is named in a warning, bound to no plan. Never
 * throws: the run's own failure, if any, is what it reports.
 */
export async function discardSpeculativePackages(
  context: EngineContext,
  productId: string,
  pipelines: PackagePipeline[],
  why: string
): Promise<void> {
  if (pipelines.length === 0) return
  const cancelled = context.signal.aborted
  const deadline = cancelled ? cleanupDeadline(context.signal) : undefined
  const because = cancelled ? words().cancelled : why
  const deleted: string[] = []
  await Promise.all(
    pipelines.map(async (pipeline) => {
      const pkg = pipeline.package
      pipeline.stop()
      // An upload under way ends first: deleting under it would only make it fail. A cancelled
      // run's signal has already stopped it, and the deadline leaves no time to wait.
      if (!cancelled) await Promise.allSettled([pipeline.uploaded, pipeline.processed])
      const name = `package ${pkg.id} (${pkg.fileName})`
      const gone = await deleteCreatedAhead(context, {
        what: `${name} was created ahead of the plan, but ${because}`,
        cancelled,
        remove: () => context.client.deletePackage(productId, pkg.id, deadline)
      })
      if (gone) deleted.push(name)
    })
  )
  reportDeleted(context, deleted, because)
}

/** Says, in the log and the summary's notes, which packages created ahead were deleted again. */
function reportDeleted(context: EngineContext, deleted: string[], because: string): void {
  if (deleted.length === 0) return
  const text =
    `${deleted.sort().join(', ')} ${deleted.length === 1 ? 'was' : 'were'} created ahead of the ` +
    `plan, while the offer was read, but ${because}: deleted again, nothing is left behind.`
  context.logger.info(text)
  context.recorder.note(text)
}

/**
 * The deadline of a cancelled run's clean-up: one per run (per signal), from the first clean-up
 * on, which every clean-up of the run shares, so that together they stay within
 * CANCELLED_CLEANUP_MS.
 */
const cleanupDeadlines = new WeakMap<AbortSignal, AbortSignal>()
function cleanupDeadline(signal: AbortSignal): AbortSignal {
  let deadline = cleanupDeadlines.get(signal)
  if (!deadline) {
    deadline = AbortSignal.timeout(CANCELLED_CLEANUP_MS)
    cleanupDeadlines.set(signal, deadline)
  }
  return deadline
}

/**
 * A package whose create the cancellation cut (its answer, or the look-up after an ambiguous
 * failure, never came): Partner Center may hold it all the same. Looked for by its name (the
 * scan before the create found none of that name, so one there now is this run's) and deleted,
 * within the clean-up's deadline; one that cannot be looked for or deleted in time is named with
 * what to do.
 */
async function deleteUnanswered(
  context: EngineContext,
  productId: string,
  fileName: string
): Promise<void> {
  const deadline = cleanupDeadline(context.signal)
  let found: AzurePackage | undefined
  const gone = await deleteCreatedAhead(context, {
    what:
      `package ${fileName} may have been created ahead of the plan, but ${words().cancelled} ` +
      'before Partner Center answered',
    cancelled: true,
    unsure: true,
    remove: async () => {
      const packages = await context.client.listPackages(productId, { signal: deadline })
      found = findEarlierPackage(packages, fileName)
      if (found) await context.client.deletePackage(productId, found.id, deadline)
    }
  })
  if (gone && found)
    reportDeleted(context, [`package ${found.id} (${fileName})`], words().cancelled)
}

/**
 * Runs `remove` (the deletion of a package created ahead); on failure names it in a warning and
 * the summary's notes, with what to do: `what` is the sentence's start ("package … was created
 * ahead of the plan, but …"). Never throws.
 * @returns whether `remove` succeeded.
 */
async function deleteCreatedAhead(
  context: EngineContext,
  options: {
    what: string
    cancelled: boolean
    /** Whether Partner Center holds the package is not known (its create was not answered). */
    unsure?: boolean
    remove: () => Promise<void>
  }
): Promise<boolean> {
  try {
    await options.remove()
    return true
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const text =
      `${options.what}, and it could not be deleted (${reason}): ` +
      `${options.unsure ? 'if it was created, it' : 'it'} stays in Partner Center, bound to no plan. ` +
      (options.cancelled
        ? 'Running the same publish again uses it; otherwise delete it in Partner Center.'
        : 'Delete it in Partner Center.')
    context.logger.warning(text)
    context.recorder.note(text)
    return false
  }
}

/** The packages started ahead for these plans. */
export function speculativePackages(works: Pick<PlanWork, 'pipeline'>[]): PackagePipeline[] {
  return works.flatMap((work) => (work.pipeline ? [work.pipeline] : []))
}
