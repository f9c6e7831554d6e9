import { findProduct } from '../offer.js'
import { finish, followSubmission, promote } from '../follow.js'
import { RequestError, type RunRequest } from '../request.js'
import type { RunResult } from '../result.js'
import type { Services } from '../services.js'
import { describeState } from '../submission-state.js'
import { isPreviewReady, latestSubmission } from '../submission.js'

/** go-live: promotes the submission whose preview is ready, and follows it if asked to wait. */
export async function goLive(
  request: RunRequest,
  services: Services,
  run: RunResult
): Promise<void> {
  const { client } = services
  const { product, ready } = await services.group('Find the preview-ready submission', async () => {
    const product = await findProduct(services, request, run)
    const submissions = await client.listSubmissions(product.id)
    const ready = latestSubmission(submissions.filter(isPreviewReady))
    if (!ready) {
      const latest = latestSubmission(submissions)
      throw new RequestError(
        latest
          ? `No submission is waiting to go live: the newest, ${latest.id}, is ${describeState(latest)}. ` +
              'Promote once its preview is ready (Published/ReadyToPublish); `command: status` shows where it is.'
          : 'The offer has no submission to promote. Publish to preview first.'
      )
    }
    return { product, ready }
  })
  if (request.dryRun) {
    run.changes.push({ description: `Promote submission ${ready.id} to live`, done: false })
    run.status = 'dry-run'
    return
  }
  await services.group('Promote to live', () => promote(services, product.id, ready, run))
  const promoted = await client.getSubmission(product.id, ready.id)
  if (request.waitTimeoutMs > 0) {
    await services.group('Wait for live', () =>
      followSubmission(
        services,
        product.id,
        promoted,
        'live',
        Date.now() + request.waitTimeoutMs,
        run,
        'promoted'
      )
    )
  } else {
    await finish(services, product.id, promoted, run, 'promoted', false)
  }
}
