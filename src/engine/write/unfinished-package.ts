import type { PlanWork } from '../../publish/packages.js'
import type { RunResult } from '../../publish/result.js'
import type { Services } from '../../publish/services.js'

/** Plan states after which the plan's package is bound, or was refused by processing. */
const SETTLED = new Set(['bound', 'reused', 'failed'])

/**
 * Reports the packages a failed or cancelled run leaves unfinished (created, but not uploaded,
 * processed or bound; including those still under way when another plan's failure ends the
 * run), in the log, the summary's changes and each plan's `result` state, instead of leaving
 * the summary to say that nothing was changed. Rethrows `error`. Not for a cancelled run.
 */
export function reportUnfinishedPackages(
  services: Pick<Services, 'logger' | 'signal'>,
  works: PlanWork[],
  run: RunResult,
  error: unknown
): never {
  // A cancelled run is reported by the run itself, plan by plan, with how to resume (run.ts).
  if (services.signal.aborted) throw error
  for (const { result } of works) {
    if (!result.packageId || SETTLED.has(result.state)) continue
    const description =
      `Plan ${result.planId}: package ${result.packageId} (${result.packageFileName ?? 'unnamed'}) ` +
      `was created but left unfinished while ${result.state}; it is not bound to the plan. ` +
      'Run the same publish again: it continues with this package.'
    services.logger.warning(description)
    run.changes.push({ description, done: true })
    result.state = 'unfinished'
  }
  throw error
}
