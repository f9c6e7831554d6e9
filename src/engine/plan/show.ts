import type { EngineContext } from '../context.js'
import type { Change } from '../result.js'

/**
 * Records the plan's changes (all not done yet) and prints them, one line each, before anything
 * is applied: what a dry run stops at, and what a real run then does, as Terraform shows its
 * plan. Each line names the writes that make the change.
 */
export function showPlan(context: EngineContext, changes: Change[]): void {
  context.recorder.planned(changes)
  const { logger } = context
  if (changes.length === 0) {
    logger.info('Plan: no changes. Partner Center already holds what was asked for.')
    return
  }
  logger.info(`Plan: ${changes.length} change${changes.length === 1 ? '' : 's'}`)
  for (const change of changes) {
    const writes = change.writes.length > 0 ? change.writes.join(', ') : 'no write'
    if (change.field === undefined) {
      logger.info(`  ${change.kind}: ${change.description} [${writes}]`)
      continue
    }
    // A field's or an image's row, or a plan created: module · offer or plan · field · before →
    // after (Terraform's attribute lines).
    logger.info(
      `  ${change.module} · ${change.subject} · ${change.field}: ${change.from} → ${change.to} [${writes}]`
    )
    for (const line of change.diff?.split('\n') ?? []) logger.info(`      ${line}`)
  }
}
