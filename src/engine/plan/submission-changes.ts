import type { Submission } from '../../partner-center/types.js'
import { canBeCancelled, describeState } from '../read/submission-state.js'
import type { Change } from '../result.js'
import { RequestError } from '../run-request.js'
import { setting } from '../../naming.js'

/**
 * The change that deletes a submission in progress (§5.13: the API's only way to cancel one;
 * "only inprogress Submission can be deleted"). Throws RequestError, before any write, for one
 * that can no longer be cancelled (going live): `on-conflict: wait` is the way then.
 */
export function cancelChange(productId: string, submission: Submission): Change {
  if (!canBeCancelled(submission)) {
    throw new RequestError(
      `Submission ${submission.id} is in progress (${describeState(submission)}) and can no ` +
        `longer be cancelled: it is going live. Set \`${setting('on-conflict', 'wait')}\`.`,
      [{ input: 'on-conflict', value: 'wait' }]
    )
  }
  return {
    kind: 'cancel-submission',
    module: 'Submission',
    subject: productId,
    from: describeState(submission),
    to: 'deleted',
    writes: ['DELETE submissions'],
    description: `Cancel submission ${submission.id} (${describeState(submission)})`,
    done: false
  }
}

/**
 * The change that promotes a submission to live (§5.13). `submission`: an existing one (else the
 * one this run creates); `whenReady`: it is promoted once its preview is ready, not now.
 */
export function promoteChange(
  productId: string,
  submission: Submission | undefined,
  { whenReady }: { whenReady: boolean }
): Change {
  const which = submission ? `submission ${submission.id}` : 'the submission'
  return {
    kind: 'promote-submission',
    module: 'Submission',
    subject: productId,
    from: submission ? describeState(submission) : 'preview',
    to: 'live',
    writes: ['POST promote'],
    description: `Promote ${which} to live${whenReady ? ' once the preview is ready' : ''}`,
    done: false
  }
}
