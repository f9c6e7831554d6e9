/**
 * History growth: the same 2-plan publish to preview on offers with 1, 50 and 500 earlier
 * releases (processed packages and archived submissions, emulator `scenario.history`), at the
 * realistic page size and at the emulator's default of 2. Runs are interleaved (1, 50, 500, 1,
 * 50, 500, …) so that every history size sees the same machine load; each figure is a ratio to
 * the 1-release offer of the same page size. Goal: the same number of requests whatever the
 * history, and no more wall time.
 */
import { figure, median, type Figure } from './lib/report.js'
import { measurePublishOnce, type PublishMeasurement } from './publish-path.js'
import { REALISTIC_PAGE_SIZE } from './lib/action.js'

const HISTORIES = [1, 50, 500] as const
const PAGE_SIZES = [REALISTIC_PAGE_SIZE, 2] as const
const RUNS = 3

export interface HistoryResult {
  figures: Figure[]
  details: Record<string, { history: number; wallMs: number[]; calls: number[] }[]>
}

const range = (values: number[]): string =>
  `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`

export async function historyBenchmark(): Promise<HistoryResult> {
  const figures: Figure[] = []
  const details: HistoryResult['details'] = {}
  for (const pageSize of PAGE_SIZES) {
    const runs = new Map<number, PublishMeasurement[]>(HISTORIES.map((count) => [count, []]))
    for (let run = 0; run < RUNS; run++) {
      for (const history of HISTORIES) {
        runs.get(history)!.push(await measurePublishOnce(2, { history, pageSize }))
      }
    }
    const wall = (history: number) => runs.get(history)!.map((run) => run.wallMs)
    const calls = (history: number) => runs.get(history)!.map((run) => run.calls)
    details[`pageSize${pageSize}`] = HISTORIES.map((history) => ({
      history,
      wallMs: wall(history),
      calls: calls(history)
    }))
    for (const history of HISTORIES.slice(1)) {
      figures.push(
        figure({
          benchmark: '7 history',
          name: `${history} earlier releases, page size ${pageSize}: requests`,
          value: median(calls(history)),
          unit: 'calls',
          reference: { name: '1 release', value: median(calls(1)) },
          goal: '1.00× (flat)',
          pass: (ratio) => ratio === 1
        }),
        figure({
          benchmark: '7 history',
          name: `${history} earlier releases, page size ${pageSize}: wall time (min–max ${range(wall(history))} ms)`,
          value: median(wall(history)),
          unit: 'ms',
          reference: { name: `1 release (${range(wall(1))})`, value: median(wall(1)) },
          goal: '≤ 1.1×',
          pass: (ratio) => ratio <= 1.1
        })
      )
    }
  }
  return { figures, details }
}
