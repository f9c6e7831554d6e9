import { cancel } from './commands/cancel.js'
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
  cancel
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
  run.offerId = request.offerId
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
  }
  return run
}
