import type { EngineContext } from '../engine/context.js'
import { findProduct } from '../engine/read/offer.js'
import { statusOf } from '../engine/read/submission-state.js'
import { latestSubmission, reportSubmission } from '../engine/read/submissions.js'

/** status: reports the newest submission, its workflow steps and any validation messages. */
export function runStatus(context: EngineContext): Promise<void> {
  return context.group('Read the latest submission', () => readStatus(context))
}

async function readStatus(context: EngineContext): Promise<void> {
  const { client, recorder } = context
  const product = await findProduct(context)
  const latest = latestSubmission(await client.listSubmissions(product.id))
  if (!latest) {
    recorder.status('no-submission')
    recorder.note('The offer has no submission yet.')
    return
  }
  await reportSubmission(context, product.id, latest, 'reported')
  recorder.status(statusOf(latest))
  context.logger.info(
    `Submission ${latest.id}: ${latest.state}/${latest.substate} → ${statusOf(latest)}`
  )
}
