import { PartnerCenterError } from '../../partner-center/errors.js'
import type { Submission } from '../../partner-center/types.js'
import type { EngineContext } from '../context.js'
import { cancelChange } from '../plan/submission-changes.js'
import { blocksNewSubmission, describeState } from '../read/submission-state.js'
import { latestSubmission } from '../read/submissions.js'
import { RequestError } from '../run-request.js'
import { resolveConflict } from './conflicts.js'
import { commandLine, setting } from '../../naming.js'

/** Sentinel of publishOption.releaseTimeInUtc when none was set (§5.13). */
const NO_TIME = /^0001-01-01/

/**
 * Names a submission for the user: id, name, state/substate, and when it was made as far as
 * Partner Center tells. The API has no creation time (§5.13); the release time a client set on
 * creation is the closest, when present.
 */
export function describeSubmission(submission: Submission): string {
  const release = submission.publishOption?.releaseTimeInUtc
  const when =
    release && !NO_TIME.test(release)
      ? `created for release at ${release}`
      : 'creation time not reported by Partner Center'
  const name = submission.friendlyName ? ` "${submission.friendlyName}"` : ''
  return `submission ${submission.id}${name} (${describeState(submission)}, ${when})`
}

/**
 * Creates the submission; when that answers 409 because a submission appeared after the run's
 * own check (another pipeline, a person in the UI: reference §9.21), reads the submissions again,
 * names the blocking one and applies `on-conflict`: fail (an error naming it, with the remedies),
 * wait for it, or cancel it; then creates once more. One retry only: a second 409 is final.
 */
export async function createDespiteLateConflict(
  context: EngineContext,
  productId: string,
  create: () => Promise<Submission>
): Promise<Submission> {
  const { request } = context
  try {
    return await create()
  } catch (error) {
    if (!(error instanceof PartnerCenterError) || error.status !== 409) throw error
    const blocking = latestSubmission(
      (await context.client.listSubmissions(productId)).filter(blocksNewSubmission)
    )
    if (!blocking) throw error
    const named = describeSubmission(blocking)
    context.logger.warning(
      `Creating the submission answered 409: ${named} appeared after this run checked (${setting('on-conflict', request.onConflict)})`
    )
    if (request.onConflict === 'fail') {
      throw new RequestError(
        `Partner Center refused the new submission (409): ${named} was created after this run ` +
          'checked, and Partner Center accepts one submission at a time. The packages are ' +
          'uploaded and bound in the draft. Wait for that submission and run again, cancel it ' +
          `(${commandLine('cancel')}) and run again, or set \`${setting('on-conflict', 'wait')}\` or \`${setting('on-conflict', 'cancel')}\`.`,
        [
          { command: 'cancel' },
          { input: 'on-conflict', value: 'wait' },
          { input: 'on-conflict', value: 'cancel' }
        ]
      )
    }
    // Not in the plan, which saw no such submission: the cancel is recorded as it is made.
    const cancel = request.onConflict === 'cancel' ? cancelChange(productId, blocking) : undefined
    if (cancel) context.recorder.planned([cancel])
    await resolveConflict(context, productId, blocking, cancel)
    return create()
  }
}
