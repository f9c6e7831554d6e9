import type { EngineContext } from '../context.js'
import type { PlanWork } from '../read/plan-packages.js'

/** Plan states after which the plan's package is bound, or was refused by processing. */
const SETTLED = new Set(['bound', 'reused', 'failed'])

/**
 * Reports the packages a failed run leaves unfinished (created, but not uploaded, processed or
 * bound; including those still under way when another plan's failure ends the run), in the log,
 * the result's changes (a done `POST packages`) and each plan's state (`unfinished`), instead of
 * leaving the summary to say that nothing was changed. Rethrows `error`. A cancelled run is
 * reported by the run itself, plan by plan, with how to resume (commands/run.ts).
 */
export function reportUnfinishedPackages(
  context: EngineContext,
  works: PlanWork[],
  error: unknown
): never {
  if (context.signal.aborted) throw error
  const { recorder } = context
  for (const work of works) {
    const { planId } = work.planned
    const plan = recorder.result.plans.find((candidate) => candidate.planId === planId)
    if (!plan?.packageId || SETTLED.has(plan.state)) continue
    const description =
      `Plan ${planId}: package ${plan.packageId} (${plan.packageFileName ?? 'unnamed'}) ` +
      `was created but left unfinished while ${plan.state}; it is not bound to the plan. ` +
      'Run the same publish again: it continues with this package.'
    context.logger.warning(description)
    const change = {
      kind: 'upload-package' as const,
      module: 'Package' as const,
      subject: planId,
      to: plan.packageFileName,
      writes: ['POST packages'],
      description,
      done: false
    }
    recorder.planned([change])
    recorder.done(change)
    recorder.plan(planId, { state: 'unfinished' })
  }
  throw error
}
