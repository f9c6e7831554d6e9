import { cancel } from './commands/cancel.js'
import { check } from './commands/check.js'
import { goLive } from './commands/go-live.js'
import { publish } from './commands/publish.js'
import { status } from './commands/status.js'
import type { RunRequest } from './request.js'
import { newRunResult, type Command, type RunResult } from './result.js'
import type { Services } from './services.js'

const COMMANDS: Record<
  Command,
  (request: RunRequest, services: Services, run: RunResult) => Promise<void>
> = {
  publish,
  status,
  'go-live': goLive,
  cancel,
  check
}

/**
 * Runs one command and always returns its result: on failure with status `failed` and the
 * error, and everything done before it, so the caller can still report what changed.
 */
export async function runCommand(request: RunRequest, services: Services): Promise<RunResult> {
  const run = newRunResult(
    request.command,
    request.dryRun,
    request.command === 'publish' ? request.target : undefined
  )
  run.offerId = request.offerId || undefined
  const timedGroup: Services['group'] = async (name, work) => {
    const started = Date.now()
    try {
      return await services.group(name, work)
    } finally {
      run.phases.push({ name, seconds: (Date.now() - started) / 1000 })
    }
  }
  try {
    await COMMANDS[request.command](request, { ...services, group: timedGroup }, run)
  } catch (error) {
    run.status = 'failed'
    run.error = error instanceof Error ? error.message : String(error)
    if (services.signal.aborted) run.notes.push(describeInterruption(run))
  }
  return run
}

/**
 * What a cancelled run did not get to, and why running it again is safe: every step finds what
 * an earlier run left (packages by file name, a bound package by its version, a submission by
 * its drafts) and continues from there.
 */
export function describeInterruption(run: RunResult): string {
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
