import type { EngineContext, Services } from '../../src/engine/context.js'
import { Recorder } from '../../src/engine/recorder.js'
import { newRunResult, type RunResult } from '../../src/engine/result.js'
import type { RunRequest } from '../../src/engine/run-request.js'

/** A publish to preview of the sample offer, with `overrides`. */
export function testRequest(overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    command: 'publish',
    offerId: 'contoso-app',
    target: 'preview',
    waitTimeoutMs: 0,
    onConflict: 'fail',
    dryRun: false,
    ...overrides
  }
}

/** An engine context around test services, with a fresh result to inspect as `run`. */
export function engineContext(
  services: Services,
  request: Partial<RunRequest> = {}
): { context: EngineContext; run: RunResult } {
  const full = testRequest(request)
  const run = newRunResult(full.command, full.dryRun, full.target)
  return { context: { ...services, request: full, recorder: new Recorder(run) }, run }
}
