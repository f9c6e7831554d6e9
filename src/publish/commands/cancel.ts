import { findProduct } from '../offer.js'
import type { RunRequest } from '../request.js'
import type { RunResult } from '../result.js'
import type { Services } from '../services.js'
import { canBeCancelled, describeState, statusOf } from '../submission-state.js'
import { latestSubmission, reportSubmission } from '../submission.js'

/** cancel: deletes the submission in progress, the only way the API cancels one (§5.13). */
export async function cancel(
  request: RunRequest,
  services: Services,
  run: RunResult
): Promise<void> {
  const { client, logger } = services
  await services.group('Cancel the submission in progress', async () => {
    const product = await findProduct(services, request, run)
    const submissions = await client.listSubmissions(product.id)
    const target = latestSubmission(submissions.filter(canBeCancelled))
    if (!target) {
      const latest = latestSubmission(submissions)
      run.status = latest ? statusOf(latest) : 'no-submission'
      if (latest) await reportSubmission(services, product.id, latest, 'reported', run)
      run.notes.push(
        latest
          ? `Nothing to cancel: the newest submission, ${latest.id}, is ${describeState(latest)}.`
          : 'Nothing to cancel: the offer has no submission.'
      )
      logger.warning(run.notes[run.notes.length - 1])
      return
    }
    if (request.dryRun) {
      run.changes.push({
        description: `Cancel submission ${target.id} (${describeState(target)})`,
        done: false
      })
      run.status = 'dry-run'
      return
    }
    await client.deleteSubmission(product.id, target.id)
    logger.info(`Submission ${target.id} (${describeState(target)}) cancelled`)
    run.changes.push({ description: `Cancelled submission ${target.id}`, done: true })
    run.submission = {
      id: target.id,
      target: 'preview',
      state: target.state ?? '',
      substate: target.substate ?? '',
      action: 'cancelled',
      steps: []
    }
    run.status = 'cancelled'
  })
}
