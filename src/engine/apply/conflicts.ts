import type { Submission } from '../partner-center/types.js'
import { pollUntil } from './polling.js'
import type { OnConflict } from './request.js'
import { RequestError } from './request.js'
import type { RunResult } from './result.js'
import type { Services } from './services.js'
import { blocksNewSubmission, canBeCancelled, describeState } from './submission-state.js'

/**
 * Another submission is on its way (§6.3). Partner Center accepts one at a time, so apply the
 * user's `on-conflict` choice before anything is written.
 */
export async function resolveConflict(
  services: Services,
  productId: string,
  blocking: Submission,
  onConflict: OnConflict,
  deadline: number,
  dryRun: boolean,
  run: RunResult
): Promise<void> {
  const what = `Submission ${blocking.id} is in progress (${describeState(blocking)})`
  if (onConflict === 'fail') {
    throw new RequestError(
      `${what}, and Partner Center accepts one submission at a time. Wait for it, cancel it ` +
        '(`command: cancel`), or set `on-conflict: wait` or `on-conflict: cancel`.'
    )
  }
  if (onConflict === 'cancel') {
    if (!canBeCancelled(blocking)) {
      throw new RequestError(
        `${what} and can no longer be cancelled: it is going live. Set \`on-conflict: wait\`.`
      )
    }
    run.changes.push({
      description: `Cancel submission ${blocking.id} (${describeState(blocking)})`,
      done: !dryRun
    })
    if (dryRun) return
    await services.client.deleteSubmission(productId, blocking.id)
    services.logger.info(`${what}: cancelled it, as on-conflict is cancel`)
    return
  }
  if (dryRun) {
    run.notes.push(`${what}; a real run would wait for it (on-conflict: wait).`)
    return
  }
  services.logger.info(`${what}: waiting for it to finish (on-conflict: wait)`)
  const outcome = await pollUntil({
    read: () => services.client.getSubmission(productId, blocking.id),
    done: (current) => !blocksNewSubmission(current),
    key: describeState,
    onChange: (current) =>
      services.logger.info(`Submission ${blocking.id}: ${describeState(current)}`),
    interval: services.polling.submission,
    deadline,
    signal: services.signal
  })
  if (outcome.timedOut) {
    throw new RequestError(
      `${what} and still was when the wait ran out. Run again later, or set \`on-conflict: cancel\`.`
    )
  }
}
