import type { Submission } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import { pollUntil } from '../polling.js'
import { blocksNewSubmission, describeState } from '../read/submission-state.js'
import type { Change } from '../result.js'
import { RequestError } from '../run-request.js'
import { setting } from '../../naming.js'

/** With `on-conflict: wait` and no wait-timeout, how long to wait for someone else's submission. */
const DEFAULT_CONFLICT_WAIT_MS = 60 * 60_000

/**
 * Clears the way for a new submission (§6.3), as the plan decided (plan/publish-plan.ts): deletes
 * the submission in progress when the plan has a `cancel-submission` change, else waits until it
 * is no longer in progress, up to wait-timeout (an hour without one). Throws RequestError when
 * the wait runs out.
 */
export async function resolveConflict(
  context: EngineContext,
  productId: string,
  blocking: Submission,
  cancel: Change | undefined
): Promise<void> {
  const { client, logger, request } = context
  const what = `Submission ${blocking.id} is in progress (${describeState(blocking)})`
  if (cancel) {
    await client.deleteSubmission(productId, blocking.id)
    logger.info(`${what}: cancelled it (${setting('on-conflict', 'cancel')})`)
    context.recorder.done(cancel)
    return
  }
  logger.info(`${what}: waiting for it to finish (${setting('on-conflict', 'wait')})`)
  const outcome = await pollUntil({
    read: () => client.getSubmission(productId, blocking.id),
    done: (current) => !blocksNewSubmission(current),
    key: describeState,
    onChange: (current) => logger.info(`Submission ${blocking.id}: ${describeState(current)}`),
    interval: context.polling.submission,
    deadline: Date.now() + (request.waitTimeoutMs || DEFAULT_CONFLICT_WAIT_MS),
    signal: context.signal,
    progress: { to: context.progress, label: `Submission ${blocking.id}` }
  })
  if (outcome.timedOut) {
    throw new RequestError(
      `${what} and still was when the wait ran out. Run again later, or set \`${setting('on-conflict', 'cancel')}\`.`,
      [{ input: 'on-conflict', value: 'cancel' }]
    )
  }
}
