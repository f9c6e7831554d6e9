import type { CheckedPackage } from '../../app-package/check-package.js'
import type { AzurePackage, Submission } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import type { PlannedPlan } from '../plan/desired.js'
import { uploadFileName, type PlanWork } from '../read/plan-packages.js'
import { blocksNewSubmission } from '../read/submission-state.js'
import { createPackage } from './upload-and-bind.js'

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
 * Creates each plan's package (POST, §6.1 step 5, state PendingUpload) while the plans'
 * technical configurations are read (step 9), instead of after them: the POST needs only the
 * product id and the upload's file name, so this saves one round trip per publish
 * (docs/benchmarks.md, 2). What is read later may show that a package is not needed (the plan
 * already has it) or refuse the run (a version not greater than the current one, an unknown
 * plan); `discardSpeculativePackages` then deletes it again, so the run leaves nothing behind.
 *
 * Nothing is created (each entry undefined) on a dry run; when a submission is in progress
 * (`on-conflict` decides first, §6.3); and when the scanned page of the package list holds a
 * package named for this very publish (an earlier run of it: a re-run, whose plans' configurations
 * decide what is needed, so that a re-run where nothing differs writes nothing). Resolves with
 * one entry per planned plan, in order; never rejects: a failed create is left to the apply step,
 * which creates again (with its look-up after an ambiguous failure, create-once.ts).
 */
export async function startSpeculativePackages(
  context: EngineContext,
  inputs: SpeculationInputs
): Promise<(AzurePackage | undefined)[]> {
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
        const label = `[${inputs.planned[index].planId}]`
        try {
          const pkg = await createPackage(context, inputs.productId, fileName)
          context.logger.info(
            `${label} package ${pkg.id} created as ${fileName} while the offer is read`
          )
          return pkg
        } catch (error) {
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
 * Deletes packages created ahead that the run will not use (§5.10: `DELETE` → 204), saying so in
 * the log and the summary's notes: `why` ends the sentence ("the run was refused"). One that
 * cannot be deleted (or the run was cancelled, which cancels every call) is named in a warning,
 * unbound to any plan. Never throws: the run's own failure, if any, is what it reports.
 */
export async function discardSpeculativePackages(
  context: EngineContext,
  productId: string,
  packages: AzurePackage[],
  why: string
): Promise<void> {
  if (packages.length === 0) return
  const deleted: string[] = []
  await Promise.all(
    packages.map(async (pkg) => {
      const name = `package ${pkg.id} (${pkg.fileName})`
      try {
        if (context.signal.aborted) throw new Error('the run was cancelled')
        await context.client.deletePackage(productId, pkg.id)
        deleted.push(name)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        const text =
          `${name} was created while the offer was read, but ${why}, and it could not be ` +
          `deleted (${reason}): it stays in Partner Center in state PendingUpload, bound to no ` +
          'plan. Delete it in Partner Center.'
        context.logger.warning(text)
        context.recorder.note(text)
      }
    })
  )
  if (deleted.length === 0) return
  const text =
    `${deleted.sort().join(', ')} ${deleted.length === 1 ? 'was' : 'were'} created while the ` +
    `offer was read (to save a round trip), but ${why}: deleted again, nothing is left behind.`
  context.logger.info(text)
  context.recorder.note(text)
}

/** The packages created ahead for these plans. */
export function speculativePackages(works: Pick<PlanWork, 'speculative'>[]): AzurePackage[] {
  return works.flatMap((work) => (work.speculative ? [work.speculative] : []))
}
