/**
 * Runs the bundled action (dist/index.js) as the runner does, through `runAction`, against the
 * emulator, and measures it: wall time from spawn to exit, peak RSS, and the emulator's view of
 * the calls it made.
 */
import type { Emulator, Timings } from '../../emulator/index.js'
import { emulatorInputs, runAction, type ActionRun } from '../../scripts/run-action.js'
import type { RunResult } from '../../src/engine/result.js'
import { usageProbe } from './measured.js'
import type { Timeline, TimedRequest } from './timeline.js'

export interface MeasuredRun {
  run: ActionRun
  result: RunResult
  /** performance.now() when the child was spawned. */
  spawnedAt: number
  wallMs: number
  peakRssMiB: number
  /** CPU time (ms) of the child in all and to its first request (`UsageProbe.cpuMs`). */
  cpuMs: { total: number; firstSocket?: number }
  requests: TimedRequest[]
}

export async function measureAction(
  emulator: Emulator,
  timeline: Timeline,
  options: { cwd: string; inputs?: Record<string, string>; env?: Record<string, string> }
): Promise<MeasuredRun> {
  const probe = await usageProbe()
  timeline.clear()
  let spawnedAt = 0
  try {
    const run = await runAction({
      cwd: options.cwd,
      inputs: { ...emulatorInputs(emulator.url), ...options.inputs },
      env: { GITHUB_REF: 'refs/tags/v1.2.3', ...probe.env, ...options.env },
      onSpawn: () => (spawnedAt = performance.now())
    })
    const wallMs = performance.now() - spawnedAt
    if (run.exitCode !== 0) {
      // The runner consumes ::add-mask:: commands; they carry the secrets, so they stay out.
      const log = run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n')
      throw new Error(`The action failed (exit ${run.exitCode}):\n${log.slice(-3000)}`)
    }
    return {
      run,
      result: JSON.parse(run.outputs.result ?? '{}') as RunResult,
      spawnedAt,
      wallMs,
      peakRssMiB: await probe.peakRssMiB(),
      cpuMs: await probe.cpuMs(),
      requests: [...timeline.requests]
    }
  } finally {
    await probe.dispose()
  }
}

/** The service answers at once: what remains is the action's own time and its round trips. */
export const INSTANT_PROCESSING: Partial<Timings> = {
  packageProcessing: 0,
  validation: 0,
  previewCreation: 0,
  certification: 0,
  publish: 0
}

/**
 * Page size for the collections. Partner Center's real page size is not documented; the
 * emulator's default of 2 exists to exercise paging, and would add a nextLink round trip per
 * two plans that is the emulator's, not the action's.
 */
export const REALISTIC_PAGE_SIZE = 100
