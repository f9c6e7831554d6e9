/**
 * 1. Start-up: from spawning dist/index.js to its first HTTP request, and its peak RSS over a
 * 2-plan publish to preview, and a run that fails fast on its inputs (none given), spawn to
 * exit; each as a ratio to a bare `node -e ''` (spawn to exit, peak RSS) measured in the same
 * run; and the CLI's (dist/cli/index.js) spawn to first request of a `status`. Runs alternate so
 * that all see the same machine load; medians, with min–max. The CPU time each child used up to
 * its first request, against bare node's in all, is given for context: on a shared machine it
 * moves far less with the load than the wall times do.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { startEmulator } from '../emulator/index.js'
import { INSTANT_PROCESSING, measureAction, REALISTIC_PAGE_SIZE } from './lib/action.js'
import { usageProbe } from './lib/measured.js'
import { figure, median, type Figure } from './lib/report.js'
import { recordTimeline } from './lib/timeline.js'
import { planWorkspace } from './lib/workspace.js'
import { emulatorFlags, runCli } from '../scripts/run-cli.js'
import { SAMPLE, type Emulator } from '../emulator/index.js'
import type { Timeline } from './lib/timeline.js'
import { ACTION_ENTRY } from '../scripts/run-action.js'

const RUNS = 7

export interface StartupResult {
  figures: Figure[]
  /** Median spawn-to-exit of a bare Node process: the floor of any run of the action. */
  bareNodeMs: number
  details: Record<string, unknown>
}

interface SpawnToExit {
  ms: number
  peakRssMiB: number
  /** CPU time (user + system) in all. */
  cpuMs: number
}

/** Spawn to exit of `node <args>` with an empty environment but PATH, its peak RSS and CPU time. */
async function spawnToExit(args: string[]): Promise<SpawnToExit> {
  const probe = await usageProbe()
  try {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', ...probe.env },
      stdio: 'ignore'
    })
    const spawnedAt = performance.now()
    await once(child, 'exit')
    const ms = performance.now() - spawnedAt
    return { ms, peakRssMiB: await probe.peakRssMiB(), cpuMs: (await probe.cpuMs()).total }
  } finally {
    await probe.dispose()
  }
}

export async function startupBenchmark(): Promise<StartupResult> {
  const workspace = await planWorkspace(['standard', 'premium'])
  const bare: SpawnToExit[] = []
  const failFast: SpawnToExit[] = []
  const action: {
    firstRequestMs: number
    peakRssMiB: number
    wallMs: number
    cpuMsToFirstRequest: number
  }[] = []
  const cli: { firstRequestMs: number; cpuMsToFirstRequest: number }[] = []
  try {
    for (let run = 0; run < RUNS; run++) {
      bare.push(await spawnToExit(['-e', '']))
      // No inputs: the action fails on them before it signs in (the quickest failure a user sees).
      failFast.push(await spawnToExit([ACTION_ENTRY]))
      // A fresh offer each time, so that every run uploads (a re-run would reuse the packages).
      const emulator = await startEmulator({
        timings: INSTANT_PROCESSING,
        pageSize: REALISTIC_PAGE_SIZE
      })
      try {
        const timeline = recordTimeline(emulator)
        const measured = await measureAction(emulator, timeline, {
          cwd: workspace.dir
        })
        action.push({
          firstRequestMs: measured.requests[0].startMs - measured.spawnedAt,
          peakRssMiB: measured.peakRssMiB,
          wallMs: measured.wallMs,
          cpuMsToFirstRequest: measured.cpuMs.firstSocket ?? NaN
        })
        cli.push(await cliFirstRequestMs(emulator, timeline, workspace.dir))
      } finally {
        await emulator.close()
      }
    }
  } finally {
    await workspace.dispose()
  }
  const bareNodeMs = median(bare.map((run) => run.ms))
  const bareRss = median(bare.map((run) => run.peakRssMiB))
  const firstRequestMs = median(action.map((run) => run.firstRequestMs))
  const range = (values: number[]) =>
    `min–max ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms`
  const bareRange = range(bare.map((run) => run.ms))
  const peakRss = median(action.map((run) => run.peakRssMiB))
  const cliFirstRequest = median(cli.map((run) => run.firstRequestMs))
  const bareCpu = { name: "node -e '' (in all)", value: median(bare.map((run) => run.cpuMs)) }
  return {
    bareNodeMs,
    figures: [
      figure({
        benchmark: '1 start-up',
        name: `fail fast on inputs: spawn → exit (${range(failFast.map((run) => run.ms))})`,
        value: median(failFast.map((run) => run.ms)),
        unit: 'ms',
        reference: { name: `node -e '' (${bareRange})`, value: bareNodeMs },
        goal: '≤ 3×',
        pass: (ratio) => ratio <= 3
      }),
      figure({
        benchmark: '1 start-up',
        name: `spawn → first HTTP request (${range(action.map((run) => run.firstRequestMs))})`,
        value: firstRequestMs,
        unit: 'ms',
        reference: { name: "node -e ''", value: bareNodeMs },
        goal: '≤ 4×',
        pass: (ratio) => ratio <= 4
      }),
      figure({
        benchmark: '1 start-up',
        name: 'CLI: spawn → first HTTP request (status)',
        value: cliFirstRequest,
        unit: 'ms',
        reference: { name: "node -e ''", value: bareNodeMs },
        goal: '< 3×',
        pass: (ratio) => ratio < 3
      }),
      figure({
        benchmark: '1 start-up',
        name: 'CPU time to the first request',
        value: median(action.map((run) => run.cpuMsToFirstRequest)),
        unit: 'ms',
        reference: bareCpu,
        goal: '(context)'
      }),
      figure({
        benchmark: '1 start-up',
        name: 'CLI: CPU time to the first request (status)',
        value: median(cli.map((run) => run.cpuMsToFirstRequest)),
        unit: 'ms',
        reference: bareCpu,
        goal: '(context)'
      }),
      figure({
        benchmark: '1 start-up',
        name: 'peak RSS (2-plan publish)',
        value: peakRss,
        unit: 'MiB',
        reference: { name: "node -e ''", value: bareRss },
        goal: '< 3×',
        pass: (ratio) => ratio < 3
      })
    ],
    details: { runs: RUNS, bare, failFast, action, cli }
  }
}

/** The CLI's `status` of the offer just published: spawn → its first request to the emulator. */
async function cliFirstRequestMs(
  emulator: Emulator,
  timeline: Timeline,
  cwd: string
): Promise<{ firstRequestMs: number; cpuMsToFirstRequest: number }> {
  timeline.clear()
  const probe = await usageProbe()
  let spawnedAt = 0
  try {
    const run = await runCli(
      ['status', '--offer-id', SAMPLE.offerId, ...emulatorFlags(emulator.url)],
      { cwd, env: probe.env, onSpawn: () => (spawnedAt = performance.now()) }
    )
    if (run.exitCode !== 0) throw new Error(`The CLI failed (exit ${run.exitCode}):\n${run.stderr}`)
    return {
      firstRequestMs: timeline.requests[0].startMs - spawnedAt,
      cpuMsToFirstRequest: (await probe.cpuMs()).firstSocket ?? NaN
    }
  } finally {
    await probe.dispose()
  }
}
