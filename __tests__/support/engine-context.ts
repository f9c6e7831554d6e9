import type { EngineContext, Services } from '../../src/engine/context.js'
import { Recorder } from '../../src/engine/recorder.js'
import { newRunResult, type RunResult } from '../../src/engine/result.js'
import type { RunRequest } from '../../src/engine/run-request.js'

/** An engine context around test services, with a fresh result to inspect as `run`. */
export function engineContext(
  services: Services,
  request: Partial<RunRequest> = {}
): { context: EngineContext; run: RunResult } {
  const full: RunRequest = {
    command: 'publish',
    offerId: 'contoso-app',
    target: 'preview',
    waitTimeoutMs: 0,
    onConflict: 'fail',
    dryRun: false,
    ...request
  }
  const run = newRunResult(full.command, full.dryRun, full.target)
  return { context: { ...services, request: full, recorder: new Recorder(run) }, run }
}
