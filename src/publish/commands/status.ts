import { findProduct } from '../offer.js'
import type { RunRequest } from '../request.js'
import type { RunResult } from '../result.js'
import type { Services } from '../services.js'
import { statusOf } from '../submission-state.js'
import { latestSubmission, reportSubmission } from '../submission.js'

/** status: reports the newest submission, its workflow steps and any validation messages. */
export async function status(
  request: RunRequest,
  services: Services,
  run: RunResult
): Promise<void> {
  const { client } = services
  await services.group('Read the latest submission', async () => {
    const product = await findProduct(services, request, run)
    const latest = latestSubmission(await client.listSubmissions(product.id))
    if (!latest) {
      run.status = 'no-submission'
      run.notes.push('The offer has no submission yet.')
      return
    }
    await reportSubmission(services, product.id, latest, 'reported', run)
    run.status = statusOf(latest)
    services.logger.info(
      `Submission ${latest.id}: ${latest.state}/${latest.substate} → ${run.status}`
    )
  })
}
