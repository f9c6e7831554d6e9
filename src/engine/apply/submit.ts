import type { Submission } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import { buildSubmissionRequest, sameDrafts } from '../plan/submission.js'
import type { OfferSnapshot } from '../read/offer.js'
import type { Change } from '../result.js'
import { createOnce } from './create-once.js'

/**
 * Submits every module draft to preview (§6.1 step 12), exactly once: after an answer that
 * leaves it unknown whether it was made (a dropped connection, a 5xx), a new submission of the
 * same drafts is this one. Marks `change` done.
 */
export async function createSubmission(
  context: EngineContext,
  offer: OfferSnapshot,
  change: Change
): Promise<Submission> {
  const { client, logger } = context
  const productId = offer.product.id
  const body = buildSubmissionRequest(offer)
  const before = new Set(offer.submissions.map((submission) => submission.id))
  const { value: created } = await createOnce({
    create: () => client.createSubmission(productId, body),
    find: async () =>
      (await client.listSubmissions(productId)).find(
        (submission) => !before.has(submission.id) && sameDrafts(submission, body)
      ),
    what: 'the submission',
    logger,
    signal: context.signal
  })
  logger.info(`Submission ${created.id} created`)
  context.recorder.done(change, `Created submission ${created.id} to preview`)
  return created
}
