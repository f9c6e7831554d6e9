import type { EngineContext } from '../engine/context.js'
import { finish, followSubmission, promote } from '../engine/apply/follow.js'
import { showPlan } from '../engine/plan/show.js'
import { promoteChange } from '../engine/plan/submission-changes.js'
import { findProduct } from '../engine/read/offer.js'
import { describeState } from '../engine/read/submission-state.js'
import { isPreviewReady, latestSubmission } from '../engine/read/submissions.js'
import { RequestError } from '../engine/run-request.js'
import { commandLine } from '../naming.js'

/** go-live: promotes the submission whose preview is ready, and follows it if asked to wait. */
export async function runGoLive(context: EngineContext): Promise<void> {
  const { client, request, recorder } = context
  const { product, ready } = await context.group('Find the preview-ready submission', async () => {
    const product = await findProduct(context)
    const submissions = await client.listSubmissions(product.id)
    const ready = latestSubmission(submissions.filter(isPreviewReady))
    if (!ready) {
      const latest = latestSubmission(submissions)
      throw new RequestError(
        latest
          ? `No submission is waiting to go live: the newest, ${latest.id}, is ${describeState(latest)}. ` +
              `Promote once its preview is ready (Published/ReadyToPublish); ${commandLine('status')} shows where it is.`
          : 'The offer has no submission to promote. Publish to preview first.'
      )
    }
    return { product, ready }
  })
  const change = promoteChange(product.id, ready, { whenReady: false })
  showPlan(context, [change])
  if (request.dryRun) {
    recorder.status('dry-run')
    return
  }
  await context.group('Promote to live', () => promote(context, product.id, ready, change))
  const promoted = await client.getSubmission(product.id, ready.id)
  const productId = product.id
  if (request.waitTimeoutMs > 0) {
    await context.group('Wait for live', () =>
      followSubmission(context, promoted, 'live', Date.now() + request.waitTimeoutMs, {
        productId,
        action: 'promoted'
      })
    )
  } else {
    await finish(context, promoted, {
      productId,
      action: 'promoted',
      timedOut: false,
      followed: false
    })
  }
}
