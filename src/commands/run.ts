import type { Services } from '../engine/context.js'
import { Recorder } from '../engine/recorder.js'
import { newRunResult, type RunResult } from '../engine/result.js'
import type { RunRequest } from '../engine/run-request.js'
import { commandNamed } from './index.js'

/**
 * Runs one command and always returns its result: on failure with status `failed` and the
 * error, and everything done before it, so the caller can still report what changed.
 */
export async function runCommand(request: RunRequest, services: Services): Promise<RunResult> {
  const command = commandNamed(request.command)
  const run = newRunResult(
    request.command,
    request.dryRun,
    command.takesTarget ? request.target : undefined
  )
  const recorder = new Recorder(run)
  recorder.started({ offerId: request.offerId, title: command.title(request) })
  const timedGroup: Services['group'] = async (name, work) => {
    const started = Date.now()
    try {
      return await services.group(name, work)
    } finally {
      recorder.phase(name, (Date.now() - started) / 1000)
    }
  }
  try {
    const work = await command.load()
    await work({ ...services, group: timedGroup, request, recorder })
  } catch (error) {
    recorder.failed(error)
    if (services.signal.aborted) recorder.note(describeInterruption(run))
  }
  return run
}

/**
 * What a cancelled run did not get to, and why running it again is safe: every step finds what
 * an earlier run left (packages by file name, a bound package by its version, a submission by
 * its drafts) and continues from there.
 */
function describeInterruption(run: RunResult): string {
  const unfinished = run.plans
    .filter((plan) => plan.state !== 'bound' && plan.state !== 'reused')
    .map((plan) => `plan ${plan.planId} stopped at ${plan.state}`)
  if (run.command === 'publish' && run.target !== 'draft') {
    unfinished.push(
      run.submission
        ? `submission ${run.submission.id} was made and goes on in Partner Center`
        : 'no submission was created'
    )
  }
  const what = unfinished.length > 0 ? `Cancelled: ${unfinished.join('; ')}. ` : 'Cancelled. '
  return run.command === 'publish'
    ? `${what}Run the same publish again to finish: it continues with the packages and the ` +
        'submission this run left, without uploading the same package or submitting twice.'
    : `${what}Nothing was left half-done; run the command again.`
}
