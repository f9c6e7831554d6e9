import type { EngineContext } from '../engine/context.js'
import { showPlan } from '../engine/plan/show.js'
import { cancelChange } from '../engine/plan/submission-changes.js'
import { findProduct } from '../engine/read/offer.js'
import { canBeCancelled, describeState, statusOf } from '../engine/read/submission-state.js'
import { latestSubmission, reportSubmission } from '../engine/read/submissions.js'

/** cancel: deletes the submission in progress, the only way the API cancels one (§5.13). */
export function runCancel(context: EngineContext): Promise<void> {
  return context.group('Cancel the submission in progress', () => cancelInProgress(context))
}

async function cancelInProgress(context: EngineContext): Promise<void> {
  const { client, logger, recorder } = context
  const product = await findProduct(context)
  const submissions = await client.listSubmissions(product.id)
  const target = latestSubmission(submissions.filter(canBeCancelled))
  if (!target) {
    const latest = latestSubmission(submissions)
    recorder.status(latest ? statusOf(latest) : 'no-submission')
    if (latest) await reportSubmission(context, product.id, latest, 'reported')
    const note = latest
      ? `Nothing to cancel: the newest submission, ${latest.id}, is ${describeState(latest)}.`
      : 'Nothing to cancel: the offer has no submission.'
    recorder.note(note)
    logger.warning(note)
    return
  }
  const change = cancelChange(product.id, target)
  showPlan(context, [change])
  if (context.request.dryRun) {
    recorder.status('dry-run')
    return
  }
  await client.deleteSubmission(product.id, target.id)
  logger.info(`Submission ${target.id} (${describeState(target)}) cancelled`)
  recorder.done(change, `Cancelled submission ${target.id}`)
  recorder.submission({
    id: target.id,
    target: 'preview',
    state: target.state ?? '',
    substate: target.substate ?? '',
    action: 'cancelled',
    steps: []
  })
  recorder.status('cancelled')
}
