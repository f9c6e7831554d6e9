import { PartnerCenterError } from '../../partner-center/errors.js'
import type { Submission } from '../../partner-center/types.js'
import { resolveConflict } from '../../publish/conflicts.js'
import { RequestError, type RunRequest } from '../../publish/request.js'
import type { RunResult } from '../../publish/result.js'
import type { Services } from '../../publish/services.js'
import { blocksNewSubmission, describeState } from '../../publish/submission-state.js'
import { latestSubmission } from '../../publish/submission.js'

/** With on-conflict: wait and no wait-timeout, how long to wait for the late submission (ms). */
const DEFAULT_WAIT_MS = 60 * 60_000
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
  create: () => Promise<Submission>,
  services: Services,
  productId: string,
  request: Pick<RunRequest, 'onConflict' | 'waitTimeoutMs'>,
  run: RunResult
): Promise<Submission> {
  try {
    return await create()
  } catch (error) {
    if (!(error instanceof PartnerCenterError) || error.status !== 409) throw error
    const blocking = latestSubmission(
      (await services.client.listSubmissions(productId)).filter(blocksNewSubmission)
    )
    if (!blocking) throw error
    const named = describeSubmission(blocking)
    services.logger.warning(
      `Creating the submission answered 409: ${named} appeared after this run checked (on-conflict: ${request.onConflict})`
    )
    if (request.onConflict === 'fail') {
      throw new RequestError(
        `Partner Center refused the new submission (409): ${named} was created after this run ` +
          'checked, and Partner Center accepts one submission at a time. The packages are ' +
          'uploaded and bound in the draft. Wait for that submission and run again, cancel it ' +
          '(`command: cancel`) and run again, or set `on-conflict: wait` or `on-conflict: cancel`.'
      )
    }
    const deadline = Date.now() + (request.waitTimeoutMs || DEFAULT_WAIT_MS)
    await resolveConflict(services, productId, blocking, request.onConflict, deadline, false, run)
    return create()
  }
}
